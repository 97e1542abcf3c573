/**
 * Fast batch scoring of tree ensembles. Each tree of depth <= 10 without categorical splits is laid
 * out as a complete binary tree (node i has children 2i+1 and 2i+2; a leaf above the bottom is
 * padded with "always left" nodes, threshold +Infinity), so a row takes exactly `depth` steps with
 * no branch on the data: `k = 2k + 1 + (x > t)`. Rows are scored in blocks that stay in cache, eight
 * rows at a time so the CPU overlaps their independent walks. A block holding a NaN takes the
 * missing-aware path. Trees that do not fit this layout are scored by the plain walker.
 */
import type { TreeEnsembleData } from './trees.js';

const MAX_FAST_DEPTH = 10;
const BLOCK = 64;

/** Complete-layout copies of the trees that fit it. */
export interface FastTrees {
  /** Tree depth per fast tree. */
  depth: Int32Array;
  nodeOffset: Int32Array;
  leafOffset: Int32Array;
  output: Int32Array;
  feature: Int32Array;
  threshold: Float64Array;
  /** 1 when NaN goes right. */
  missingRight: Uint8Array;
  leaf: Float64Array;
  /** Trees left to the plain walker. */
  slowTrees: number[];
}

/** Lay out every eligible tree of `d` as a complete tree. */
export function compileFastTrees(d: TreeEnsembleData): FastTrees {
  const T = d.treeOutput.length;
  const fast: number[] = [];
  const depths: number[] = [];
  const slowTrees: number[] = [];
  for (let t = 0; t < T; t++) {
    const depth = treeDepth(d, t);
    if (depth <= MAX_FAST_DEPTH && !hasCategorical(d, t)) {
      fast.push(t);
      depths.push(depth);
    } else slowTrees.push(t);
  }
  const nodeOffset = new Int32Array(fast.length);
  const leafOffset = new Int32Array(fast.length);
  let nodes = 0;
  let leaves = 0;
  fast.forEach((_, i) => {
    nodeOffset[i] = nodes;
    leafOffset[i] = leaves;
    nodes += (1 << depths[i]!) - 1;
    leaves += 1 << depths[i]!;
  });
  const out: FastTrees = {
    depth: Int32Array.from(depths),
    nodeOffset,
    leafOffset,
    output: Int32Array.from(fast, (t) => d.treeOutput[t]!),
    feature: new Int32Array(nodes),
    threshold: new Float64Array(nodes).fill(Infinity),
    missingRight: new Uint8Array(nodes),
    leaf: new Float64Array(leaves),
    slowTrees,
  };
  fast.forEach((t, i) => {
    place(d, out, d.treeStart[t]!, 0, 0, depths[i]!, nodeOffset[i]!, leafOffset[i]!);
  });
  return out;
}

function place(
  d: TreeEnsembleData,
  out: FastTrees,
  base: number,
  node: number,
  pos: number,
  D: number,
  no: number,
  lo: number,
): void {
  const i = base + node;
  const level = Math.floor(Math.log2(pos + 1));
  if (level === D) {
    out.leaf[lo + pos - ((1 << D) - 1)] = d.value[i]!;
    return;
  }
  if (d.feature[i]! < 0) {
    // A leaf above the bottom: an always-left node (x > +Inf is false, NaN goes left too).
    place(d, out, base, node, 2 * pos + 1, D, no, lo);
    return;
  }
  out.feature[no + pos] = d.feature[i]!;
  out.threshold[no + pos] = d.threshold[i]!;
  out.missingRight[no + pos] = d.missingLeft[i] === 1 ? 0 : 1;
  place(d, out, base, d.left[i]!, 2 * pos + 1, D, no, lo);
  place(d, out, base, d.right[i]!, 2 * pos + 2, D, no, lo);
}

function treeDepth(d: TreeEnsembleData, t: number): number {
  const base = d.treeStart[t]!;
  const size = d.treeStart[t + 1]! - base;
  const depth = new Int32Array(size);
  let max = 0;
  for (let i = 0; i < size; i++) {
    if (d.feature[base + i]! < 0) continue;
    depth[d.left[base + i]!] = depth[i]! + 1;
    depth[d.right[base + i]!] = depth[i]! + 1;
    max = Math.max(max, depth[i]! + 1);
  }
  return max;
}

function hasCategorical(d: TreeEnsembleData, t: number): boolean {
  for (let i = d.treeStart[t]!; i < d.treeStart[t + 1]!; i++) if (d.catStart[i]! >= 0) return true;
  return false;
}

