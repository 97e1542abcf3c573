import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Float64Column, readTable } from '../data/index.js';
import type { Platform } from '../platform.js';
import { redisUnavailable, TEST_REDIS_URL, tempDir } from '../testing/services.js';
import { batchWorkspace, inputTable, writeInput } from './batch.fixture.js';

const skip = await redisUnavailable();
const CHILD = new URL('./worker-child.fixture.ts', import.meta.url).pathname;

interface Child {
  process: ChildProcess;
  chunks: number;
  ready: Promise<void>;
}

function startWorker(dir: string, queue: string): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, queue, '2000'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const state: Child = { process: child, chunks: 0, ready: Promise.resolve() };
  state.ready = new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d;
      state.chunks = (out.match(/chunk /g) ?? []).length;
      if (out.includes('ready')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`worker exited ${code}`)));
  });
  state.ready.catch(() => undefined);
  return state;
}

describe.skipIf(skip !== undefined)('distributed batch on BullMQ', () => {
  const dir = tempDir('flywheel-dist-');
  let platform: Platform;
  let modelDir: string;
  let input: string;
  const workers: Child[] = [];
  beforeAll(async () => {
    ({ platform, modelDir } = await batchWorkspace(dir.path));
    input = await writeInput(dir.path, 'in.parquet', inputTable(20_000));
  }, 60_000);
  afterAll(async () => {
    for (const w of workers) if (w.process.exitCode === null) w.process.kill('SIGKILL');
    await platform.close();
    dir.cleanup();
  });

  it('two workers, one killed mid-job: the output equals the local one, every row once', async () => {
    const queue = `${TEST_REDIS_URL}?queue=t${process.pid}${Math.random().toString(36).slice(2, 8)}`;
    const base = { model: modelDir, input, idColumn: 'id', chunkRows: 200, cwd: dir.path };
    const local = await platform.batch.predict({
      ...base,
      output: join(dir.path, 'local.parquet'),
      threads: 1,
    });
    workers.push(startWorker(dir.path, queue), startWorker(dir.path, queue));
    await Promise.all(workers.map((w) => w.ready));
    const job = platform.batch.predict({ ...base, output: join(dir.path, 'dist.parquet'), queue });
    const victim = workers[0]!;
    while (victim.chunks < 5) await new Promise((r) => setTimeout(r, 20));
    victim.process.kill('SIGKILL');
    const summary = await job;
    expect(summary).toMatchObject({ rows: 20_000, scored: 20_000, failed: 0, chunks: 100 });
    expect(workers[1]!.chunks).toBeGreaterThan(0);
    const a = await readTable(join(dir.path, 'local.parquet'), {
      columns: ['id', 'prediction', 'model_version'],
    });
    const b = await readTable(join(dir.path, 'dist.parquet'), {
      columns: ['id', 'prediction', 'model_version'],
    });
    expect(b.rowCount).toBe(local.rows);
    expect(Array.from((b.columns[0] as Float64Column).values)).toEqual(
      Array.from((a.columns[0] as Float64Column).values),
    );
    expect(Array.from((b.columns[1] as Float64Column).values)).toEqual(
      Array.from((a.columns[1] as Float64Column).values),
    );
  }, 120_000);
});
