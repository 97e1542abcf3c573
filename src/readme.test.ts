// Runs the README walkthrough's setup lines (a shell block) and then every `$ flywheel …` line, in
// order, in a temporary folder, so the README cannot drift from what the CLI does.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync } from 'node:fs';
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

function walkthroughSection(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('## Walkthrough');
  return readme.slice(start, readme.indexOf('\n## ', start + 1));
}

/** The lines of the walkthrough's ```sh block: run from the repository's root before the commands. */
function setupLines(): string[] {
  const block = /```sh\n([\s\S]*?)```/.exec(walkthroughSection());
  return block ? block[1]!.split('\n').filter((l) => l.trim() !== '') : [];
}

function walkthrough(): Array<{ args: string[]; exit: number; line: string }> {
  return walkthroughSection()
    .split('\n')
    .filter((l) => l.startsWith('$ flywheel '))
    .map((line) => {
      const [command, comment = ''] = line.slice('$ flywheel '.length).split(/\s+#\s+/);
      const exit = /exits (\d+)/.exec(comment);
      return { args: words(command!), exit: exit ? Number(exit[1]) : 0, line };
    });
}

describe('README walkthrough', () => {
  it('sets up the folder with its shell lines, then runs every command with the exit code it states', async () => {
    const steps = walkthrough();
    expect(steps.length).toBeGreaterThanOrEqual(9);
    const setup = setupLines();
    expect(setup.length).toBeGreaterThan(0);
    const dir = tempDir();
    try {
      // A stand-in for the repository's root: the examples, nothing else. The lines run in one
      // shell (as typed), which must end in the workspace folder; its path is printed last.
      cpSync(join(ROOT, 'examples'), join(dir.path, 'examples'), { recursive: true });
      const script = `set -e\n${setup.join('\n')}\npwd\n`;
      const ws = execFileSync('bash', ['-c', script], { cwd: dir.path, encoding: 'utf8' }).trim();
      expect(existsSync(join(ws, 'data', 'churn-2025-h1.csv'))).toBe(true);
      expect(existsSync(join(ws, 'churn.suite.yaml'))).toBe(true);
      for (const step of steps) {
        const r = await runCli(['-C', ws, ...step.args]);
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
