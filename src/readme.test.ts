// Runs every `$ flywheel …` line of the README walkthrough, in order, in a temporary folder with
// the example data, so the README cannot drift from what the CLI does.
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './testing/cli.js';
import { tempDir } from './testing/services.js';

const ROOT = join(import.meta.dirname, '..');

/** Split a command line into words (double and single quotes group; no other shell syntax). */
function words(line: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (const m of line.matchAll(re)) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}

function walkthrough(): Array<{ args: string[]; exit: number; line: string }> {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('## Walkthrough');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  return section
    .split('\n')
    .filter((l) => l.startsWith('$ flywheel '))
    .map((line) => {
      const [command, comment = ''] = line.slice('$ flywheel '.length).split(/\s+#\s+/);
      const exit = /exits (\d+)/.exec(comment);
      return { args: words(command!), exit: exit ? Number(exit[1]) : 0, line };
    });
}

describe('README walkthrough', () => {
  it('runs every command in order with the exit code the README states', async () => {
    const steps = walkthrough();
    expect(steps.length).toBeGreaterThanOrEqual(9);
    const dir = tempDir();
    try {
      cpSync(join(ROOT, 'examples', 'data'), join(dir.path, 'data'), { recursive: true });
      cpSync(join(ROOT, 'examples', 'churn.suite.yaml'), join(dir.path, 'churn.suite.yaml'));
      for (const step of steps) {
        const r = await runCli(['-C', dir.path, ...step.args]);
        expect({ line: step.line, code: r.code, stderr: r.stderr.slice(0, 500) }).toEqual({
          line: step.line,
          code: step.exit,
          stderr: expect.any(String),
        });
      }
    } finally {
      dir.cleanup();
    }
  }, 120_000);
});