/** Add every fast tree's leaf to `out` (row-major n×K, already holding the base score). */
export function scoreFast(
  ft: FastTrees,
  X: Float64Array,
  n: number,
  d: number,
  K: number,
  out: Float64Array,
): void {
  const T = ft.depth.length;
  if (n < 8) {
    // Too few rows for the eight-row walks.
    scoreRowsApart(ft, X, 0, n, d, K, out);
    return;
  }
  for (let b0 = 0; b0 < n; b0 += BLOCK) {
    const b1 = Math.min(n, b0 + BLOCK);
    const nan = blockHasNaN(X, b0 * d, b1 * d);
    for (let t = 0; t < T; t++) {
      if (nan) scoreBlockMissing(ft, t, X, b0, b1, d, K, out);
      else scoreBlock(ft, t, X, b0, b1, d, K, out);
    }
  }
}

/**
 * Rows r0..r1 of X, each walking all trees on its own (eight trees at a time, `scoreFastRow`),
 * adding leaves in tree order like every other kernel.
 */
export function scoreRowsApart(
  ft: FastTrees,
  X: Float64Array,
  r0: number,
  r1: number,
  d: number,
  K: number,
  out: Float64Array,
): void {
  for (let r = r0; r < r1; r++)
    scoreFastRow(ft, X.subarray(r * d, (r + 1) * d), out.subarray(r * K, (r + 1) * K));
}

/** True when X[s..e) holds a NaN. */
function blockHasNaN(X: Float64Array, s: number, e: number): boolean {
  for (let i = s; i < e; i++) if (Number.isNaN(X[i]!)) return true;
  return false;
}

/** One tree over rows b0..b1 with no NaN: eight branch-free walks at a time. */
export function scoreBlock(
  ft: FastTrees,
  t: number,
  X: Float64Array,
  b0: number,
  b1: number,
  d: number,
  K: number,
  out: Float64Array,
): void {
  const D = ft.depth[t]!;
  const lo = ft.leafOffset[t]!;
  const o = ft.output[t]!;
  const leaf = ft.leaf;
  if (D === 0) {
    for (let j = b0; j < b1; j++) out[j * K + o]! += leaf[lo]!;
    return;
  }
  const pf = ft.feature;
  const pt = ft.threshold;
  const fo = ft.nodeOffset[t]!;
  const step = 1 - fo;
  const q = lo - fo - ((1 << D) - 1);
  const f0 = pf[fo]!;
  const t0 = pt[fo]!;
  const r0 = fo + 1;
  let j = b0;
  for (; j + 7 < b1; j += 8) {
    const a0 = j * d;
    const a1 = a0 + d;
    const a2 = a1 + d;
    const a3 = a2 + d;
    const a4 = a3 + d;
    const a5 = a4 + d;
    const a6 = a5 + d;
    const a7 = a6 + d;
    let k0 = r0 + +(X[a0 + f0]! > t0);
    let k1 = r0 + +(X[a1 + f0]! > t0);
    let k2 = r0 + +(X[a2 + f0]! > t0);
    let k3 = r0 + +(X[a3 + f0]! > t0);
    let k4 = r0 + +(X[a4 + f0]! > t0);
    let k5 = r0 + +(X[a5 + f0]! > t0);
    let k6 = r0 + +(X[a6 + f0]! > t0);
    let k7 = r0 + +(X[a7 + f0]! > t0);
    for (let l = 1; l < D; l++) {
      k0 = 2 * k0 + step + +(X[a0 + pf[k0]!]! > pt[k0]!);
      k1 = 2 * k1 + step + +(X[a1 + pf[k1]!]! > pt[k1]!);
      k2 = 2 * k2 + step + +(X[a2 + pf[k2]!]! > pt[k2]!);
      k3 = 2 * k3 + step + +(X[a3 + pf[k3]!]! > pt[k3]!);
      k4 = 2 * k4 + step + +(X[a4 + pf[k4]!]! > pt[k4]!);
      k5 = 2 * k5 + step + +(X[a5 + pf[k5]!]! > pt[k5]!);
      k6 = 2 * k6 + step + +(X[a6 + pf[k6]!]! > pt[k6]!);
      k7 = 2 * k7 + step + +(X[a7 + pf[k7]!]! > pt[k7]!);
    }
    const w = j * K + o;
    out[w]! += leaf[q + k0]!;
    out[w + K]! += leaf[q + k1]!;
    out[w + 2 * K]! += leaf[q + k2]!;
    out[w + 3 * K]! += leaf[q + k3]!;
    out[w + 4 * K]! += leaf[q + k4]!;
    out[w + 5 * K]! += leaf[q + k5]!;
    out[w + 6 * K]! += leaf[q + k6]!;
    out[w + 7 * K]! += leaf[q + k7]!;
  }
  for (; j < b1; j++) {
    const a = j * d;
    let k = fo;
    for (let l = 0; l < D; l++) k = 2 * k + step + +(X[a + pf[k]!]! > pt[k]!);
    out[j * K + o]! += leaf[q + k]!;
  }
}

