/**
 * Exact TreeSHAP (Lundberg, Erion & Lee 2018, Algorithm 2) for Flywheel's tree ensembles, in
 * polynomial time, on the "tree path-dependent" value function: v(S) is the expected score when
 * the features in S take x's values and the others follow the tree's own split proportions. Those
 * proportions (node covers) come from background rows passed through the trees (the training rows
 * are the usual choice); a node no background row reached splits its weight evenly. Attributions
 * are in raw-score (margin) space and sum to the score minus the base value.
 */
import type { TreeEnsembleData } from '../../models/index.js';

/** Per-node background counts of every tree, for the value function. */
export function nodeCovers(d: TreeEnsembleData, background: Float64Array, rows: number): Float64Array {
  const cover = new Float64Array(d.feature.length);
  const width = d.features;
  for (let t = 0; t < d.treeOutput.length; t++) {
    const base = d.treeStart[t]!;
    for (let r = 0; r < rows; r++) {
      let i = base;
      for (;;) {
        cover[i]! += 1;
        if (d.feature[i]! < 0) break;
        i = base + (goesLeft(d, i, background[r * width + d.feature[i]!]!) ? d.left[i]! : d.right[i]!);
      }
    }
  }
  return cover;
}

/** Where row value `v` goes at node `i`: NaN by the node's missing direction, categories by set. */
export function goesLeft(d: TreeEnsembleData, i: number, v: number): boolean {
  if (Number.isNaN(v)) return d.missingLeft[i] === 1;
  if (d.catStart[i]! < 0) return v <= d.threshold[i]!;
  if (v < 0 || v !== Math.floor(v) || v >>> 5 >= d.catLength[i]!) return false;
  return ((d.catWords[d.catStart[i]! + (v >>> 5)]! >>> (v & 31)) & 1) === 1;
}

/** The share of node `i`'s cover that goes to `child` (even split when nothing reached `i`). */
function share(cover: Float64Array, i: number, child: number): number {
  return cover[i]! > 0 ? cover[child]! / cover[i]! : 0.5;
}

/** A path element: the feature split on, the fractions of "zero" and "one" paths, the weight. */
interface PathElement {
  d: number;
  z: number;
  o: number;
  w: number;
}

function extend(m: PathElement[], pz: number, po: number, pi: number): PathElement[] {
  const l = m.length;
  const out = m.map((e) => ({ ...e }));
  out.push({ d: pi, z: pz, o: po, w: l === 0 ? 1 : 0 });
  for (let i = l - 1; i >= 0; i--) {
    out[i + 1]!.w += (po * out[i]!.w * (i + 1)) / (l + 1);
    out[i]!.w = (pz * out[i]!.w * (l - i)) / (l + 1);
  }
  return out;
}

function unwind(m: PathElement[], i: number): PathElement[] {
  const l = m.length - 1;
  const out = m.map((e) => ({ ...e }));
  let n = out[l]!.w;
  const { z, o } = out[i]!;
  for (let j = l - 1; j >= 0; j--) {
    if (o !== 0) {
      const t = out[j]!.w;
      out[j]!.w = (n * (l + 1)) / ((j + 1) * o);
      n = t - (out[j]!.w * z * (l - j)) / (l + 1);
    } else {
      out[j]!.w = (out[j]!.w * (l + 1)) / (z * (l - j));
    }
  }
  for (let j = i; j < l; j++) {
    out[j]!.d = out[j + 1]!.d;
    out[j]!.z = out[j + 1]!.z;
    out[j]!.o = out[j + 1]!.o;
  }
  return out.slice(0, l);
}

/** Add tree `t`'s attributions for row `x` into `phi` (length = features). */
export function treeShapTree(
  d: TreeEnsembleData,
  cover: Float64Array,
  t: number,
  x: Float64Array,
  phi: Float64Array,
): void {
  const base = d.treeStart[t]!;
  const recurse = (j: number, path: PathElement[], pz: number, po: number, pi: number): void => {
    const m = extend(path, pz, po, pi);
    const f = d.feature[j]!;
    if (f < 0) {
      for (let i = 1; i < m.length; i++) {
        const w = unwind(m, i).reduce((s, e) => s + e.w, 0);
        phi[m[i]!.d]! += w * (m[i]!.o - m[i]!.z) * d.value[j]!;
      }
      return;
    }
    const left = base + d.left[j]!;
    const right = base + d.right[j]!;
    const [hot, cold] = goesLeft(d, j, x[f]!) ? [left, right] : [right, left];
    let iz = 1;
    let io = 1;
    let rest = m;
    const k = m.findIndex((e, idx) => idx > 0 && e.d === f);
    if (k > 0) {
      iz = m[k]!.z;
      io = m[k]!.o;
      rest = unwind(m, k);
    }
    recurse(hot, rest, iz * share(cover, j, hot), io, f);
    recurse(cold, rest, iz * share(cover, j, cold), 0, f);
  };
  recurse(base, [], 1, 1, -1);
}

/** The expected score of tree `t` given the features in `known` take x's values (Algorithm 1). */
export function expectedValue(
  d: TreeEnsembleData,
  cover: Float64Array,
  t: number,
  x: Float64Array,
  known: (feature: number) => boolean,
): number {
  const base = d.treeStart[t]!;
  const g = (j: number): number => {
    const f = d.feature[j]!;
    if (f < 0) return d.value[j]!;
    const left = base + d.left[j]!;
    const right = base + d.right[j]!;
    if (known(f)) return g(goesLeft(d, j, x[f]!) ? left : right);
    return share(cover, j, left) * g(left) + share(cover, j, right) * g(right);
  };
  return g(base);
}

/** Attributions of one preprocessed row for every output: phi[k][feature], and the base values. */
export function treeShap(
  d: TreeEnsembleData,
  cover: Float64Array,
  x: Float64Array,
): { phi: Float64Array[]; base: Float64Array } {
  const phi = Array.from({ length: d.outputs }, () => new Float64Array(d.features));
  const base = Float64Array.from(d.baseScore);
  for (let t = 0; t < d.treeOutput.length; t++) {
    const k = d.treeOutput[t]!;
    treeShapTree(d, cover, t, x, phi[k]!);
    base[k]! += expectedValue(d, cover, t, x, () => false);
  }
  return { phi, base };
}
