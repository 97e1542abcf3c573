import { describe, expect, it, vi } from 'vitest';
import { createTable, float64Column } from '../data/index.js';
import { createModel } from './model.js';
import { createRngForTest } from './test-rng.fixture.js';
import { leafValue, type TreeEnsembleData, TreeEnsembleScorer } from './trees.js';

interface Shape {
  trees: number;
  /** Features per row. */
  d: number;
  outputs: number;
  maxDepth: number;
  /** Probability that a node above maxDepth splits (1: complete trees, all of depth maxDepth). */
  split: number;
  /** Probability that a split is categorical. */
  categorical: number;
}

/** A random ensemble of `shape`, with full-precision leaves (so a change of summation order shows). */
function randomEnsemble(seed: number, shape: Shape): TreeEnsembleData {
  const rnd = createRngForTest(seed);
  const nodes = {
    feature: [] as number[],
    threshold: [] as number[],
    value: [] as number[],
    left: [] as number[],
    right: [] as number[],
    missingLeft: [] as number[],
    catStart: [] as number[],
    catLength: [] as number[],
  };
  const catWords: number[] = [];
  const treeStart = [0];
  for (let t = 0; t < shape.trees; t++) {
    const base = nodes.feature.length;
    const add = () => {
      for (const a of Object.values(nodes)) a.push(0);
      nodes.feature[nodes.feature.length - 1] = -1;
      nodes.catStart[nodes.catStart.length - 1] = -1;
      return nodes.feature.length - 1 - base;
    };
    const queue = [{ i: add(), depth: 0 }];
    while (queue.length) {
      const { i, depth } = queue.shift()!;
      const at = base + i;
      if (depth < shape.maxDepth && rnd() < shape.split) {
        nodes.feature[at] = Math.floor(rnd() * shape.d);
        nodes.threshold[at] = rnd() * 2 - 1;
        nodes.missingLeft[at] = rnd() < 0.5 ? 1 : 0;
        if (rnd() < shape.categorical) {
          nodes.catStart[at] = catWords.length;
          nodes.catLength[at] = 1 + Math.floor(rnd() * 2);
          for (let w = 0; w < nodes.catLength[at]!; w++) catWords.push(Math.floor(rnd() * 2 ** 32));
        }
        const l = add();
        const r = add();
        nodes.left[at] = l;
        nodes.right[at] = r;
        queue.push({ i: l, depth: depth + 1 }, { i: r, depth: depth + 1 });
      } else nodes.value[at] = (rnd() - 0.5) / (0.1 + rnd()); // a full 53-bit mantissa: sums round
    }
    treeStart.push(nodes.feature.length);
  }
  return {
    features: shape.d,
    outputs: shape.outputs,
    baseScore: Float64Array.from({ length: shape.outputs }, (_, k) => 0.5 - k),
    treeStart: Int32Array.from(treeStart),
    treeOutput: Int32Array.from({ length: shape.trees }, (_, t) => t % shape.outputs),
    feature: Int32Array.from(nodes.feature),
    threshold: Float64Array.from(nodes.threshold),
    value: Float64Array.from(nodes.value),
    left: Int32Array.from(nodes.left),
    right: Int32Array.from(nodes.right),
    missingLeft: Uint8Array.from(nodes.missingLeft),
    catStart: Int32Array.from(nodes.catStart),
    catLength: Int32Array.from(nodes.catLength),
    catWords: Uint32Array.from(catWords),
  };
}

/** Rows of `d` features: numbers around the thresholds, category codes (some past the sets, some not whole), NaN at `nan`. */
function randomRows(seed: number, n: number, d: number, nan: number): Float64Array {
  const rnd = createRngForTest(seed);
  return Float64Array.from({ length: n * d }, () => {
    const u = rnd();
    if (u < nan) return Number.NaN;
    if (u < 0.5) return Math.floor(rnd() * 70) - 2;
    if (u < 0.55) return rnd() * 70;
    return rnd() * 2.2 - 1.1;
  });
}

/** The first index where a and b differ in their bits, or −1. */
function firstDifference(a: Float64Array, b: Float64Array): number {
  const x = new BigUint64Array(a.buffer, a.byteOffset, a.length);
  const y = new BigUint64Array(b.buffer, b.byteOffset, b.length);
  if (x.length !== y.length) return 0;
  return x.findIndex((v, i) => v !== y[i]);
}

