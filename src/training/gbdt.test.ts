import { describe, expect, it } from 'vitest';
import { createTable, dictionaryColumn, float64Column, tableFromRows } from '../data/index.js';
import { modelToFiles, type TreeEnsembleScorer } from '../models/index.js';
import { trainModel } from './train.js';

/** y = 3·[x0 > 0] + noise-free ramp on x1; 400 rows from a fixed formula. */
function regressionTable(n = 400) {
  const x0 = Array.from({ length: n }, (_, i) => Math.sin(i * 1.7));
  const x1 = Array.from({ length: n }, (_, i) => Math.cos(i * 0.37));
  const y = x0.map((v, i) => (v > 0 ? 3 : 0) + x1[i]!);
  return createTable(['x0', 'x1', 'y'], [float64Column(x0), float64Column(x1), float64Column(y)]);
}

describe('gradient-boosted trees', () => {
  it('fits a hand-computed stump: split between 2 and 3, leaves −G/H around the mean', async () => {
    const t = tableFromRows([
      { x: 1, y: 1 },
      { x: 2, y: 1 },
      { x: 3, y: 3 },
      { x: 4, y: 3 },
    ]);
    const { model } = await trainModel(t, {
      target: 'y',
      model: 'gbdt',
      task: 'regression',
      params: { n_estimators: 1, max_depth: 1, learning_rate: 1, reg_lambda: 0, min_child_weight: 0 },
    });
    // base = mean 2; g = 2 − y = (1, 1, −1, −1), h = 1; leaves −G/H = −1 and +1.
    expect(Array.from(model.predict(t).values)).toEqual([1, 1, 3, 3]);
    const data = (model.scorer as TreeEnsembleScorer).data;
    expect(data.threshold[0]).toBe(2.5);
    expect(Array.from(data.baseScore)).toEqual([2]);
  });

  it('learns where missing values go', async () => {
    const rows = Array.from({ length: 200 }, (_, i) => ({
      x: i % 4 === 0 ? null : (i % 7) / 7,
      y: i % 4 === 0 ? 5 : 0,
    }));
    const t = tableFromRows(rows);
    const { model } = await trainModel(t, {
      target: 'y',
      model: 'gbdt',
      task: 'regression',
      params: { n_estimators: 20, max_depth: 2 },
    });
    const p = model.predict(tableFromRows([{ x: null }, { x: 0.3 }])).values;
    expect(p[0]).toBeGreaterThan(4.5);
    expect(p[1]).toBeLessThan(0.5);
  });

  it('splits categories natively: one split separates {a, c} from {b, d}', async () => {
    const cats = ['a', 'b', 'c', 'd'];
    const c = Array.from({ length: 240 }, (_, i) => cats[(i * 7) % 4]!);
    const y = c.map((v) => (v === 'a' || v === 'c' ? 1 : 0));
    const t = createTable(['c', 'y'], [dictionaryColumn(c), float64Column(y)]);
    const { model } = await trainModel(t, {
      target: 'y',
      model: 'gbdt',
      params: { n_estimators: 30, max_depth: 1 },
    });
    const p = model.predict(tableFromRows([{ c: 'a' }, { c: 'b' }, { c: 'c' }, { c: 'd' }])).values;
    expect(p[0]).toBeGreaterThan(0.9);
    expect(p[2]).toBeGreaterThan(0.9);
    expect(p[1]).toBeLessThan(0.1);
    expect(p[3]).toBeLessThan(0.1);
    expect(model.schema.features[0]).toEqual({ name: 'c', type: 'categorical', categories: cats });
  });

  it('is deterministic for a seed, including row and column subsampling', async () => {
    const spec = {
      target: 'y',
      model: 'gbdt' as const,
      params: { n_estimators: 10, subsample: 0.7, colsample_bytree: 0.5 },
    };
    const a = await trainModel(regressionTable(), { ...spec, seed: 7 });
    const b = await trainModel(regressionTable(), { ...spec, seed: 7 });
    const c = await trainModel(regressionTable(), { ...spec, seed: 8 });
    const bytes = (m: typeof a) => Buffer.from(modelToFiles(m.model)['weights.bin']!);
    expect(bytes(a).equals(bytes(b))).toBe(true);
    expect(bytes(a).equals(bytes(c))).toBe(false);
  });

  it('stops early on the validation loss and keeps the trees up to the best iteration', async () => {
    const n = 300;
    const noisy = createTable(
      ['x', 'y'],
      [
        float64Column(Array.from({ length: n }, (_, i) => Math.sin(i))),
        float64Column(Array.from({ length: n }, (_, i) => Math.sin(i * 13.1) * 3)),
      ],
    );
    const out = await trainModel(noisy, {
      target: 'y',
      model: 'gbdt',
      task: 'regression',
      validation: 0.3,
      params: { n_estimators: 500, learning_rate: 0.3, early_stopping_rounds: 5 },
    });
    expect(out.stopReason).toBe('early_stopping');
    expect(out.iterations).toBe(out.bestIteration! + 5);
    expect((out.model.scorer as TreeEnsembleScorer).treeCount).toBe(out.bestIteration);
  });

  it('grows leaf-wise up to max_leaves', async () => {
    const { model } = await trainModel(regressionTable(), {
      target: 'y',
      model: 'gbdt',
      params: { n_estimators: 3, grow_policy: 'lossguide', max_leaves: 5, max_depth: 0 },
    });
    const d = (model.scorer as TreeEnsembleScorer).data;
    for (let t = 0; t < 3; t++) {
      let leaves = 0;
      for (let i = d.treeStart[t]!; i < d.treeStart[t + 1]!; i++) if (d.feature[i]! < 0) leaves++;
      expect(leaves).toBe(5);
    }
  });

  it('reports feature importance by gain and split count', async () => {
    const { model } = await trainModel(regressionTable(), {
      target: 'y',
      model: 'gbdt',
      params: { n_estimators: 5, max_depth: 2 },
    });
    const imp = model.info.importance as { gain: number[]; splits: number[] };
    expect(imp.gain[0]).toBeGreaterThan(imp.gain[1]!);
    expect(imp.splits[0]! + imp.splits[1]!).toBe(15);
  });

  it('stops on an abort and keeps the trees built so far', async () => {
    const controller = new AbortController();
    const out = await trainModel(
      regressionTable(),
      { target: 'y', model: 'gbdt', params: { n_estimators: 100 } },
      { signal: controller.signal, onProgress: (p) => p.iteration === 4 && controller.abort() },
    );
    expect(out.stopReason).toBe('interrupted');
    expect((out.model.scorer as TreeEnsembleScorer).treeCount).toBe(4);
  });

  it('trains multiclass with one tree per class per iteration', async () => {
    const x = Array.from({ length: 300 }, (_, i) => (i % 3) + Math.sin(i) * 0.2);
    const t = createTable(
      ['x', 'k'],
      [float64Column(x), dictionaryColumn(x.map((v) => ['lo', 'mid', 'hi'][Math.round(v)]!))],
    );
    const { model } = await trainModel(t, {
      target: 'k',
      model: 'gbdt',
      params: { n_estimators: 10, max_depth: 2, learning_rate: 0.5 },
    });
    expect(model.schema.output).toEqual({ task: 'multiclass', target: 'k', classes: ['hi', 'lo', 'mid'] });
    expect((model.scorer as TreeEnsembleScorer).treeCount).toBe(30);
    const p = model.predict(tableFromRows([{ x: 0 }, { x: 2 }])).values;
    expect(p[1]).toBeGreaterThan(0.9); // x = 0 → "lo" (class 1)
    expect(p[3]).toBeGreaterThan(0.9); // x = 2 → "hi" (class 0)
  });
});
