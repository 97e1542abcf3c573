// `flywheel … | head`: the reader closes the pipe early; the command must neither crash with an
// EPIPE stack trace nor stop before its end.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../testing/services.js';

const CHILD = new URL('./pipe-child.fixture.ts', import.meta.url).pathname;

/** Run the child, close its stdout after the first bytes; its exit code, stderr and whether it finished. */
function runAndCloseEarly(
  marker: string,
  ...args: string[]
): Promise<{ code: number | null; stderr: string; finished: boolean }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, marker, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  child.stdout.once('data', () => child.stdout.destroy());
  return new Promise((resolve) =>
    child.on('exit', (code) =>
      resolve({ code, stderr, finished: existsSync(marker) && readFileSync(marker, 'utf8') === 'finished' }),
    ),
  );
}

describe('output into a pipe closed early', () => {
  const dir = tempDir('flywheel-pipe-');
  afterAll(() => dir.cleanup());

  it('is dropped: the command finishes, exits 0 and prints no EPIPE error', async () => {
    const run = await runAndCloseEarly(join(dir.path, 'protected'));
    expect(run.stderr).not.toMatch(/EPIPE/);
    expect(run.code).toBe(0);
    expect(run.finished).toBe(true);
  });

  it('crashes a process without the handler (what the test above guards against)', async () => {
    const run = await runAndCloseEarly(join(dir.path, 'unprotected'), '--unprotected');
    expect(run.stderr).toMatch(/EPIPE/);
    expect(run.code).not.toBe(0);
    expect(run.finished).toBe(false);
  });
});