/**
 * Both kernels on the same rows, batch and row by row: they must agree bit for bit. Returns whether
 * the WebAssembly kernel ran (it does not when it takes no tree: all deep or categorical).
 */
function compareKernels(data: TreeEnsembleData, X: Float64Array, n: number, what: string): boolean {
  const fast = new TreeEnsembleScorer(data, { kernels: 'auto' });
  const reference = new TreeEnsembleScorer(data, { kernels: 'js' });
  expect(reference.batchBuffer()).toBeNull();
  const K = data.outputs;
  const got = new Float64Array(n * K);
  const want = new Float64Array(n * K);
  fast.scoreBatch(X, n, got);
  reference.scoreBatch(X, n, want);
  expect(firstDifference(got, want), `${what}: batch`).toBe(-1);
  const row = new Float64Array(K);
  const rowWant = new Float64Array(K);
  for (let r = 0; r < n; r++) {
    const x = X.subarray(r * data.features, (r + 1) * data.features);
    fast.scoreRow(x, row);
    reference.scoreRow(x, rowWant);
    expect(firstDifference(row, rowWant), `${what}: row ${r}`).toBe(-1);
    expect(firstDifference(row, want.subarray(r * K, (r + 1) * K)), `${what}: row ${r} vs batch`).toBe(-1);
  }
  return fast.batchBuffer() !== null;
}

describe('tree scoring: the WebAssembly kernel against the reference walker, bit for bit', () => {
  // Seeded shapes: every depth 1..12 (past 10 the walker takes the tree, in its place), rows ≡ 0..7
  // mod 8 around the groups of eight and the 128-row blocks, NaN none / sparse / dense, some
  // categorical splits (left to the walker too), one to three outputs, complete and ragged trees.
  for (let depth = 1; depth <= 12; depth++) {
    it(`depth ${depth}: every row count mod 8, with and without NaN and categorical splits`, () => {
      const rnd = createRngForTest(1000 + depth);
      let ran = 0;
      for (let residue = 0; residue < 8; residue++) {
        const shape: Shape = {
          trees: 1 + Math.floor(rnd() * (depth > 9 ? 12 : 40)),
          d: 1 + Math.floor(rnd() * 12),
          outputs: 1 + Math.floor(rnd() * 3),
          maxDepth: depth,
          split: residue % 3 === 0 ? 1 : 0.85,
          categorical: residue % 4 === 1 ? 0.3 : residue % 4 === 3 ? 0.02 : 0,
        };
        const n = 8 * Math.floor(rnd() * (depth > 9 ? 15 : 40)) + residue;
        const nan = [0, 0.002, 0.2][residue % 3]!;
        const data = randomEnsemble(depth * 100 + residue, shape);
        const X = randomRows(depth * 7 + residue, n, shape.d, nan);
        if (compareKernels(data, X, n, `${JSON.stringify(shape)}, ${n} rows`)) ran++;
      }
      // The kernel took trees in most cases (not in those where every tree is categorical or deep).
      expect(ran).toBeGreaterThanOrEqual(depth <= 10 ? 5 : 0);
    });
  }

  it('every batch size from 1 to 20, with a NaN and without', () => {
    const data = randomEnsemble(21, { trees: 40, d: 4, outputs: 2, maxDepth: 6, split: 0.9, categorical: 0 });
    for (let n = 1; n <= 20; n++) {
      expect(compareKernels(data, randomRows(n, n, 4, 0), n, `${n} rows`)).toBe(true);
      const X = randomRows(100 + n, n, 4, 0);
      X[(n * 4) >> 1] = Number.NaN;
      compareKernels(data, X, n, `${n} rows, one NaN`);
    }
  });

  it('rows across several chunks of the kernel memory, and a NaN as the odd last value of a block', () => {
    // 2,001 features: a chunk holds 128 rows, so 300 rows take three chunks.
    const wide = randomEnsemble(5, { trees: 24, d: 2001, outputs: 1, maxDepth: 5, split: 1, categorical: 0 });
    expect(compareKernels(wide, randomRows(6, 300, 2001, 0.0001), 300, 'wide rows')).toBe(true);
    // 3 features × 257 rows: the last 128-row block holds one row, three values — one pair and a tail.
    const data = randomEnsemble(11, { trees: 20, d: 3, outputs: 1, maxDepth: 6, split: 0.9, categorical: 0 });
    for (const at of [257 * 3 - 1, 257 * 3 - 2, 128 * 3 - 1]) {
      const X = randomRows(at, 257, 3, 0);
      X[at] = Number.NaN;
      expect(compareKernels(data, X, 257, `NaN at ${at}`)).toBe(true);
    }
  });

  it('a depth-0 tree (a single leaf) and trees of every kind side by side', () => {
    const data = randomEnsemble(8, {
      trees: 30,
      d: 3,
      outputs: 2,
      maxDepth: 11,
      split: 0.6,
      categorical: 0.1,
    });
    expect(compareKernels(data, randomRows(9, 77, 3, 0.05), 77, 'mixed')).toBe(true);
    const leaf = randomEnsemble(3, { trees: 9, d: 2, outputs: 1, maxDepth: 0, split: 1, categorical: 0 });
    expect(compareKernels(leaf, randomRows(4, 19, 2, 0.1), 19, 'leaves only')).toBe(true);
  });
});