/** One tree over rows b0..b1 that may hold NaN: NaN takes each node's missing direction. */
export function scoreBlockMissing(
  ft: FastTrees,
  t: number,
  X: Float64Array,
  b0: number,
  b1: number,
  d: number,
  K: number,
  out: Float64Array,
): void {
  const D = ft.depth[t]!;
  const fo = ft.nodeOffset[t]!;
  const step = 1 - fo;
  const q = ft.leafOffset[t]! - fo - ((1 << D) - 1);
  const { feature: pf, threshold: pt, missingRight: mr, leaf } = ft;
  const o = ft.output[t]!;
  for (let j = b0; j < b1; j++) {
    const a = j * d;
    let k = fo;
    for (let l = 0; l < D; l++) {
      const x = X[a + pf[k]!]!;
      const th = pt[k]!;
      k = 2 * k + step + (x > th ? 1 : x <= th ? 0 : mr[k]!);
    }
    out[j * K + o]! += leaf[q + k]!;
  }
}

/** Score a single row with the fast layout (no allocation). */
export function scoreFastRow(ft: FastTrees, x: Float64Array, out: Float64Array): void {
  let missing = false;
  for (let c = 0; c < x.length; c++) if (Number.isNaN(x[c]!)) missing = true;
  const { feature: pf, threshold: pt, missingRight: mr, leaf, depth, nodeOffset, leafOffset, output } = ft;
  const T = depth.length;
  let t = 0;
  if (!missing) {
    // Eight trees of one depth at a time: their walks are independent chains of loads, so the CPU
    // overlaps them instead of waiting on each in turn. Leaves are added in tree order, as below.
    for (; t + 7 < T; t += 8) {
      const D = depth[t]!;
      if (
        depth[t + 1] !== D ||
        depth[t + 2] !== D ||
        depth[t + 3] !== D ||
        depth[t + 4] !== D ||
        depth[t + 5] !== D ||
        depth[t + 6] !== D ||
        depth[t + 7] !== D
      )
        break;
      const f0 = nodeOffset[t + 0]!;
      const f1 = nodeOffset[t + 1]!;
      const f2 = nodeOffset[t + 2]!;
      const f3 = nodeOffset[t + 3]!;
      const f4 = nodeOffset[t + 4]!;
      const f5 = nodeOffset[t + 5]!;
      const f6 = nodeOffset[t + 6]!;
      const f7 = nodeOffset[t + 7]!;
      let k0 = f0;
      let k1 = f1;
      let k2 = f2;
      let k3 = f3;
      let k4 = f4;
      let k5 = f5;
      let k6 = f6;
      let k7 = f7;
      for (let l = 0; l < D; l++) {
        k0 = 2 * k0 + 1 - f0 + +(x[pf[k0]!]! > pt[k0]!);
        k1 = 2 * k1 + 1 - f1 + +(x[pf[k1]!]! > pt[k1]!);
        k2 = 2 * k2 + 1 - f2 + +(x[pf[k2]!]! > pt[k2]!);
        k3 = 2 * k3 + 1 - f3 + +(x[pf[k3]!]! > pt[k3]!);
        k4 = 2 * k4 + 1 - f4 + +(x[pf[k4]!]! > pt[k4]!);
        k5 = 2 * k5 + 1 - f5 + +(x[pf[k5]!]! > pt[k5]!);
        k6 = 2 * k6 + 1 - f6 + +(x[pf[k6]!]! > pt[k6]!);
        k7 = 2 * k7 + 1 - f7 + +(x[pf[k7]!]! > pt[k7]!);
      }
      const base = (1 << D) - 1;
      out[output[t + 0]!]! += leaf[leafOffset[t + 0]! - f0 - base + k0]!;
      out[output[t + 1]!]! += leaf[leafOffset[t + 1]! - f1 - base + k1]!;
      out[output[t + 2]!]! += leaf[leafOffset[t + 2]! - f2 - base + k2]!;
      out[output[t + 3]!]! += leaf[leafOffset[t + 3]! - f3 - base + k3]!;
      out[output[t + 4]!]! += leaf[leafOffset[t + 4]! - f4 - base + k4]!;
      out[output[t + 5]!]! += leaf[leafOffset[t + 5]! - f5 - base + k5]!;
      out[output[t + 6]!]! += leaf[leafOffset[t + 6]! - f6 - base + k6]!;
      out[output[t + 7]!]! += leaf[leafOffset[t + 7]! - f7 - base + k7]!;
    }
  }
  for (; t < T; t++) {
    const D = depth[t]!;
    const fo = nodeOffset[t]!;
    const step = 1 - fo;
    let k = fo;
    for (let l = 0; l < D; l++) {
      const v = x[pf[k]!]!;
      const th = pt[k]!;
      k = 2 * k + step + (v > th ? 1 : v <= th ? 0 : mr[k]!);
    }
    out[output[t]!]! += leaf[leafOffset[t]! - fo - ((1 << D) - 1) + k]!;
  }
}
