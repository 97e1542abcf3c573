/**
 * Gradient/hessian histograms, the inner loop of histogram boosting.
 *
 * Gradients are quantized per tree (LightGBM's quantized training): g and h become integers
 * gq ∈ [−Q, Q] and hq ∈ [0, Q] by stochastic rounding, packed into one double as gq·S + hq where
 * S is a power of two above any node's sum of hq. Sums of packed values are exact integer sums in
 * float64 (below 2^53), so one addition updates both G and H, the subtraction trick is exact, and
 * a histogram holds one double per (feature, bin) at `hist[f * 256 + b]`. Split search decodes the
 * sums; leaf values are computed afterwards from the exact gradients.
 */
import { FlywheelError, type Rng } from '../core/index.js';

/** Doubles per feature in a histogram. */
export const FEATURE_STRIDE = 256;

/** How packed sums decode into gradient and hessian sums. */
export interface Quantization {
  /** The power of two separating G from H in a packed sum. */
  shift: number;
  /** Gradient per quantum. */
  gScale: number;
  /** Hessian per quantum. */
  hScale: number;
}

/** The most rows one tree may be grown on (packed sums stay exact below 2^53). */
export const MAX_TREE_ROWS = 1 << 23;

/**
 * Quantize and pack the gradients of `rows[0..count)` into `packed` (indexed by row id); returns
 * the decoding and the packed sum over the rows.
 */
export function packGradients(
  grad: Float64Array,
  hess: Float64Array,
  rows: Int32Array,
  count: number,
  packed: Float64Array,
  rng: Rng,
): { q: Quantization; total: number } {
  if (count > MAX_TREE_ROWS) {
    throw new FlywheelError(
      'UNSUPPORTED',
      `A tree can be grown on at most ${MAX_TREE_ROWS} rows, got ${count}`,
      {
        hint: 'Set subsample below 1 so each tree sees fewer rows.',
      },
    );
  }
  let gMax = 0;
  let hMax = 0;
  for (let i = 0; i < count; i++) {
    const r = rows[i]!;
    gMax = Math.max(gMax, Math.abs(grad[r]!));
    hMax = Math.max(hMax, hess[r]!);
  }
  const levels = Math.max(4, Math.min(1024, Math.floor(2 ** 25 / Math.max(1, count))));
  const shift = 2 ** Math.ceil(Math.log2(count * levels + 2));
  const gScale = gMax > 0 ? gMax / levels : 1;
  const hScale = hMax > 0 ? hMax / levels : 1;
  const gInv = 1 / gScale;
  const hInv = 1 / hScale;
  let total = 0;
  // Stochastic rounding draws from an inline xorshift32 seeded by the tree's RNG (a call per row is too slow).
  let x = (rng.int(0x7fffffff) | 1) >>> 0;
  const unit = 1 / 65536;
  for (let i = 0; i < count; i++) {
    const r = rows[i]!;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const gq = Math.floor(grad[r]! * gInv + (x & 0xffff) * unit);
    const hq = Math.floor(hess[r]! * hInv + ((x >>> 16) & 0xffff) * unit);
    const v = gq * shift + hq;
    packed[r] = v;
    total += v;
  }
  return { q: { shift, gScale, hScale }, total };
}

/** Split a packed sum into its (dequantized) gradient and hessian sums. */
export function unpackG(v: number, q: Quantization): number {
  return Math.floor(v / q.shift) * q.gScale;
}

/** The hessian part of a packed sum. */
export function unpackH(v: number, q: Quantization): number {
  return (v - Math.floor(v / q.shift) * q.shift) * q.hScale;
}

/** An all-zero histogram for `d` features. */
export function createHistogram(d: number): Float64Array {
  return new Float64Array(d * FEATURE_STRIDE);
}

/**
 * Add rows `rows[start..end)` into `hist`. `words` views the row-major bin matrix (`stride` bytes
 * per row, a multiple of 4) as 32-bit words, four bins per read.
 */
export function buildHistogram(
  hist: Float64Array,
  words: Uint32Array,
  stride: number,
  rows: Int32Array,
  start: number,
  end: number,
  packed: Float64Array,
): void {
  const W = stride >>> 2;
  for (let i = start; i < end; i++) {
    const r = rows[i]!;
    const v = packed[r]!;
    const w0 = r * W;
    for (let w = 0; w < W; w++) {
      const x = words[w0 + w]!;
      const o = w << 10;
      hist[o | (x & 255)]! += v;
      hist[(o + 256) | ((x >>> 8) & 255)]! += v;
      hist[(o + 512) | ((x >>> 16) & 255)]! += v;
      hist[(o + 768) | (x >>> 24)]! += v;
    }
  }
}

/** `parent -= child`: the histogram of a node's other child, without reading its rows (exact). */
export function subtractHistogram(parent: Float64Array, child: Float64Array): void {
  for (let i = 0; i < parent.length; i++) parent[i]! -= child[i]!;
}

/** A free list of histograms, so growing a tree allocates only while the pool warms up. */
export class HistogramPool {
  private readonly free: Float64Array[] = [];
  constructor(private readonly d: number) {}

  /** A zeroed histogram. */
  take(): Float64Array {
    const h = this.free.pop();
    if (h === undefined) return createHistogram(this.d);
    h.fill(0);
    return h;
  }

  /** Give a histogram back. */
  give(h: Float64Array | null): void {
    if (h !== null) this.free.push(h);
  }
}