describe('tree ensemble scoring', () => {
  it('the reference walker: NaN takes the missing direction, categories their set, others the threshold', () => {
    // One tree: node 0 splits feature 0 at 0.5 (NaN right), node 1 is categorical on feature 1 with
    // the set {1, 33} (NaN left); leaves 10, 20, 30.
    const data: TreeEnsembleData = {
      features: 2,
      outputs: 1,
      baseScore: Float64Array.of(0),
      treeStart: Int32Array.of(0, 5),
      treeOutput: Int32Array.of(0),
      feature: Int32Array.of(0, 1, -1, -1, -1),
      threshold: Float64Array.of(0.5, 0, 0, 0, 0),
      value: Float64Array.of(0, 0, 30, 10, 20),
      left: Int32Array.of(1, 3, 0, 0, 0),
      right: Int32Array.of(2, 4, 0, 0, 0),
      missingLeft: Uint8Array.of(0, 1, 0, 0, 0),
      catStart: Int32Array.of(-1, 0, -1, -1, -1),
      catLength: Int32Array.of(0, 2, 0, 0, 0),
      catWords: Uint32Array.of(0b10, 0b10),
    };
    const cases: Array<[number, number, number]> = [
      [0.5, 1, 10],
      [0.5, 33, 10],
      [0.5, 2, 20],
      [0.5, 1.5, 20],
      [0.5, 64, 20],
      [0.5, Number.NaN, 10],
      [0.6, 1, 30],
      [Number.NaN, 1, 30],
    ];
    for (const [a, b, want] of cases)
      expect(leafValue(data, 0, Float64Array.of(a, b), 0), `${a}, ${b}`).toBe(want);
    // A categorical tree is the walker's: the kernel takes nothing here.
    expect(compareKernels(data, Float64Array.from(cases.flat()), cases.length, 'small')).toBe(false);
  });

  it('Model.predict (table → kernel memory, in chunks) equals predictRow row by row', () => {
    const d = 4;
    const data = randomEnsemble(11, { trees: 25, d, outputs: 1, maxDepth: 6, split: 0.8, categorical: 0 });
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

  it('FLYWHEEL_KERNELS chooses the default kernel (js: the reference everywhere)', async () => {
    const data = randomEnsemble(2, { trees: 9, d: 3, outputs: 1, maxDepth: 3, split: 1, categorical: 0 });
    const X = randomRows(3, 21, 3, 0.1);
    const scores: Float64Array[] = [];
    try {
      for (const choice of ['js', 'auto']) {
        vi.stubEnv('FLYWHEEL_KERNELS', choice);
        vi.resetModules(); // a fresh core/env.ts reads the variable again
        const fresh = await import('./trees.js');
        const scorer = new fresh.TreeEnsembleScorer(data);
        expect(scorer.batchBuffer() === null, choice).toBe(choice === 'js');
        scores.push(new Float64Array(21));
        scorer.scoreBatch(X, 21, scores.at(-1)!);
      }
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
    }
    expect(firstDifference(scores[0]!, scores[1]!)).toBe(-1);
  });

  it('rejects a split on a feature the model does not have', () => {
    const data = randomEnsemble(1, { trees: 2, d: 3, outputs: 1, maxDepth: 2, split: 1, categorical: 0 });
    data.feature[0] = 7;
    expect(() => new TreeEnsembleScorer(data)).toThrow(/feature 7 of 3/);
  });
});
