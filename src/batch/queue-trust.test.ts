import { appendFileSync, existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Queue } from 'bullmq';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '../platform.js';
import {
  postgresUnavailable,
  redisUnavailable,
  TEST_POSTGRES_URL,
  TEST_REDIS_URL,
  tempDir,
} from '../testing/services.js';
import { batchWorkspace, inputTable, TEST_QUEUE_SECRET, writeInput } from './batch.fixture.js';
import type { ChunkTask } from './chunk-task.js';
import { startWorker, type WorkerChild } from './distributed.fixture.js';
import { parseRedisUrl } from './redis.js';
import { modelDigest } from './run-job.js';
import { signTask, taskId } from './task-signing.js';

const skip = await redisUnavailable();
const noPostgres = await postgresUnavailable();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(skip !== undefined)('batch workers act only on signed tasks, within their own limits', () => {
  const dir = tempDir('flywheel-trust-');
  const outside = tempDir('flywheel-outside-');
  const name = `trust${process.pid}${Math.random().toString(36).slice(2, 8)}`;
  const queueUrl = `${TEST_REDIS_URL}?queue=${name}`;
  const pgTable = `trust_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  let platform: Platform;
  let queue: Queue;
  let worker: WorkerChild;
  let input: string;
  let digest: string;
  let modelFiles: Record<string, string>;
  let n = 0;

  beforeAll(async () => {
    let modelDir: string;
    ({ platform, modelDir } = await batchWorkspace(dir.path, { FLYWHEEL_QUEUE_SECRET: TEST_QUEUE_SECRET }));
    const run = await platform.tracking.startRun({ experiment: 'models', git: false });
    await run.logArtifact(modelDir, { name: 'model' });
    await run.end();
    await platform.registry.registerVersion({ name: 'm', runId: run.id, artifact: 'model' });
    digest = modelDigest(await platform.loadModel('m:1'));
    modelFiles = Object.fromEntries(
      (await platform.tracking.getRun(run.id)).artifacts.map((a) => [
        a.path.slice('model/'.length),
        a.digest,
      ]),
    );
    input = await writeInput(dir.path, 'in.parquet', inputTable(1000));
    await writeInput(outside.path, 'in.parquet', inputTable(1000));
    if (noPostgres === undefined)
      appendFileSync(
        join(dir.path, 'flywheel.yaml'),
        `batch:\n  worker:\n    outputs: [".", "${TEST_POSTGRES_URL}"]\n`,
      );
    queue = new Queue(name, { connection: parseRedisUrl(queueUrl) });
    worker = startWorker(dir.path, queueUrl);
    await worker.ready;
  }, 60_000);

  afterAll(async () => {
    if (worker?.process.exitCode === null) worker.process.kill('SIGKILL');
    await queue?.obliterate({ force: true }).catch(() => undefined);
    await queue?.close();
    if (noPostgres === undefined) {
      const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await client.connect();
      for (const t of [pgTable, `${pgTable}_errors`]) await client.query(`DROP TABLE IF EXISTS "${t}"`);
      await client.end();
    }
    await platform.close();
    dir.cleanup();
    outside.cleanup();
  });

  /** A task of a job of its own (1000 input rows, chunk 0 = rows 0-99) into a SQLite file in the workspace. */
  function task(over: Partial<ChunkTask> = {}): ChunkTask {
    const jobId = `job${++n}`;
    return {
      jobId,
      index: 0,
      file: input,
      fileStart: 0,
      rows: 100,
      startRow: 0,
      columns: ['id', 'x1', 'x2', 'x3'],
      present: ['x1', 'x2', 'x3'],
      idColumn: 'id',
      idSchema: { name: 'id', sourceType: 'DOUBLE', kind: 'float64' },
      modelVersion: 'm:1',
      modelDigest: digest,
      output: `sqlite://${join(dir.path, `${jobId}.db`)}#scores`,
      chunkDir: join(dir.path, '.flywheel', 'batch', jobId),
      ...over,
    };
  }

  const signed = (t: ChunkTask, now = Date.now(), secret = TEST_QUEUE_SECRET) =>
    signTask(secret, t, { queue: name, now, ttlMs: 3_600_000 });

  /** Put `data` on the queue as the coordinator would (5 attempts) and wait until it is settled. */
  async function outcome(id: string, data: unknown) {
    await queue.add('chunk', data, { jobId: id, attempts: 5, backoff: { type: 'fixed', delay: 200 } });
    for (;;) {
      const state = await queue.getJobState(id);
      if (state === 'failed' || state === 'completed') {
        const job = (await queue.getJob(id))!; // read after it settled: its fields are final
        return { state, reason: job.failedReason, attempts: job.attemptsMade };
      }
      await sleep(25);
    }
  }

  /** `t` was refused without retry for `why`, and its SQLite output was never created. */
  async function expectRefused(id: string, data: unknown, t: ChunkTask, why: RegExp) {
    const result = await outcome(id, data);
    expect(result).toMatchObject({ state: 'failed', attempts: 1 });
    expect(result.reason).toMatch(/^refused: /);
    expect(result.reason).toMatch(why);
    const db = /^sqlite:\/\/(.*)#/.exec(t.output)?.[1];
    if (db !== undefined) expect(existsSync(db), `${db} was written`).toBe(false);
  }

  it('refuses an unsigned task, even one that names the model objects and digest right', async () => {
    // The old task format: everything a worker used to need, pointing outside the workspace.
    const t = task({
      file: join(outside.path, 'in.parquet'),
      output: `sqlite://${outside.path}/stolen.db#scores`,
    });
    await expectRefused(taskId(t), { ...t, modelFiles, cwd: outside.path }, t, /not a signed Flywheel task/);
  });

  it('refuses a task signed with another secret, changed after signing, expired or replayed', async () => {
    const other = task();
    await expectRefused(
      taskId(other),
      signed(other, Date.now(), 'another-secret-of-at-least-32-chars'),
      other,
      /signature does not match/,
    );
    const changed = task();
    const envelope = signed(changed);
    const moved = { ...changed, output: `sqlite://${outside.path}/changed.db#scores` };
    await expectRefused(taskId(changed), { ...envelope, task: moved }, moved, /signature does not match/);
    expect(existsSync(join(outside.path, 'changed.db'))).toBe(false);
    const old = task();
    await expectRefused(taskId(old), signed(old, Date.now() - 2 * 3_600_000), old, /expired/);
    const replayed = task();
    await expectRefused(`${replayed.jobId}-7`, signed(replayed), replayed, /signed as .*-0 but came as .*-7/);
    const future = task();
    await expectRefused(taskId(future), signed(future, Date.now() + 3_600_000), future, /in the future/);
  });

  it('refuses a signed task that reads or writes outside what the worker allows', async () => {
    const far = task({ file: join(outside.path, 'in.parquet') });
    await expectRefused(taskId(far), signed(far), far, /outside the folders this worker may read/);
    symlinkSync(join(outside.path, 'in.parquet'), join(dir.path, 'link.parquet'));
    const linked = task({ file: join(dir.path, 'link.parquet') });
    await expectRefused(taskId(linked), signed(linked), linked, /outside the folders this worker may read/);
    const glob = task({ file: join(dir.path, '*.parquet') });
    await expectRefused(taskId(glob), signed(glob), glob, /one \.parquet file/);
    const away = task({ output: `sqlite://${outside.path}/away.db#scores` });
    await expectRefused(taskId(away), signed(away), away, /outside the folders this worker may write/);
    const state = task({ output: `sqlite://${dir.path}/.flywheel/metadata.db#scores` });
    await expectRefused(taskId(state), signed(state), { ...state, output: '' }, /own state/);
    const tables = new Database(join(dir.path, '.flywheel', 'metadata.db'), { readonly: true })
      .prepare("SELECT name FROM sqlite_master WHERE name = 'scores'")
      .all();
    expect(tables).toEqual([]);
    const reserved = task({ output: `sqlite://${dir.path}/r.db#_flywheel_batch_chunks` });
    await expectRefused(taskId(reserved), signed(reserved), reserved, /reserved/);
    const db = task({ output: 'postgres://postgres@127.0.0.1:5432/elsewhere#scores' });
    await expectRefused(taskId(db), signed(db), db, /not a database \(and table\) this worker may write/);
    const folder = task({ output: join(dir.path, 'out.parquet'), chunkDir: join(outside.path, 'job') });
    await expectRefused(taskId(folder), signed(folder), folder, /not this worker's folder for the job/);
    expect(existsSync(join(outside.path, 'job'))).toBe(false);
  });

  it("refuses a signed task whose model is not the worker's registry's", async () => {
    const wrong = task({ modelDigest: 'ab'.repeat(32) });
    await expectRefused(
      taskId(wrong),
      signed(wrong),
      wrong,
      /not the digest of m:1 in this worker's registry/,
    );
    const absent = task({ modelVersion: 'm:9' });
    await expectRefused(taskId(absent), signed(absent), absent, /m:9 is not in this worker's registry/);
    const folder = task({ modelVersion: join(dir.path, 'model') });
    await expectRefused(
      taskId(folder),
      signed(folder),
      folder,
      /no batch job .* in this worker's metadata store/,
    );
  });

  it('fails a corrupt input chunk once, without retry, and keeps running', async () => {
    const bytes = readFileSync(input);
    for (let i = 200; i < bytes.length - 1500; i += 5) bytes[i] = (bytes[i]! * 31 + 7) & 255;
    writeFileSync(join(dir.path, 'corrupt.parquet'), bytes);
    const t = task({ file: join(dir.path, 'corrupt.parquet') });
    const result = await outcome(taskId(t), signed(t));
    expect(result).toMatchObject({ state: 'failed', attempts: 1 });
    expect(result.reason).toMatch(/Cannot read rows 0-100 of .*corrupt\.parquet/);
    expect(worker.process.exitCode).toBeNull();
  });

  it('after all that, scores a real job exactly once; the log says why each task was refused, never the secret', async () => {
    const output = join(dir.path, 'good.db');
    const summary = await platform.batch.predict({
      model: 'm:1',
      input,
      output: `sqlite://${output}#scores`,
      idColumn: 'id',
      chunkRows: 250,
      queue: queueUrl,
      cwd: dir.path,
    });
    expect(summary).toMatchObject({ rows: 1000, scored: 1000, failed: 0, chunks: 4 });
    const db = new Database(output, { readonly: true });
    expect(db.prepare('SELECT count(*) AS n, count(DISTINCT id) AS d FROM scores').get()).toEqual({
      n: 1000,
      d: 1000,
    });
    db.close();
    expect(worker.process.exitCode).toBeNull();
    const refusals = worker.stderr.split('\n').filter((l) => l.includes('"batch task refused"'));
    expect(refusals.length).toBeGreaterThanOrEqual(15);
    expect(JSON.parse(refusals[0]!)).toMatchObject({
      level: 'warn',
      task: expect.any(String),
      reason: expect.any(String),
    });
    expect(worker.stdout).toMatch(/^failed job\d+-0 refused not a signed Flywheel task/m);
    expect(worker.stderr + worker.stdout).not.toContain(TEST_QUEUE_SECRET);
  }, 60_000);

  it.skipIf(noPostgres !== undefined)(
    'writes to an allowed PostgreSQL with its own URL, never to a reserved table',
    async () => {
      const reserved = task({ output: `${TEST_POSTGRES_URL}#_flywheel_batch_chunks` });
      await expectRefused(taskId(reserved), signed(reserved), reserved, /reserved/);
      // The submitter's URL carries a password the worker never sees: it connects with its own.
      const withPassword = new URL(TEST_POSTGRES_URL);
      withPassword.password = 'not-the-workers-password';
      const summary = await platform.batch.predict({
        model: 'm:1',
        input,
        output: `${withPassword.href}#${pgTable}`,
        idColumn: 'id',
        chunkRows: 500,
        queue: queueUrl,
        cwd: dir.path,
      });
      expect(summary).toMatchObject({ rows: 1000, scored: 1000, chunks: 2 });
      const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await client.connect();
      const r = await client.query(
        `SELECT count(*)::int AS n, count(DISTINCT id)::int AS d FROM "${pgTable}"`,
      );
      await client.end();
      expect(r.rows[0]).toEqual({ n: 1000, d: 1000 });
    },
    60_000,
  );
});

