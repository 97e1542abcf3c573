/**
 * Growing one regression tree on binned data: depth-wise (level by level, XGBoost's default) or
 * leaf-wise (always the leaf with the largest gain, LightGBM's). Row indices are partitioned in
 * place in one Int32Array (stable, so rows stay in memory order); a node's histogram is built only
 * for the smaller child and the larger child's is the parent's minus it.
 */

import type { Rng } from '../core/index.js';
import type { BinLayout } from './gbdt-bins.js';
import {
  buildHistogram,
  HistogramPool,
  packGradients,
  type Quantization,
  subtractHistogram,
} from './gbdt-histogram.js';
import { findBestSplit, type Split, type SplitParams } from './gbdt-split.js';

/** How trees grow. */
export interface GrowParams extends SplitParams {
  /** Maximum depth (0: unlimited). */
  maxDepth: number;
  /** Maximum leaves (0: unlimited). */
  maxLeaves: number;
  policy: 'depthwise' | 'lossguide';
  learningRate: number;
}

/** A tree over bins; node 0 is the root, `feature[i] === -1` marks a leaf. */
export interface BinnedTree {
  feature: Int32Array;
  bin: Int32Array;
  defaultLeft: Uint8Array;
  cats: (Uint32Array | null)[];
  left: Int32Array;
  right: Int32Array;
  /** Leaf values (already scaled by the learning rate). */
  value: Float64Array;
  /** Split gain of internal nodes. */
  gain: Float64Array;
}

/** A grown tree and where its leaves' rows sit in `rows`. */
export interface GrownTree {
  tree: BinnedTree;
  rows: Int32Array;
  leafStart: number[];
  leafEnd: number[];
  leafValue: number[];
}

interface Candidate {
  node: number;
  start: number;
  end: number;
  depth: number;
  /** Packed gradient/hessian sum of the node's rows. */
  P: number;
  hist: Float64Array | null;
  split: Split | null;
}

/** Grows trees on one binned matrix, reusing its buffers from tree to tree. */
export class TreeGrower {
  private readonly pool: HistogramPool;
  private readonly rows: Int32Array;
  private readonly tmp: Int32Array;
  private readonly packed: Float64Array;
  private readonly words: Uint32Array;
  private q: Quantization = { shift: 1, gScale: 1, hScale: 1 };
  private grad: Float64Array = new Float64Array(0);
  private hess: Float64Array = new Float64Array(0);
  private nodes = newNodes();
  private leaves = { start: [] as number[], end: [] as number[], value: [] as number[] };
  private mask: Uint8Array;

  constructor(
    private readonly bins: Uint8Array,
    private readonly n: number,
    private readonly layout: BinLayout,
    private readonly params: GrowParams,
  ) {
    this.pool = new HistogramPool(layout.stride);
    this.words = new Uint32Array(bins.buffer, bins.byteOffset, bins.length >>> 2);
    this.rows = new Int32Array(n);
    this.tmp = new Int32Array(n);
    this.packed = new Float64Array(n);
    this.mask = new Uint8Array(layout.features).fill(1);
  }

  /** Grow a tree on the gradients of `rows` (all rows when null); `mask` selects the features. */
  grow(
    grad: Float64Array,
    hess: Float64Array,
    rows: Int32Array | null,
    mask: Uint8Array,
    rng: Rng,
  ): GrownTree {
    this.mask = mask;
    this.grad = grad;
    this.hess = hess;
    this.nodes = newNodes();
    this.leaves = { start: [], end: [], value: [] };
    const count = rows === null ? this.n : rows.length;
    if (rows === null) for (let i = 0; i < count; i++) this.rows[i] = i;
    else this.rows.set(rows);
    const { q, total } = packGradients(grad, hess, this.rows, count, this.packed, rng);
    this.q = q;
    const hist = this.pool.take();
    buildHistogram(hist, this.words, this.layout.stride, this.rows, 0, count, this.packed);
    const root: Candidate = {
      node: this.addNode(),
      start: 0,
      end: count,
      depth: 0,
      P: total,
      hist,
      split: null,
    };
    root.split = this.splitOf(root);
    this.expand([root]);
    return {
      tree: freeze(this.nodes),
      rows: this.rows,
      leafStart: this.leaves.start,
      leafEnd: this.leaves.end,
      leafValue: this.leaves.value,
    };
  }

  private expand(candidates: Candidate[]): void {
    const p = this.params;
    let leaves = 1;
    while (candidates.length > 0) {
      const c = p.policy === 'lossguide' ? takeBest(candidates) : candidates.shift()!;
      const split = c.split;
      if (split === null || split.gain <= 0 || (p.maxLeaves > 0 && leaves >= p.maxLeaves)) {
        this.makeLeaf(c);
        continue;
      }
      leaves++;
      candidates.push(...this.apply(c, split));
    }
  }

