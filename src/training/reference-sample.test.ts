import { describe, expect, it } from 'vitest';
import { createTable, numericValues } from '../data/index.js';
import type { Model } from '../models/index.js';
import { referenceRows } from './reference-sample.js';

const model = {
  schema: {
    features: [{ name: 'x', type: 'float64' }],
    output: { task: 'regression', target: 'y' },
  },
} as unknown as Model;

const table = (n: number) =>
  createTable(
    ['x', 'unused', 'y'],
    [0, 1, 2].map((k) => ({
      kind: 'float64' as const,
      values: Float64Array.from({ length: n }, (_, i) => i * 10 + k),
      nulls: null,
    })),
  );

describe('referenceRows', () => {
  it('keeps the features and the target of every row when the data is small', () => {
    const rows = referenceRows(table(50), model, 100);
    expect(rows.names).toEqual(['x', 'y']);
    expect(rows.rowCount).toBe(50);
  });

  it('samples exactly `max` distinct rows in order, the same ones for the same seed', () => {
    const a = referenceRows(table(10_000), model, 1_000);
    const x = numericValues(a.columns[0]!);
    expect(a.rowCount).toBe(1_000);
    for (let i = 1; i < x.length; i++) expect(x[i]!).toBeGreaterThan(x[i - 1]!);
    expect(numericValues(referenceRows(table(10_000), model, 1_000).columns[0]!)).toEqual(x);
    // Uniform: the kept rows' mean index is near the middle (n = 10,000: sd of the mean ≈ 91).
    const meanIndex = x.reduce((s, v) => s + v / 10, 0) / x.length;
    expect(Math.abs(meanIndex - 4_999.5)).toBeLessThan(400);
    // The target stays aligned with its features.
    const y = numericValues(a.columns[1]!);
    for (let i = 0; i < x.length; i++) expect(y[i]! - x[i]!).toBe(2);
  });
});
