/**
 * Issue 24 #5 in batch: an input without a feature column is refused before any row is scored,
 * naming the missing feature and the column it was probably meant to be (the rule of
 * models/feature-names.ts); the id and other columns are never "unknown"; a feature the model
 * declares optional may be absent and is scored as missing.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { float64Column, type Table } from '../data/index.js';
import { loadModel, saveModel } from '../models/index.js';
import type { Platform } from '../platform.js';
import { tempDir } from '../testing/services.js';
import { batchWorkspace, inputTable, writeInput } from './batch.fixture.js';

/** `table` with column `from` renamed `to`. */
const renamed = (table: Table, from: string, to: string): Table => ({
  ...table,
  names: table.names.map((n) => (n === from ? to : n)),
});

// One scoring thread throughout: the checks here come before or beside scoring, and batch.test.ts
// covers the worker threads (each costs about a second of CPU to start from source).
describe('batch predict and absent features', () => {
  const dir = tempDir('flywheel-batch-features-');
  let platform: Platform;
  let modelDir: string;
  beforeAll(async () => {
    ({ platform, modelDir } = await batchWorkspace(dir.path));
  }, 60_000);
  afterAll(async () => {
    await platform.close();
    dir.cleanup();
  });

  it('refuses an input without a feature column, naming it with a did-you-mean, and writes no output', async () => {
    const input = await writeInput(dir.path, 'misspelt.parquet', renamed(inputTable(50), 'x3', 'x_3'));
    const output = join(dir.path, 'misspelt-out.parquet');
    const before = (await platform.tracking.searchRuns({})).length;
    const job = platform.batch.predict({
      model: modelDir,
      input,
      output,
      idColumn: 'id',
      cwd: dir.path,
      threads: 1,
    });
    await expect(job).rejects.toMatchObject({
      code: 'SCHEMA_MISMATCH',
      details: { missing: ['x3'], suggestions: { x_3: 'x3', x3: 'x_3' } },
    });
    await expect(job).rejects.toThrow(/lacks 1 of the model's 3 features \(feature "x3"\)/);
    expect(existsSync(output)).toBe(false);
    // The job is recorded as failed, with the reason; no row was scored.
    const runs = await platform.tracking.searchRuns({});
    expect(runs.length).toBe(before + 1);
    expect(runs.map((r) => r.status)).toContain('FAILED');
  });

  it('scores an input with extra columns (id, passthrough), and one without an optional feature', async () => {
    const extra = inputTable(50);
    const wide: Table = {
      ...extra,
      names: [...extra.names, 'region'],
      columns: [...extra.columns, float64Column(new Float64Array(50))],
    };
    const input = await writeInput(dir.path, 'wide.parquet', wide);
    const out = join(dir.path, 'wide-out.parquet');
    const ok = await platform.batch.predict({
      model: modelDir,
      input,
      output: out,
      idColumn: 'id',
      cwd: dir.path,
      threads: 1,
    });
    expect(ok).toMatchObject({ rows: 50, scored: 50, failed: 0 });

    const model = await loadModel(modelDir);
    const features = model.schema.features.map((f) => (f.name === 'x3' ? { ...f, optional: true } : f));
    const optionalDir = join(dir.path, 'model-optional');
    await saveModel({ ...model, schema: { ...model.schema, features } }, optionalDir);
    const t = inputTable(50);
    const noX3: Table = { ...t, names: t.names.slice(0, 3), columns: t.columns.slice(0, 3) };
    const partial = await writeInput(dir.path, 'no-x3.parquet', noX3);
    const summary = await platform.batch.predict({
      model: optionalDir,
      input: partial,
      output: join(dir.path, 'no-x3-out.parquet'),
      idColumn: 'id',
      cwd: dir.path,
      threads: 1,
    });
    expect(summary).toMatchObject({ rows: 50, scored: 50, failed: 0 });
  });
});
