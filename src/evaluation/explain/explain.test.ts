import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readTable, sliceRows, type Table } from '../../data/index.js';
import type { Model } from '../../models/index.js';
import { trainModel } from '../../training/index.js';
import { explainRows } from './explain.js';

const DATA = join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'data', 'wine.csv');

describe('explainRows', () => {
  let table: Table;
  let linear: Model;
  let trees: Model;
  beforeAll(async () => {
    table = await readTable(DATA);
    linear = (await trainModel(table, { target: 'target', model: 'linear', seed: 0 })).model;
    trees = (
      await trainModel(table, {
        target: 'target',
        model: 'gbdt',
        params: { n_estimators: 10, max_depth: 3 },
        seed: 0,
      })
    ).model;
  });

  it('gives exact linear contributions that sum to score minus base, and agree with sampled Shapley values', () => {
    const rows = sliceRows(table, 0, 3);
    const exact = explainRows(linear, rows, table);
    for (const e of exact) {
      expect(e.method).toBe('linear_exact');
      expect(e.attributions).toHaveLength(3); // one vector per wine class
      e.attributions.forEach((a, k) => {
        expect(Math.abs(a.reduce((s, v) => s + v, 0) + e.base[k]! - e.score[k]!)).toBeLessThan(1e-9);
      });
    }
    // For a linear score every ordering adds w_j (x_j − z_j), so against a single background row the
    // sampling method (forced here by hiding the scorer's class) must reproduce the exact values.
    const one = sliceRows(table, 100, 101);
    const reference = explainRows(linear, rows, one);
    const s = linear.scorer;
    const opaque: Model = {
      ...linear,
      scorer: {
        inputs: s.inputs,
        outputs: s.outputs,
        scoreBatch: s.scoreBatch.bind(s),
        scoreRow: s.scoreRow.bind(s),
        batchBuffer: () => null,
      },
    };
    const sampled = explainRows(opaque, rows, one, 5);
    expect(sampled[0]!.method).toBe('sampling_shapley');
    for (let i = 0; i < 3; i++) {
      for (let k = 0; k < 3; k++) {
        sampled[i]!.attributions[k]!.forEach((v, j) => {
          expect(Math.abs(v - reference[i]!.attributions[k]![j]!)).toBeLessThan(1e-9);
        });
      }
    }
  });

  it('uses TreeSHAP for trees, with attributions that sum to score minus base', () => {
    const [e] = explainRows(trees, sliceRows(table, 10, 11), table);
    expect(e!.method).toBe('tree_shap');
    expect(e!.features.length).toBe(trees.scorer.inputs);
    e!.attributions.forEach((a, k) => {
      expect(Math.abs(a.reduce((s, v) => s + v, 0) + e!.base[k]! - e!.score[k]!)).toBeLessThan(1e-9);
    });
    expect(() => explainRows(trees, sliceRows(table, 0, 1), sliceRows(table, 0, 0))).toThrowError(
      /background/,
    );
  });
});
