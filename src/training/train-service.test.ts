import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initWorkspace, openPlatform, type Platform } from '../platform.js';
import { tempDir } from '../testing/services.js';
import { loadReference } from './reference-sample.js';

describe('platform.train', () => {
  const dir = tempDir();
  let p: Platform;
  beforeAll(async () => {
    await initWorkspace(dir.path, { env: {} });
    p = await openPlatform({ cwd: dir.path, env: {} });
    const rows = Array.from(
      { length: 120 },
      (_, i) =>
        `${(i % 11) / 10},${['a', 'b', 'c'][i % 3]},${(i % 11) / 10 + (i % 3 === 0 ? 0.5 : 0) > 0.6 ? 'yes' : 'no'}`,
    );
    writeFileSync(join(dir.path, 'churn.csv'), `tenure,plan,churned\n${rows.join('\n')}\n`);
    await p.data.add(join(dir.path, 'churn.csv'), { name: 'churn' });
  });
  afterAll(async () => {
    await p.close();
    dir.cleanup();
  });

  it('trains from a dataset version, logs a run with params, per-iteration metrics, inputs and the model, and registers it', async () => {
    const r = await p.train({
      data: 'churn:1',
      target: 'churned',
      model: 'gbdt',
      params: { n_estimators: 15, max_depth: 3 },
      validation: 0.25,
      experiment: 'churn',
      register: 'churn-model',
      cwd: dir.path,
    });
    // DuckDB reads yes/no as booleans: the classes are false and true.
    expect(r.model.schema.output).toEqual({ task: 'binary', target: 'churned', classes: [false, true] });
    expect(r.run).toMatchObject({
      status: 'FINISHED',
      experimentName: 'churn',
      inputs: [{ dataset: 'churn', version: 1, role: 'train' }],
      params: expect.objectContaining({
        model: 'gbdt',
        n_estimators: '15',
        max_depth: '3',
        'loss.0.kind': 'logloss',
        'loss.0.weight': '1',
        validation_fraction: '0.25',
      }),
      tags: expect.objectContaining({ 'flywheel.stop_reason': 'completed', 'flywheel.model_family': 'gbdt' }),
      outputs: [{ name: 'churn-model', version: 1 }],
    });
    expect(r.run.artifacts.map((a) => a.path).sort()).toEqual([
      'model/CHECKSUMS',
      'model/model.json',
      'model/weights.bin',
      'reference/data.parquet',
      'reference/profile.json',
    ]);
    // The monitoring reference: the features and the target of all 120 training rows.
    const reference = await loadReference(p.artifacts, r.run.artifacts);
    expect(reference?.names).toEqual(['tenure', 'plan', 'churned']);
    expect(reference?.rowCount).toBe(120);
    const history = await p.tracking.metricHistory(r.run.id, 'valid_loss');
    expect(history.map((h) => h.step)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    expect(r.run.metrics).toHaveProperty('valid_auc');
    expect(r.version).toMatchObject({
      name: 'churn-model',
      version: 1,
      runId: r.run.id,
      artifactPath: 'model',
    });

    // The registered model loads back and predicts the same bits.
    const loaded = await p.loadModel('churn-model:1');
    const table = {
      names: ['tenure', 'plan'],
      columns: [
        { kind: 'float64' as const, values: Float64Array.of(0.2, 0.9), nulls: null },
        { kind: 'dictionary' as const, codes: Int32Array.of(0, 1), dictionary: ['a', 'b'] },
      ],
      rowCount: 2,
    };
    expect(Array.from(loaded.predict(table).values)).toEqual(Array.from(r.model.predict(table).values));
  });

  it('keeps the model when stopped, and marks the run FAILED when training fails', async () => {
    const controller = new AbortController();
    const r = await p.train({
      data: join(dir.path, 'churn.csv'),
      target: 'churned',
      model: 'mlp',
      params: { epochs: 500 },
      signal: controller.signal,
      onProgress: (x) => x.iteration === 3 && controller.abort(),
    });
    expect(r.stopReason).toBe('interrupted');
    expect(r.run.tags['flywheel.stop_reason']).toBe('interrupted');
    expect(r.run.artifacts).toHaveLength(5);

    await expect(
      p.train({ data: join(dir.path, 'churn.csv'), target: 'nope', model: 'linear' }),
    ).rejects.toMatchObject({ code: 'SCHEMA_MISMATCH' });
    const failed = await p.tracking.searchRuns({ filter: "attributes.status = 'FAILED'" });
    expect(failed).toHaveLength(1);
  });
});
