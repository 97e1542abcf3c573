import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTable, rowObject, sliceRows } from '../data/index.js';
import { trainModel } from '../training/index.js';
import { createEnsembleModel } from './ensemble.js';

const DATA = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'data');

describe('ensemble models', () => {
  it('predict the weighted average of their members, on batches and single rows', async () => {
    const table = await readTable(join(DATA, 'breast_cancer.csv'));
    const a = (await trainModel(table, { target: 'target', model: 'linear', seed: 0 })).model;
    const b = (
      await trainModel(table, { target: 'target', model: 'gbdt', params: { n_estimators: 20 }, seed: 0 })
    ).model;
    const e = createEnsembleModel([
      { ref: 'a:1', weight: 3, model: a },
      { ref: 'b:1', weight: 1, model: b },
    ]);
    const rows = sliceRows(table, 0, 25);
    const [pa, pb, pe] = [a.predict(rows).values, b.predict(rows).values, e.predict(rows).values];
    for (let i = 0; i < 25; i++)
      expect(Math.abs(pe[i]! - (0.75 * pa[i]! + 0.25 * pb[i]!))).toBeLessThan(1e-12);
    const row = rowObject(rows, 3);
    expect(Math.abs(e.predictRow(row)[0]! - pe[3]!)).toBeLessThan(1e-12);
    // The scorer path (used by model-agnostic explanations) agrees with predict.
    const X = e.preprocessor.transform(rows);
    const out = new Float64Array(25);
    e.scorer.scoreBatch(X, 25, out);
    for (let i = 0; i < 25; i++) expect(Math.abs(out[i]! - pe[i]!)).toBeLessThan(1e-12);
  });

  it('refuses members that predict different things, and weights that sum to zero', async () => {
    const bc = await readTable(join(DATA, 'breast_cancer.csv'));
    const dia = await readTable(join(DATA, 'diabetes.csv'));
    const a = (await trainModel(bc, { target: 'target', model: 'linear', seed: 0 })).model;
    const r = (await trainModel(dia, { target: 'target', model: 'linear', seed: 0 })).model;
    expect(() =>
      createEnsembleModel([
        { ref: 'a:1', weight: 1, model: a },
        { ref: 'r:1', weight: 1, model: r },
      ]),
    ).toThrowError(expect.objectContaining({ code: 'SCHEMA_MISMATCH' }));
    expect(() => createEnsembleModel([{ ref: 'a:1', weight: 0, model: a }])).toThrowError(/sum to 0/);
  });
});
