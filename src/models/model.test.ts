import { describe, expect, it } from 'vitest';
import { createTable, dictionaryColumn, float64Column, tableFromRows } from '../data/index.js';
import { predictedClasses } from './model.js';
import { linearModel, mlpModel, treeModel } from './test-models.fixture.js';

const table = () =>
  createTable(
    ['c', 'x', 'extra'],
    [dictionaryColumn(['a', 'b', 'zz', null]), float64Column([3, null, -1, 1]), float64Column([0, 0, 0, 0])],
  );

describe('linear model', () => {
  it('standardises, imputes and one-hot encodes before scoring (hand-computed)', () => {
    const p = linearModel().predict(table());
    // x' = (x − 1)/2: 1, 0 (imputed 1), −1, 0; z = 0.5x' + onehot − 0.25
    const z = [0.5 * 1 + 1 - 0.25, 0 - 1 - 0.25, 0.5 * -1 + 0 - 0.25, 0 - 0.25];
    expect(Array.from(p.values)).toEqual(z.map((v) => 1 / (1 + Math.exp(-v))));
    expect(p.width).toBe(1);
    expect(Array.from(predictedClasses(p))).toEqual([1, 0, 0, 0]);
  });

  it('scores a single row exactly like the batch, and writes into a given buffer', () => {
    const model = linearModel();
    const batch = model.predict(table()).values;
    const out = new Float64Array(1);
    const rows = [
      { c: 'a', x: 3 },
      { c: 'b', x: null },
      { c: 'zz', x: -1 },
      { x: 1, c: null },
    ];
    rows.forEach((row, i) => {
      expect(model.predictRow(row, out)).toBe(out);
      expect(out[0]).toBe(batch[i]);
    });
  });
});

describe('tree model', () => {
  it('routes numeric thresholds, missing values and category sets (hand-computed)', () => {
    const t = tableFromRows([
      { x: 0.2, c: 'a' }, // left, c in {a,c} → −1
      { x: 0.5, c: 'b' }, // x <= 0.5 → left; b not in set → 0.25
      { x: 0.9, c: 'a' }, // right → 0.75
      { x: null, c: 'c' }, // missing goes left; c in set → −1
      { x: 0.1, c: 'new' }, // unknown category is missing: the node's missing direction (right) → 0.25
      { x: 0.1, c: null }, // missing category → right → 0.25
    ]);
    const p = treeModel().predict(t);
    expect(Array.from(p.values)).toEqual([-0.9, 0.35, 0.85, -0.9, 0.35, 0.35]);
    expect(treeModel().predictRow({ x: Number.NaN, c: 'c' })[0]).toBe(-0.9);
  });
});

describe('mlp model', () => {
  it('scores rows through ReLU layers (hand-computed for one row)', () => {
    const model = mlpModel();
    const p = model.predictRow({ x: 3, c: 'a' });
    // input (1, 1, 0, 0); W1 row-major 4x3 = ((i % 5) * 0.3 − 0.5)
    const W1 = Array.from({ length: 12 }, (_, i) => (i % 5) * 0.3 - 0.5);
    const h = [0.1, -0.2, 0.3].map((b, j) => Math.max(0, b + 1 * W1[j]! + 1 * W1[3 + j]!));
    const z = 0.05 + 0.7 * h[0]! - 1.1 * h[1]! + 0.4 * h[2]!;
    expect(p[0]).toBeCloseTo(1 / (1 + Math.exp(-z)), 15);
  });
});