  /** Split `c`: partition its rows, create the children, and return those that may split further. */
  private apply(c: Candidate, s: Split): Candidate[] {
    const mid = this.partition(c.start, c.end, s);
    const nd = this.nodes;
    nd.feature[c.node] = s.feature;
    nd.bin[c.node] = s.bin;
    nd.defaultLeft[c.node] = s.defaultLeft ? 1 : 0;
    nd.cats[c.node] = s.cats;
    nd.gain[c.node] = s.gain;
    const depth = c.depth + 1;
    const L: Candidate = {
      node: this.addNode(),
      start: c.start,
      end: mid,
      depth,
      P: s.left,
      hist: null,
      split: null,
    };
    const R: Candidate = {
      node: this.addNode(),
      start: mid,
      end: c.end,
      depth,
      P: c.P - s.left,
      hist: null,
      split: null,
    };
    nd.left[c.node] = L.node;
    nd.right[c.node] = R.node;
    if (this.params.maxDepth > 0 && depth >= this.params.maxDepth) {
      this.pool.give(c.hist);
      this.makeLeaf(L);
      this.makeLeaf(R);
      return [];
    }
    const [small, large] = mid - c.start <= c.end - mid ? [L, R] : [R, L];
    small.hist = this.pool.take();
    buildHistogram(
      small.hist,
      this.words,
      this.layout.stride,
      this.rows,
      small.start,
      small.end,
      this.packed,
    );
    subtractHistogram(c.hist!, small.hist);
    large.hist = c.hist;
    L.split = this.splitOf(L);
    R.split = this.splitOf(R);
    return [L, R];
  }

  private splitOf(c: Candidate): Split {
    return findBestSplit(c.hist!, this.layout, this.mask, c.P, this.q, this.params);
  }

  /** Stable in-place partition of rows[start..end) by the split; returns where the right part begins. */
  private partition(start: number, end: number, s: Split): number {
    const { bins, rows, tmp } = this;
    const d = this.layout.stride;
    const f = s.feature;
    const dl = s.defaultLeft;
    let l = start;
    let k = 0;
    if (s.cats === null) {
      const t = s.bin;
      for (let i = start; i < end; i++) {
        const r = rows[i]!;
        const b = bins[r * d + f]!;
        if (b === 0 ? dl : b <= t) rows[l++] = r;
        else tmp[k++] = r;
      }
    } else {
      const cats = s.cats;
      for (let i = start; i < end; i++) {
        const r = rows[i]!;
        const b = bins[r * d + f]!;
        if (b === 0 ? dl : (cats[(b - 1) >>> 5]! >>> ((b - 1) & 31)) & 1) rows[l++] = r;
        else tmp[k++] = r;
      }
    }
    rows.set(tmp.subarray(0, k), l);
    return l;
  }

  private makeLeaf(c: Candidate): void {
    this.pool.give(c.hist);
    c.hist = null;
    // Leaf values from the exact gradients (the quantized ones only chose the splits).
    let G = 0;
    let H = 0;
    for (let i = c.start; i < c.end; i++) {
      const r = this.rows[i]!;
      G += this.grad[r]!;
      H += this.hess[r]!;
    }
    const value = (-G / (H + this.params.lambda)) * this.params.learningRate;
    this.nodes.value[c.node] = value;
    this.leaves.start.push(c.start);
    this.leaves.end.push(c.end);
    this.leaves.value.push(value);
  }

  private addNode(): number {
    const nd = this.nodes;
    nd.feature.push(-1);
    nd.bin.push(0);
    nd.defaultLeft.push(0);
    nd.cats.push(null);
    nd.left.push(-1);
    nd.right.push(-1);
    nd.value.push(0);
    nd.gain.push(0);
    return nd.feature.length - 1;
  }
}

function takeBest(candidates: Candidate[]): Candidate {
  let best = 0;
  for (let i = 1; i < candidates.length; i++) {
    if ((candidates[i]!.split?.gain ?? 0) > (candidates[best]!.split?.gain ?? 0)) best = i;
  }
  return candidates.splice(best, 1)[0]!;
}

function newNodes() {
  return {
    feature: [] as number[],
    bin: [] as number[],
    defaultLeft: [] as number[],
    cats: [] as (Uint32Array | null)[],
    left: [] as number[],
    right: [] as number[],
    value: [] as number[],
    gain: [] as number[],
  };
}

function freeze(nd: ReturnType<typeof newNodes>): BinnedTree {
  return {
    feature: Int32Array.from(nd.feature),
    bin: Int32Array.from(nd.bin),
    defaultLeft: Uint8Array.from(nd.defaultLeft),
    cats: nd.cats,
    left: Int32Array.from(nd.left),
    right: Int32Array.from(nd.right),
    value: Float64Array.from(nd.value),
    gain: Float64Array.from(nd.gain),
  };
}

/** The leaf a binned row lands in (for rows the tree was not grown on, and validation rows); `d` is the row stride. */
export function binnedLeafValue(tree: BinnedTree, bins: Uint8Array, d: number, r: number): number {
  let i = 0;
  while (tree.feature[i]! >= 0) {
    const b = bins[r * d + tree.feature[i]!]!;
    const cats = tree.cats[i];
    let left: boolean;
    if (b === 0) left = tree.defaultLeft[i] === 1;
    else if (cats === null || cats === undefined) left = b <= tree.bin[i]!;
    else left = (((cats[(b - 1) >>> 5] ?? 0) >>> ((b - 1) & 31)) & 1) === 1;
    i = left ? tree.left[i]! : tree.right[i]!;
  }
  return tree.value[i]!;
}
