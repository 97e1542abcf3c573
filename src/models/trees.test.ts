import { describe, expect, it } from 'vitest';
import { createTable, float64Column } from '../data/index.js';
import { createModel } from './model.js';
import { createRngForTest } from './test-rng.fixture.js';
import { leafValue, type TreeEnsembleData, TreeEnsembleScorer } from './trees.js';
import { compileFastTrees, scoreFast } from './trees-fast.js';
import { compileWasmTrees } from './trees-wasm.js';

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
  it.each([
    [3, 203],
    [8, 203],
    [12, 203],
    [3, 1003],
    [7, 4100],
    [12, 1003],
  ])(
    'the complete-layout batch paths (WebAssembly and JS) equal the plain walker (max depth %i, %i rows)',
    (depth, n) => {
      const d = 5;
      const data = randomEnsemble(depth, 30, d, depth);
      const rnd = createRngForTest(99);
      // NaN in a few rows only, so most 64-row blocks take the NaN-free kernels.
      const X = Float64Array.from({ length: n * d }, (_, i) => (i % 977 === 0 ? Number.NaN : rnd() * 2 - 1));
      const scorer = new TreeEnsembleScorer(data);
      const batch = new Float64Array(n);
      scorer.scoreBatch(X, n, batch);
      // The JS kernel (what runs without WebAssembly) on the same rows, for the fast trees.
      const js = new Float64Array(n).fill(0.5);
      scoreFast(compileFastTrees(data), X, n, d, 1, js);
      const row = new Float64Array(1);
      for (let r = 0; r < n; r++) {
        let expected = 0.5;
        for (let t = 0; t < 30; t++) expected += leafValue(data, t, X, r * d);
        // Trees deeper than the complete layout allows are added after the others: same sum, other order.
        if (depth <= 10) expect(batch[r]).toBe(expected);
        else expect(batch[r]).toBeCloseTo(expected, 12);
        scorer.scoreRow(X.subarray(r * d, (r + 1) * d), row);
        expect(row[0]).toBe(batch[r]);
        if (depth <= 10) expect(js[r]).toBe(batch[r]);
      }
    },
  );

  it('scores every small batch (1–20 rows: groups of eight, padded groups, single rows) like scoreRow', () => {
    const d = 4;
    const data = randomEnsemble(21, 40, d, 6);
    data.outputs = 2;
    data.baseScore = Float64Array.of(0.25, -1);
    data.treeOutput = Int32Array.from({ length: 40 }, (_, t) => t % 2);
    const scorer = new TreeEnsembleScorer(data);
    const rnd = createRngForTest(8);
    for (let n = 1; n <= 20; n++) {
      for (const nan of [false, true]) {
        const X = Float64Array.from({ length: n * d }, () => rnd() * 2 - 1);
        if (nan) X[Math.floor(rnd() * n * d)] = Number.NaN;
        const batch = new Float64Array(n * 2);
        scorer.scoreBatch(X, n, batch);
        const js = new Float64Array(n * 2);
        for (let r = 0; r < n; r++) js.set(data.baseScore, r * 2);
        scoreFast(compileFastTrees(data), X, n, d, 2, js);
        const row = new Float64Array(2);
        for (let r = 0; r < n; r++) {
          scorer.scoreRow(X.subarray(r * d, (r + 1) * d), row);
          expect([...batch.subarray(r * 2, r * 2 + 2)], `${n} rows, row ${r}`).toEqual([...row]);
          expect([...js.subarray(r * 2, r * 2 + 2)], `${n} rows, row ${r} (JS)`).toEqual([...row]);
        }
      }
    }
  });

  it('finds a NaN that is the odd last value of a block (the WebAssembly scan checks pairs)', () => {
    // 3 features × 257 rows: the last 128-row block holds 1 row, 3 values — one pair and a tail.
    const d = 3;
    const n = 257;
    const data = randomEnsemble(11, 20, d, 6);
    const rnd = createRngForTest(3);
    for (const at of [n * d - 1, n * d - 2, 128 * d - 1]) {
      const X = Float64Array.from({ length: n * d }, () => rnd() * 2 - 1);
      X[at] = Number.NaN;
      const batch = new Float64Array(n);
      new TreeEnsembleScorer(data).scoreBatch(X, n, batch);
      for (let r = 0; r < n; r++) {
        let expected = 0.5;
        for (let t = 0; t < 20; t++) expected += leafValue(data, t, X, r * d);
        expect(batch[r]).toBe(expected);
      }
    }
  });

  it('compiles the WebAssembly kernels in Node, and scores several outputs through them like the walker', () => {
    const data = randomEnsemble(4, 12, 3, 6);
    data.outputs = 3;
    data.baseScore = Float64Array.of(0, 1, 2);
    data.treeOutput = Int32Array.from({ length: 12 }, (_, t) => t % 3);
    expect(compileWasmTrees(compileFastTrees(data), 3, 3)).not.toBeNull();
    const n = 700;
    const rnd = createRngForTest(5);
    const X = Float64Array.from({ length: n * 3 }, () => rnd() * 2 - 1);
    const out = new Float64Array(n * 3);
    new TreeEnsembleScorer(data).scoreBatch(X, n, out);
    for (let r = 0; r < n; r++) {
      const expected = [0, 1, 2];
      for (let t = 0; t < 12; t++) expected[t % 3]! += leafValue(data, t, X, r * 3);
      expect(Array.from(out.subarray(r * 3, r * 3 + 3))).toEqual(expected);
    }
  });

  it('Model.predict (table → kernel memory, in chunks) equals predictRow row by row', () => {
    const d = 4;
    const data = randomEnsemble(11, 25, d, 6);
    const names = ['a', 'b', 'c', 'e'];
    const model = createModel({
      family: 'gbdt',
      schema: {
        features: names.map((name) => ({ name, type: 'numeric' as const })),
        output: { task: 'binary', target: 'y', classes: [0, 1] },
      },
      steps: names.map((source) => ({ kind: 'numeric' as const, source, impute: null, center: 0, scale: 1 })),
      scorer: new TreeEnsembleScorer(data),
    });
    const n = 20_000;
    const rnd = createRngForTest(8);
    const cols = names.map(() =>
      Array.from({ length: n }, (_, i) => (i % 4999 === 3 ? null : rnd() * 2 - 1)),
    );
    const table = createTable(
      names,
      cols.map((c) => float64Column(c)),
    );
    const p = model.predict(table).values;
    const out = new Float64Array(1);
    for (let r = 0; r < n; r += 7) {
      model.predictRow(Object.fromEntries(names.map((name, j) => [name, cols[j]![r]!])), out);
      expect(p[r]).toBe(out[0]);
    }
  });

  it('rejects a split on a feature the model does not have', () => {
    const data = randomEnsemble(1, 2, 3, 2);
    data.feature[0] = 7;
    expect(() => new TreeEnsembleScorer(data)).toThrow(/feature 7 of 3/);
  });
});
