import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Float64Column, readTable } from '../data/index.js';
import type { Platform } from '../platform.js';
import { redisUnavailable, TEST_REDIS_URL, tempDir } from '../testing/services.js';
import { batchWorkspace, inputTable, TEST_QUEUE_SECRET, writeInput } from './batch.fixture.js';
import { startWorker, type WorkerChild } from './distributed.fixture.js';

const skip = await redisUnavailable();

describe.skipIf(skip !== undefined)('distributed batch on BullMQ', () => {
  const dir = tempDir('flywheel-dist-');
  let platform: Platform;
  let modelDir: string;
  let input: string;
  const workers: WorkerChild[] = [];
  beforeAll(async () => {
    ({ platform, modelDir } = await batchWorkspace(dir.path, { FLYWHEEL_QUEUE_SECRET: TEST_QUEUE_SECRET }));
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
      columns: ['id', 'prob_1', 'model_version'],
    });
    const b = await readTable(join(dir.path, 'dist.parquet'), {
      columns: ['id', 'prob_1', 'model_version'],
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
