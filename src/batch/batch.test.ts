import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type DictionaryColumn,
  type Float64Column,
  float64Column,
  readTable,
  type Table,
} from '../data/index.js';
import { nativeCopy, nativeCopyUnavailableReason } from '../data/native.js';
import { loadModel, saveModel } from '../models/index.js';
import type { Platform } from '../platform.js';
import { tempDir } from '../testing/services.js';
import { trainModel } from '../training/index.js';
import { batchWorkspace, inputTable, TEST_QUEUE_SECRET, writeBadCsv, writeInput } from './batch.fixture.js';
import { defaultChunkRows } from './run-job.js';
import { SharedChunkBuffers } from './shared-buffers.js';

describe('default chunk size', () => {
  it('is the largest power of two of rows within 32 MiB of float64 columns, between 2^14 and 2^18', () => {
    // 32 MiB / (8 B × 31 columns) = 135,300 rows → 131,072; / (8 × 100) = 41,943 → 32,768.
    expect(defaultChunkRows(31)).toBe(131_072);
    expect(defaultChunkRows(100)).toBe(32_768);
    expect(defaultChunkRows(1)).toBe(262_144);
    expect(defaultChunkRows(1000)).toBe(16_384);
  });
});

describe('batch predict', () => {
  const dir = tempDir('flywheel-batch-');
  let platform: Platform;
  let modelDir: string;
  let input: string;
  beforeAll(async () => {
    ({ platform, modelDir } = await batchWorkspace(dir.path, { FLYWHEEL_QUEUE_SECRET: TEST_QUEUE_SECRET }));
    input = await writeInput(dir.path, 'in.parquet', inputTable(1000));
  }, 60_000);
  afterAll(async () => {
    await platform.close();
    dir.cleanup();
  });

  it('scores every row in chunks, equal to model.predict on the whole table, with id, version and job id', async () => {
    const output = join(dir.path, 'out.parquet');
    const summary = await platform.batch.predict({
      model: modelDir,
      input,
      output,
      idColumn: 'id',
      chunkRows: 128,
      threads: 1,
      cwd: dir.path,
    });
    expect(summary).toMatchObject({ rows: 1000, scored: 1000, failed: 0, chunks: 8, resumedChunks: 0 });
    const out = await readTable(output);
    // A binary model: the decided label (threshold 0.5: none stored), both probabilities, the action.
    expect(out.names).toEqual(['id', 'prediction', 'prob_0', 'prob_1', 'action', 'model_version', 'job_id']);
    // The constant columns are text in the file, one value on every row.
    const [version, job] = [out.columns[5]!, out.columns[6]!];
    expect(
      version.kind === 'dictionary' && version.dictionary.length === 1 && version.codes.every((c) => c === 0),
    ).toBe(true);
    expect(job.kind === 'dictionary' && job.dictionary).toEqual([summary.jobId]);
    // Reference: the model on the whole table at once (chunking must not change a value).
    const reference = (await loadModel(modelDir)).predict(inputTable(1000)).values;
    const ids = (out.columns[0] as Float64Column).values;
    const got = (out.columns[3] as Float64Column).values;
    expect(Array.from(ids)).toEqual(Array.from({ length: 1000 }, (_, i) => 1000 + i));
    expect(Array.from(got)).toEqual(Array.from(reference));
    const labels = out.columns[1] as DictionaryColumn;
    expect(Array.from(labels.codes, (c) => labels.dictionary[c])).toEqual(
      Array.from(reference, (p) => (p >= 0.5 ? '1' : '0')),
    );
    const run = await platform.tracking.getRun(summary.jobId);
    expect(run.status).toBe('FINISHED');
    expect(existsSync(join(output.replace('.parquet', '.errors.parquet')))).toBe(false);
  });

  it('gives the same output with two worker threads', async () => {
    const one = join(dir.path, 'one.csv');
    const two = join(dir.path, 'two.csv');
    await platform.batch.predict({
      model: modelDir,
      input,
      output: one,
      chunkRows: 100,
      threads: 1,
      cwd: dir.path,
    });
    await platform.batch.predict({
      model: modelDir,
      input,
      output: two,
      chunkRows: 100,
      threads: 2,
      cwd: dir.path,
    });
    const text = await readTable(two, { columns: ['job_id'] });
    const jobs = text.columns[0]!;
    expect(jobs.kind === 'dictionary' && jobs.dictionary.length === 1 && jobs.codes.length === 1000).toBe(
      true,
    );
    const a = await readTable(one, { columns: ['row', 'prob_1'] });
    const b = await readTable(two, { columns: ['row', 'prob_1'] });
    expect(b.rowCount).toBe(1000);
    expect(Array.from((b.columns[1] as Float64Column).values)).toEqual(
      Array.from((a.columns[1] as Float64Column).values),
    );
    expect(Array.from((b.columns[0] as Float64Column).values)).toEqual(
      Array.from({ length: 1000 }, (_, i) => i),
    );
  }, 60_000);

  it('scores an empty input with two worker threads (an empty chunk moves no buffers)', async () => {
    const empty = await writeInput(dir.path, 'empty.parquet', inputTable(0));
    const output = join(dir.path, 'empty-out.parquet');
    const summary = await platform.batch.predict({
      model: modelDir,
      input: empty,
      output,
      idColumn: 'id',
      threads: 2,
      cwd: dir.path,
    });
    expect(summary).toMatchObject({ rows: 0, scored: 0, failed: 0 });
    expect((await readTable(output)).rowCount).toBe(0);
  }, 60_000);

  // Shared buffers are filled by the native sink only (native.ts); without the addon the read allocates its own.
  it.skipIf(nativeCopy() === null)(
    `reads a wide Parquet input into shared buffers that are reused across chunks, with the same output${nativeCopy() === null ? ` (skipped: ${nativeCopyUnavailableReason()})` : ''}`,
    async () => {
      // Nine features and an id: wide enough for the native sink; 300,000 rows in 15 chunks of
      // 20,000 with two threads, so buffers come back and are filled again while others are in flight.
      const n = 300_000;
      const wide = (rows: number): Table => {
        const names = ['id', ...Array.from({ length: 9 }, (_, j) => `f${j}`)];
        const columns = names.map((_, j) =>
          float64Column(
            Float64Array.from({ length: rows }, (_, i) => (j === 0 ? i : Math.sin(i * (0.1 + j * 0.37)))),
          ),
        );
        return { names, columns, rowCount: rows };
      };
      const table = wide(n);
      const train = wide(2000);
      const y = float64Column(
        Float64Array.from({ length: 2000 }, (_, i) =>
          (train.columns[1] as Float64Column).values[i]! > 0 ? 1 : 0,
        ),
      );
      const { model } = await trainModel(
        { names: [...train.names, 'y'], columns: [...train.columns, y], rowCount: 2000 },
        {
          target: 'y',
          model: 'gbdt',
          features: train.names.slice(1),
          params: { n_estimators: 10, max_depth: 3 },
        },
      );
      const wideModel = join(dir.path, 'wide-model');
      await saveModel(model, wideModel);
      const input = await writeInput(dir.path, 'wide.parquet', table);
      const take = vi.spyOn(SharedChunkBuffers.prototype, 'take');
      const output = join(dir.path, 'wide-out.parquet');
      const summary = await platform.batch.predict({
        model: wideModel,
        input,
        output,
        idColumn: 'id',
        chunkRows: 20_000,
        threads: 2,
        cwd: dir.path,
      });
      const given = take.mock.results.filter((r) => r.value instanceof SharedArrayBuffer).map((r) => r.value);
      take.mockRestore();
      expect(summary).toMatchObject({ rows: n, scored: n, failed: 0, chunks: 15 });
      // 15 chunks × 10 columns were filled from shared buffers, and later chunks reused the buffers
      // of committed ones (the reader fills a whole segment of ≥ 131,072 rows at a time, so the first
      // segments' buffers are all new).
      expect(given.length).toBe(150);
      expect(new Set(given).size).toBeLessThan(150);
      const out = await readTable(output, { columns: ['id', 'prob_1'] });
      expect(Array.from((out.columns[0] as Float64Column).values)).toEqual(
        Array.from({ length: n }, (_, i) => i),
      );
      const reference = (await loadModel(wideModel)).predict(table).values;
      expect(Array.from((out.columns[1] as Float64Column).values)).toEqual(Array.from(reference));
    },
    120_000,
  );

  it('keeps bad rows out of the predictions and in the errors output with the reason', async () => {
    const output = join(dir.path, 'bad.jsonl');
    const summary = await platform.batch.predict({
      model: modelDir,
      input: writeBadCsv(dir.path),
      output,
      idColumn: 'id',
      threads: 1,
      cwd: dir.path,
    });
    expect(summary).toMatchObject({ rows: 6, scored: 4, failed: 2 });
    const errors = await readTable(join(dir.path, 'bad.errors.jsonl'));
    const reasons = Array.from({ length: errors.rowCount }, (_, r) => {
      const c = errors.columns[errors.names.indexOf('reason')]!;
      return c.kind === 'dictionary' ? c.dictionary[c.codes[r]!] : undefined;
    });
    expect(reasons).toEqual([
      'feature "x1" is numeric but holds the text "abc"',
      'feature "x2" is +Infinity',
    ]);
    const ok = await readTable(output, { columns: ['id'] });
    expect(Array.from((ok.columns[0] as Float64Column).values)).toEqual([1, 2, 4, 6]);
  });

  it('writes SQLite tables and refuses a table that exists with another schema', async () => {
    const db = join(dir.path, 'out.db');
    const summary = await platform.batch.predict({
      model: modelDir,
      input,
      output: `sqlite://${db}#scores`,
      idColumn: 'id',
      chunkRows: 300,
      threads: 1,
      cwd: dir.path,
    });
    expect(summary).toMatchObject({ scored: 1000, chunks: 4 });
    const sqlite = new Database(db);
    const row = sqlite.prepare('SELECT count(*) AS n, count(DISTINCT id) AS d FROM scores').get() as {
      n: number;
      d: number;
    };
    sqlite.exec('CREATE TABLE other (a TEXT)');
    sqlite.close();
    expect(row).toEqual({ n: 1000, d: 1000 });
    await expect(
      platform.batch.predict({ model: modelDir, input, output: `sqlite://${db}#other`, cwd: dir.path }),
    ).rejects.toMatchObject({ code: 'SCHEMA_MISMATCH' });
  });

  it('reads a sql: input once through DuckDB', async () => {
    const output = join(dir.path, 'sql.jsonl');
    const summary = await platform.batch.predict({
      model: modelDir,
      input: `sql:SELECT * FROM read_parquet('${input}') WHERE id % 10 = 3`,
      output,
      idColumn: 'id',
      threads: 1,
      cwd: dir.path,
    });
    expect(summary).toMatchObject({ rows: 100, scored: 100, failed: 0 });
    const ids = (await readTable(output, { columns: ['id'] })).columns[0] as Float64Column;
    expect(Array.from(ids.values)).toEqual(Array.from({ length: 100 }, (_, i) => 1003 + 10 * i));
  });

  it('fails clearly on an unknown model, a bad output and a missing folder', async () => {
    const base = { input, cwd: dir.path };
    await expect(
      platform.batch.predict({ ...base, model: 'nope:1', output: join(dir.path, 'x.parquet') }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(
      platform.batch.predict({ ...base, model: modelDir, output: join(dir.path, 'x.txt') }),
    ).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(
      platform.batch.predict({ ...base, model: modelDir, output: 'sqlite://x.db#drop table' }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(
      platform.batch.predict({ ...base, model: modelDir, output: join(dir.path, 'no', 'such', 'x.parquet') }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const before = (await platform.tracking.searchRuns({})).length;
    await expect(
      platform.batch.predict({
        ...base,
        model: modelDir,
        output: join(dir.path, 'q.parquet'),
        queue: 'redis://127.0.0.1:1',
      }),
    ).rejects.toMatchObject({ code: 'BACKEND_UNAVAILABLE' });
    // None of these failures created a run (a job) or an output.
    expect((await platform.tracking.searchRuns({})).length).toBe(before);
    expect(existsSync(join(dir.path, 'q.parquet'))).toBe(false);
  });
});
