// Several processes and dying processes: every point from two writers lands; runs whose process
// ends are FINISHED or FAILED, never left RUNNING.
import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initWorkspace, openPlatform, type Platform } from '../platform.js';
import { tempDir } from '../testing/services.js';

const fixture = join(import.meta.dirname, 'run-writer.fixture.ts');

function child(args: string[]): {
  proc: ChildProcess;
  done: Promise<number | null>;
  firstLine: Promise<string>;
} {
  const proc = fork(fixture, args, { execArgv: ['--import', 'tsx'], stdio: 'pipe' });
  let err = '';
  proc.stderr?.on('data', (d) => {
    err += d;
  });
  const firstLine = new Promise<string>((resolve, reject) => {
    let out = '';
    proc.stdout?.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    proc.on('exit', () => reject(new Error(`child printed nothing; stderr: ${err}`)));
  });
  firstLine.catch(() => undefined);
  const done = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return { proc, done, firstLine };
}

describe('tracking across processes', () => {
  const dir = tempDir();
  let p: Platform;
  beforeAll(async () => {
    await initWorkspace(dir.path, { env: {} });
    p = await openPlatform({ cwd: dir.path, env: {} });
  });
  afterAll(async () => {
    await p.close();
    dir.cleanup();
  });

  it('keeps every point when two processes log into the same run at once', async () => {
    const run = await p.tracking.startRun({ experiment: 'shared', git: false });
    const writers = [
      child(['log', dir.path, run.id, '0', '3000']),
      child(['log', dir.path, run.id, '3000', '3000']),
    ];
    expect(await Promise.all(writers.map((w) => w.done))).toEqual([0, 0]);
    await run.end();
    const history = await p.tracking.metricHistory(run.id, 'm');
    expect(history).toHaveLength(6000);
    // Each writer logged value = step for steps 0…2999 and 3000…5999: all 6,000 distinct steps.
    expect(history.map((h) => h.step)).toEqual(Array.from({ length: 6000 }, (_, i) => i));
    expect(history.every((h) => h.value === h.step)).toBe(true);
    expect((await p.tracking.getRun(run.id)).metrics.m).toMatchObject({ value: 5999, step: 5999 });
  });

  it('ends a run FINISHED when its process exits normally without run.end(), FAILED on a non-zero exit code', async () => {
    const ok = child(['start', dir.path, 'exit']);
    const bad = child(['start', dir.path, 'fail']);
    const [okId, badId] = await Promise.all([ok.firstLine, bad.firstLine]);
    expect(await Promise.all([ok.done, bad.done])).toEqual([0, 3]);
    expect(await p.tracking.getRun(okId)).toMatchObject({ status: 'FINISHED', statusReason: null });
    expect(await p.tracking.getRun(badId)).toMatchObject({
      status: 'FAILED',
      statusReason: 'the process exited with code 3',
    });
  });

  it('marks a run FAILED when its process is stopped by SIGTERM, and the process still stops', async () => {
    const c = child(['start', dir.path, 'hang']);
    const id = await c.firstLine;
    c.proc.kill('SIGTERM');
    await c.done;
    expect(c.proc.signalCode).toBe('SIGTERM');
    expect(await p.tracking.getRun(id)).toMatchObject({
      status: 'FAILED',
      statusReason: 'the process received SIGTERM',
    });
  });

  it('marks a run FAILED on the next sweep when its process died without a word (process.exit, SIGKILL)', async () => {
    const crash = child(['start', dir.path, 'crash']);
    const hang = child(['start', dir.path, 'hang']);
    const [crashId, hangId] = await Promise.all([crash.firstLine, hang.firstLine]);
    hang.proc.kill('SIGKILL');
    await Promise.all([crash.done, hang.done]);
    // The hang child's own start-up sweep may already have failed the crashed run; the SIGKILLed
    // one can only be caught by a sweep after it died, this one.
    const swept = await p.tracking.sweep();
    expect(swept.map((s) => s.id)).toContain(hangId);
    for (const id of [crashId, hangId]) {
      const run = await p.tracking.getRun(id);
      expect(run.status).toBe('FAILED');
      expect(run.statusReason).toMatch(/^its process \d+ on .* exited without ending the run$/);
    }
  });
});
