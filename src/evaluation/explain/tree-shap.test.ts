import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readTable, selectColumns, type Table } from '../../data/index.js';
import { type Model, type TreeEnsembleData, TreeEnsembleScorer } from '../../models/index.js';
import { trainModel } from '../../training/index.js';
import { expectedValue, nodeCovers, treeShap } from './tree-shap.js';

// Brute-force Shapley values over all 2^M subsets of M <= 8 features, on the same value function
// (expected score with the features in S fixed to x, the rest split by node covers), are the
// reference; TreeSHAP must equal them to 1e-9 and sum to the score minus the base value.
const DATA = join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'data');

function bruteForce(d: TreeEnsembleData, cover: Float64Array, x: Float64Array, output: number): Float64Array {
  const M = d.features;
  const trees = [...d.treeOutput.keys()].filter((t) => d.treeOutput[t] === output);
  const v = (mask: number) =>
    trees.reduce((s, t) => s + expectedValue(d, cover, t, x, (f) => ((mask >> f) & 1) === 1), 0);
  const fact = (n: number): number => (n <= 1 ? 1 : n * fact(n - 1));
  const phi = new Float64Array(M);
  for (let i = 0; i < M; i++) {
    for (let mask = 0; mask < 1 << M; mask++) {
      if ((mask >> i) & 1) continue;
      let size = 0;
      for (let b = 0; b < M; b++) size += (mask >> b) & 1;
      phi[i]! += ((fact(size) * fact(M - size - 1)) / fact(M)) * (v(mask | (1 << i)) - v(mask));
    }
  }
  return phi;
}

async function trained(
  file: string,
  columns: string[],
  params: Record<string, unknown>,
): Promise<{ model: Model; table: Table }> {
  const table = selectColumns(await readTable(join(DATA, file)), [...columns, 'target']);
  const { model } = await trainModel(table, { target: 'target', model: 'gbdt', params, seed: 1 });
  return { model, table };
}

describe('TreeSHAP', () => {
  let binary: { model: Model; table: Table };
  let multi: { model: Model; table: Table };
  beforeAll(async () => {
    const cols = [
      'mean radius',
      'mean texture',
      'mean perimeter',
      'mean smoothness',
      'mean concavity',
      'worst area',
      'worst symmetry',
    ];
    binary = await trained('breast_cancer.csv', cols, { n_estimators: 8, max_depth: 4, learning_rate: 0.3 });
    multi = await trained(
      'iris.csv',
      ['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)'],
      { n_estimators: 5, max_depth: 3 },
    );
  });

  for (const which of ['binary', 'multiclass'] as const) {
    it(`equals brute-force Shapley values to 1e-9 and sums to score minus base (${which})`, () => {
      const { model, table } = which === 'binary' ? binary : multi;
      const scorer = model.scorer as TreeEnsembleScorer;
      expect(scorer).toBeInstanceOf(TreeEnsembleScorer);
      const d = scorer.data;
      const X = model.preprocessor.transform(table);
      const cover = nodeCovers(d, X, table.rowCount);
      const raw = new Float64Array(d.outputs);
      for (const r of [0, 7, 50, 120]) {
        const x = X.subarray(r * d.features, (r + 1) * d.features);
        const { phi, base } = treeShap(d, cover, x);
        scorer.scoreRow(x, raw);
        for (let k = 0; k < d.outputs; k++) {
          const reference = bruteForce(d, cover, x, k);
          for (let f = 0; f < d.features; f++)
            expect(Math.abs(phi[k]![f]! - reference[f]!)).toBeLessThan(1e-9);
          const sum = phi[k]!.reduce((s, v) => s + v, 0);
          expect(Math.abs(sum + base[k]! - raw[k]!)).toBeLessThan(1e-9);
        }
      }
    });
  }
});
