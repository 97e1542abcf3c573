import { describe, expect, it } from 'vitest';
import { createRngForTest } from './test-rng.fixture.js';
import { leafValue, type TreeEnsembleData, TreeEnsembleScorer } from './trees.js';

/** A random ensemble of numeric trees: each node splits with probability `p`, up to `maxDepth`. */
function randomEnsemble(seed: number, trees: number, d: number, maxDepth: number): TreeEnsembleData {
  const rnd = createRngForTest(seed);
  const nodes = {
    feature: [] as number[],
    threshold: [] as number[],
    value: [] as number[],
    left: [] as number[],
    right: [] as number[],
    missingLeft: [] as number[],
  };
  const treeStart = [0];
  for (let t = 0; t < trees; t++) {
    const base = nodes.feature.length;
    const queue: Array<{ i: number; depth: number }> = [];
    const add = () => {
      for (const a of Object.values(nodes)) a.push(0);
      nodes.feature[nodes.feature.length - 1] = -1;
      return nodes.feature.length - 1 - base;
    };
    queue.push({ i: add(), depth: 0 });
    while (queue.length) {
      const { i, depth } = queue.shift()!;
      if (depth < maxDepth && rnd() < 0.8) {
        nodes.feature[base + i] = Math.floor(rnd() * d);
        nodes.threshold[base + i] = rnd() * 2 - 1;
        nodes.missingLeft[base + i] = rnd() < 0.5 ? 1 : 0;
        const l = add();
        const r = add();
        nodes.left[base + i] = l;
        nodes.right[base + i] = r;
        queue.push({ i: l, depth: depth + 1 }, { i: r, depth: depth + 1 });
      } else nodes.value[base + i] = Math.round((rnd() - 0.5) * 1000) / 1000;
    }
    treeStart.push(nodes.feature.length);
  }
  const N = nodes.feature.length;
  return {
    features: d,
    outputs: 1,
    baseScore: Float64Array.of(0.5),
    treeStart: Int32Array.from(treeStart),
    treeOutput: new Int32Array(trees),
    feature: Int32Array.from(nodes.feature),
    threshold: Float64Array.from(nodes.threshold),
    value: Float64Array.from(nodes.value),
    left: Int32Array.from(nodes.left),
    right: Int32Array.from(nodes.right),
    missingLeft: Uint8Array.from(nodes.missingLeft),
    catStart: new Int32Array(N).fill(-1),
    catLength: new Int32Array(N),
    catWords: new Uint32Array(0),
  };
}

describe('tree ensemble scoring', () => {
  it.each([3, 8, 12])(
    'the complete-layout batch path equals the plain walker (max depth %i, NaN included)',
    (depth) => {
      const d = 5;
      const n = 203;
      const data = randomEnsemble(depth, 30, d, depth);
      const rnd = createRngForTest(99);
      const X = Float64Array.from({ length: n * d }, () => (rnd() < 0.05 ? Number.NaN : rnd() * 2 - 1));
      const scorer = new TreeEnsembleScorer(data);
      const batch = new Float64Array(n);
      scorer.scoreBatch(X, n, batch);
      const row = new Float64Array(1);
      for (let r = 0; r < n; r++) {
        let expected = 0.5;
        for (let t = 0; t < 30; t++) expected += leafValue(data, t, X, r * d);
        // Trees deeper than the complete layout allows are added after the others: same sum, other order.
        if (depth <= 10) expect(batch[r]).toBe(expected);
        else expect(batch[r]).toBeCloseTo(expected, 12);
        scorer.scoreRow(X.subarray(r * d, (r + 1) * d), row);
        expect(row[0]).toBe(batch[r]);
      }
    },
  );

  it('rejects a split on a feature the model does not have', () => {
    const data = randomEnsemble(1, 2, 3, 2);
    data.feature[0] = 7;
    expect(() => new TreeEnsembleScorer(data)).toThrow(/feature 7 of 3/);
  });
});
