// The README's table of commands ("The CLI so far") names every command the CLI has, and every
// subcommand of a command group, so a reader of the README does not miss one (docs/cli.md, the
// generated reference, has every option).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProgram } from './main.js';

const README = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');

/** The first cell of each row of the table under "## The CLI so far", code marks and escapes removed. */
function tableCommands(): string[] {
  const start = README.indexOf('## The CLI so far');
  expect(start).toBeGreaterThanOrEqual(0);
  const section = README.slice(start, README.indexOf('\n## ', start + 1));
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `flywheel'))
    .map((line) => line.replace(/\\\|/g, '¦').split('|')[1]!.replace(/`/g, '').trim());
}

describe('the README command table', () => {
  it('lists every top-level command and every subcommand', () => {
    const { program } = buildProgram({ stdout: process.stdout, stderr: process.stderr }, {});
    const cells = tableCommands();
    const missing: string[] = [];
    for (const command of program.commands) {
      const name = command.name();
      const rows = cells.filter((c) => c.startsWith(`flywheel ${name} `) || c === `flywheel ${name}`);
      if (rows.length === 0) missing.push(name);
      for (const sub of command.commands) {
        const word = new RegExp(`(^|[\\s¦])${sub.name()}(\\s|$)`);
        if (!rows.some((r) => word.test(r.slice(`flywheel ${name}`.length))))
          missing.push(`${name} ${sub.name()}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