describe('distributed batch jobs need a queue secret', () => {
  const dir = tempDir('flywheel-nosecret-');
  let platform: Platform;
  let modelDir: string;
  beforeAll(async () => {
    ({ platform, modelDir } = await batchWorkspace(dir.path));
  }, 60_000);
  afterAll(async () => {
    await platform.close();
    dir.cleanup();
  });

  it('refuses predict --queue and a worker without one, before anything is created', async () => {
    const queue = 'redis://127.0.0.1:1';
    await expect(platform.batch.worker({ queue })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringMatching(/queue secret of at least 32 characters \(none is set\)/),
      hint: expect.stringContaining('FLYWHEEL_QUEUE_SECRET'),
    });
    const input = await writeInput(dir.path, 'in.parquet', inputTable(10));
    const output = join(dir.path, 'out.parquet');
    await expect(
      platform.batch.predict({ model: modelDir, input, output, queue, cwd: dir.path }),
    ).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    expect(await platform.tracking.searchRuns()).toEqual([]);
  });

  it('refuses a short secret without printing it', async () => {
    const { openPlatform } = await import('../platform.js');
    const error = await openPlatform({ cwd: dir.path, env: { FLYWHEEL_QUEUE_SECRET: 'short-secret' } }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining('FLYWHEEL_QUEUE_SECRET'),
    });
    expect(JSON.stringify(error)).not.toContain('short-secret');
    expect((error as Error).message).not.toContain('short-secret');
  });
});
