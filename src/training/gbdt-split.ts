/**
 * The best split of a node from its histogram: for each feature, every threshold between bins
 * (missing values tried on both sides) or, for a native categorical, every prefix of the categories
 * sorted by gradient/hessian ratio. Gains are XGBoost's: ½(G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ)) − γ.
 * Sums are packed (see gbdt-histogram.ts) and decoded here; empty bins are skipped.
 */
import type { BinLayout } from './gbdt-bins.js';
import type { Quantization } from './gbdt-histogram.js';

/** Regularisation of splits and leaves. */
export interface SplitParams {
  /** L2 regularisation of leaf values (λ). */
  lambda: number;
  /** Minimum gain to split (γ). */
  gamma: number;
  /** Minimum sum of hessians in a child. */
  minChildWeight: number;
  /** Most categories sent left by a categorical split. */
  maxCatThreshold: number;
  /** Smoothing of the category ordering ratio G/(H + s). */
  catSmooth: number;
}

/** A chosen split; `gain <= 0` means "do not split". */
export interface Split {
  gain: number;
  feature: number;
  /** Numeric: bins 1..bin go left. */
  bin: number;
  defaultLeft: boolean;
  /** Categorical: bitset of category codes (bin − 1) that go left; null for numeric splits. */
  cats: Uint32Array | null;
  /** Packed sum of the left child (the right child's is the parent's minus it). */
  left: number;
}

interface Search {
  hist: Float64Array;
  q: Quantization;
  p: SplitParams;
  P: number;
  G: number;
  H: number;
  parent: number;
  best: Split;
}

/** Search every feature allowed by `mask` for the best split of a node whose packed sum is `P`. */
export function findBestSplit(
  hist: Float64Array,
  layout: BinLayout,
  mask: Uint8Array,
  P: number,
  q: Quantization,
  p: SplitParams,
): Split {
  const best: Split = { gain: 0, feature: -1, bin: 0, defaultLeft: false, cats: null, left: 0 };
  const Gq = Math.floor(P / q.shift);
  const G = Gq * q.gScale;
  const H = (P - Gq * q.shift) * q.hScale;
  if (H < 2 * p.minChildWeight) return best;
  const s: Search = { hist, q, p, P, G, H, parent: (G * G) / (H + p.lambda), best };
  for (let f = 0; f < layout.features; f++) {
    if (mask[f] === 0) continue;
    if (layout.categorical[f] === 1) categoricalSplit(s, f, layout.binCounts[f]!);
    else numericSplit(s, f, layout.binCounts[f]!);
  }
  return best;
}

function numericSplit(s: Search, f: number, nb: number): void {
  const { hist, q, p, G, H, parent, best } = s;
  const { shift, gScale, hScale } = q;
  const inv = 1 / shift;
  const o = f << 8;
  const M = hist[o]!;
  const Mgq = Math.floor(M * inv);
  const Mg = Mgq * gScale;
  const Mh = (M - Mgq * shift) * hScale;
  const { lambda, minChildWeight: mcw, gamma } = p;
  let acc = 0;
  for (let b = 1; b < nb - 1; b++) {
    const v = hist[o + b]!;
    if (v === 0) continue;
    acc += v;
    const gq = Math.floor(acc * inv);
    const GL = gq * gScale;
    const HL = (acc - gq * shift) * hScale;
    const GR = G - GL - Mg;
    const HR = H - HL - Mh;
    if (HL >= mcw && HR + Mh >= mcw) {
      const gain =
        0.5 * ((GL * GL) / (HL + lambda) + ((GR + Mg) * (GR + Mg)) / (HR + Mh + lambda) - parent) - gamma;
      // Without missing values in training, unseen NaN goes with the heavier side.
      if (gain > best.gain) setNumeric(best, gain, f, b, Mh > 0 ? false : HL >= HR, acc);
    }
    if (Mh > 0 && HL + Mh >= mcw && HR >= mcw) {
      const gain =
        0.5 * (((GL + Mg) * (GL + Mg)) / (HL + Mh + lambda) + (GR * GR) / (HR + lambda) - parent) - gamma;
      if (gain > best.gain) setNumeric(best, gain, f, b, true, acc + M);
    }
  }
}

function setNumeric(s: Split, gain: number, f: number, b: number, defaultLeft: boolean, left: number): void {
  s.gain = gain;
  s.feature = f;
  s.bin = b;
  s.defaultLeft = defaultLeft;
  s.cats = null;
  s.left = left;
}

function categoricalSplit(s: Search, f: number, nb: number): void {
  const { hist, q, p, G, H, parent, best } = s;
  const o = f << 8;
  const gOf = (v: number) => Math.floor(v / q.shift) * q.gScale;
  const hOf = (v: number) => (v - Math.floor(v / q.shift) * q.shift) * q.hScale;
  const M = hist[o]!;
  const Mg = gOf(M);
  const Mh = hOf(M);
  const order: number[] = [];
  for (let b = 1; b < nb; b++) if (hOf(hist[o + b]!) > 0) order.push(b);
  if (order.length < 2) return;
  const ratio = (b: number) => gOf(hist[o + b]!) / (hOf(hist[o + b]!) + p.catSmooth);
  order.sort((a, b) => ratio(a) - ratio(b) || a - b);
  const limit = Math.min(p.maxCatThreshold, order.length - 1);
  for (const forward of [true, false]) {
    let acc = 0;
    for (let i = 0; i < limit; i++) {
      acc += hist[o + order[forward ? i : order.length - 1 - i]!]!;
      const GL = gOf(acc);
      const HL = hOf(acc);
      const GR = G - GL - Mg;
      const HR = H - HL - Mh;
      if (HL < p.minChildWeight || HR + Mh < p.minChildWeight) continue;
      const gain =
        0.5 * ((GL * GL) / (HL + p.lambda) + ((GR + Mg) * (GR + Mg)) / (HR + Mh + p.lambda) - parent) -
        p.gamma;
      if (gain > best.gain) {
        setNumeric(best, gain, f, 0, false, acc);
        best.cats = categorySet(order, forward, i + 1, nb);
      }
    }
  }
}

function categorySet(order: number[], forward: boolean, count: number, nb: number): Uint32Array {
  const words = new Uint32Array(Math.ceil((nb - 1) / 32));
  for (let i = 0; i < count; i++) {
    const code = order[forward ? i : order.length - 1 - i]! - 1;
    words[code >>> 5]! |= 1 << (code & 31);
  }
  return words;
}
