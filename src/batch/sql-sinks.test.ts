import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '../platform.js';
import { postgresUnavailable, TEST_POSTGRES_URL, tempDir } from '../testing/services.js';
import { batchWorkspace, inputTable, writeBadCsv, writeInput } from './batch.fixture.js';

const skip = await postgresUnavailable();

describe.skipIf(skip !== undefined)('batch predict into PostgreSQL', () => {
  const dir = tempDir('flywheel-batch-pg-');
  const table = `scores_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  let platform: Platform;
  let modelDir: string;
  let input: string;
  const jobs: string[] = [];
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  beforeAll(async () => {
    ({ platform, modelDir } = await batchWorkspace(dir.path));
    input = await writeInput(dir.path, 'in.parquet', inputTable(1000));
    await client.connect();
  }, 60_000);
  afterAll(async () => {
    for (const t of [table, `${table}_errors`, `${table}_other`])
      await client.query(`DROP TABLE IF EXISTS "${t}"`);
    await client
      .query('DELETE FROM _flywheel_batch_chunks WHERE job_id = ANY($1)', [jobs])
      .catch(() => undefined);
    await client.end();
    await platform.close();
    dir.cleanup();
  });

  it('commits each chunk once: a resume of the finished job adds no row', async () => {
    const output = `${TEST_POSTGRES_URL}#${table}`;
    const summary = await platform.batch.predict({
      model: modelDir,
      input,
      output,
      idColumn: 'id',
      chunkRows: 300,
      threads: 1,
      cwd: dir.path,
    });
    jobs.push(summary.jobId);
    expect(summary).toMatchObject({ scored: 1000, chunks: 4 });
    await platform.batch.resume(summary.jobId, { threads: 1 });
    const r = await client.query(
      `SELECT count(*)::int AS n, count(DISTINCT id)::int AS d, min(id)::int AS lo FROM "${table}"`,
    );
    expect(r.rows[0]).toEqual({ n: 1000, d: 1000, lo: 1000 });
    const bad = await platform.batch.predict({
      model: modelDir,
      input: writeBadCsv(dir.path),
      output: `${TEST_POSTGRES_URL}#${table}_other`,
      idColumn: 'id',
      threads: 1,
      cwd: dir.path,
    });
    jobs.push(bad.jobId);
    expect(bad).toMatchObject({ scored: 4, failed: 2 });
    const errors = await client.query(`SELECT id::int, reason FROM "${table}_other_errors" ORDER BY row`);
    expect(errors.rows).toEqual([
      { id: 3, reason: 'feature "x1" is numeric but holds the text "abc"' },
      { id: 5, reason: 'feature "x2" is +Infinity' },
    ]);
    await client.query(`DROP TABLE IF EXISTS "${table}_other_errors"`);
  });

  it('refuses an existing table with another schema, and a server that is down', async () => {
    await client.query(`CREATE TABLE IF NOT EXISTS "${table}_other" (a text)`).catch(() => undefined);
    await expect(
      platform.batch.predict({
        model: modelDir,
        input,
        output: `${TEST_POSTGRES_URL}#${table}_other`,
        threads: 1,
        cwd: dir.path,
      }),
    ).rejects.toMatchObject({ code: 'SCHEMA_MISMATCH' });
    await expect(
      platform.batch.predict({
        model: modelDir,
        input,
        output: 'postgres://u:secret@127.0.0.1:1/db#t',
        threads: 1,
        cwd: dir.path,
      }),
    ).rejects.toMatchObject({ code: 'BACKEND_UNAVAILABLE', message: expect.not.stringContaining('secret') });
  });
});
