import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Float64Column, readTable } from '../data/index.js';
import type { Platform } from '../platform.js';
import { tempDir } from '../testing/services.js';
import { batchWorkspace, inputTable, writeInput } from './batch.fixture.js';

const CHILD = new URL('./kill-child.fixture.ts', import.meta.url).pathname;

/** Start the child; resolves with it once it printed the job id. `rows()` is its latest progress. */
function startChild(
  args: string[],
): Promise<{ child: ChildProcess; jobId: string; finished: Promise<boolean>; rows: () => number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d));
  const finished = new Promise<boolean>((resolve) => child.on('exit', () => resolve(out.includes('done'))));
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      out += d;
      const m = /job (\S+)\n/.exec(out);
      const rows = () => Number([...out.matchAll(/rows (\d+)\n/g)].at(-1)?.[1] ?? 0);
      if (m) resolve({ child, jobId: m[1]!, finished, rows });
    });
    child.on('exit', (code) => {
      if (!/job /.test(out)) reject(new Error(`child exited ${code} before starting: ${err}`));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('batch resume after SIGKILL', () => {
  const dir = tempDir('flywheel-resume-');
  let platform: Platform;
  let modelDir: string;
  let input: string;
  beforeAll(async () => {
    ({ platform, modelDir } = await batchWorkspace(dir.path));
    input = await writeInput(dir.path, 'in.parquet', inputTable(20_000));
  }, 60_000);
  afterAll(async () => {
    await platform.close();
    dir.cleanup();
  });

  it('killed at 5 moments and resumed each time, the output equals the uninterrupted one exactly', async () => {
    const reference = join(dir.path, 'ref.parquet');
    await platform.batch.predict({
      model: modelDir,
      input,
      output: reference,
      idColumn: 'id',
      chunkRows: 50,
      threads: 1,
      cwd: dir.path,
    });
    const output = join(dir.path, 'out.parquet');
    // Kill moments: when the job has done this many of its 20,000 rows (committed chunks count, as
    // do chunks an earlier attempt committed), fixed so a failure can be replayed, and independent
    // of how fast the machine is.
    const moments = [1_500, 6_100, 9_050, 13_600, 18_025];
    let jobId = '';
    let kills = 0;
    for (const moment of moments) {
      const started =
        jobId === ''
          ? await startChild(['start', dir.path, modelDir, input, output, '50'])
          : await startChild(['resume', dir.path, jobId]);
      jobId = started.jobId;
      while (started.child.exitCode === null && started.rows() < moment) await sleep(2);
      if (started.child.exitCode === null) {
        started.child.kill('SIGKILL');
        kills++;
      }
      await started.finished;
    }
    expect(kills).toBeGreaterThanOrEqual(3);
    const summary = await platform.batch.resume(jobId, { threads: 1 });
    expect(summary).toMatchObject({ rows: 20_000, scored: 20_000, failed: 0, chunks: 400 });
    expect(summary.resumedChunks).toBeGreaterThan(0);
    const a = await readTable(reference, { columns: ['id', 'prob_1'] });
    const b = await readTable(output, { columns: ['id', 'prob_1'] });
    expect(b.rowCount).toBe(20_000);
    expect(Array.from((b.columns[0] as Float64Column).values)).toEqual(
      Array.from((a.columns[0] as Float64Column).values),
    );
    expect(Array.from((b.columns[1] as Float64Column).values)).toEqual(
      Array.from((a.columns[1] as Float64Column).values),
    );
  }, 120_000);
});
