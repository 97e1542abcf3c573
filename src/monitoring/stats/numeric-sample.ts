/**
 * A numeric column summarised for drift statistics without sorting it: its finite values are
 * counted into the buckets of a grid (equal-width buckets between the reference's 0.05% and
 * 99.95% quantiles, plus one open bucket below and one above), and each bucket keeps the sum of
 * its values' offsets from the bucket's left edge. The bucket of a value never decreases as the
 * value grows, so cumulative distribution functions are exact at bucket boundaries; the few
 * buckets in which a statistic needs the order of the values are gathered from the column and
 * sorted afterwards (`gatherBuckets`). A summary costs one pass over the column, a gather one more.
 */

import { createRng, sortNumbers } from '../../core/index.js';

/** The bucket grid shared by a reference and every sample compared with it. */
export interface BucketGrid {
  /** Values below `lo` go to bucket 0. */
  readonly lo: number;
  /** Values at or above `hi` go to the last bucket. */
  readonly hi: number;
  /** Interior buckets per unit of value, and its inverse. */
  readonly scale: number;
  readonly width: number;
  /** Number of buckets, the two open-ended ones included. */
  readonly buckets: number;
}

/** One column summarised on a grid. */
export interface NumericSummary {
  readonly grid: BucketGrid;
  /** Number of finite values. */
  readonly n: number;
  /** Nulls, NaN and infinities (left out of every statistic). */
  readonly missing: number;
  /** `start[b]` values lie in buckets before b; `start[buckets]` is n. */
  readonly start: Int32Array;
  /** Per interior bucket, Σ (x − left edge); 0 for the two open-ended buckets. */
  readonly offsets: Float64Array;
  readonly mean: number;
  /** Population standard deviation (numpy's `std`, ddof = 0). */
  readonly std: number;
  /** The column itself, read again by `gatherBuckets`. */
  readonly values: Float64Array;
  readonly nulls: Uint8Array | null;
}

/** The sorted values of some buckets: bucket b's are `values[start[b]] … values[start[b + 1] − 1]`. */
export interface GatheredBuckets {
  readonly values: Float64Array;
  readonly start: Int32Array;
}

const SAMPLE = 8192;
const MIN_BUCKETS = 64;
const MAX_BUCKETS = 1 << 16;

/** The bucket of a finite value `v` on `grid`. */
export function bucketOf(grid: BucketGrid, v: number): number {
  if (v < grid.lo) return 0;
  const last = grid.buckets - 1;
  if (v >= grid.hi) return last;
  const k = 1 + Math.floor((v - grid.lo) * grid.scale);
  return Math.min(k, last - 1);
}

/** The left edge of interior bucket b (1 ≤ b ≤ buckets − 2). */
export function leftEdge(grid: BucketGrid, b: number): number {
  return grid.lo + (b - 1) * grid.width;
}

/** The right edge of interior bucket b (the next one's left edge; `hi` for the last interior one). */
export function rightEdge(grid: BucketGrid, b: number): number {
  return b === grid.buckets - 2 ? grid.hi : grid.lo + b * grid.width;
}

/** Up to 8,192 finite values of a column from evenly spread rows, ascending. */
export function sampleFinite(values: Float64Array, nulls: Uint8Array | null): Float64Array {
  const n = values.length;
  const take = Math.min(n, SAMPLE);
  const out = new Float64Array(take);
  let k = 0;
  // A fixed seed: the same column gives the same sample, so the grid (and every statistic) is repeatable.
  const rng = createRng(0x9e3779b9);
  const stride = Math.max(1, Math.floor(n / take));
  for (let i = 0; i < take; i++) {
    const row = Math.min(n - 1, n <= SAMPLE ? i : Math.floor((i * n) / take) + rng.int(stride));
    const v = values[row]!;
    if (nulls?.[row] !== 1 && Number.isFinite(v)) out[k++] = v;
  }
  return sortNumbers(out.subarray(0, k));
}

/** The grid for a reference column: about 16 values per bucket, range from a sample of it. */
export function createGrid(sample: Float64Array, size: number): BucketGrid {
  const s = sample.length;
  if (s === 0) return { lo: 0, hi: 0, scale: 0, width: 0, buckets: 2 };
  let lo = sample[Math.floor(s * 0.0005)]!;
  let hi = sample[Math.min(s - 1, Math.ceil(s * 0.9995))]!;
  if (!(hi > lo)) {
    lo = sample[0]!;
    hi = sample[s - 1]!;
  }
  if (!(hi > lo) || !Number.isFinite(hi - lo)) return { lo, hi: lo, scale: 0, width: 0, buckets: 2 };
  const inner = Math.min(
    MAX_BUCKETS,
    Math.max(MIN_BUCKETS, 2 ** Math.ceil(Math.log2(Math.max(1, size / 16)))),
  );
  return { lo, hi, scale: inner / (hi - lo), width: (hi - lo) / inner, buckets: inner + 2 };
}

/** Summarise a column on `grid`; `shift` (any value near the mean) keeps the variance accurate. */
export function summarize(
  values: Float64Array,
  nulls: Uint8Array | null,
  grid: BucketGrid,
  shift = 0,
): NumericSummary {
  const { lo, hi, scale, width } = grid;
  const last = grid.buckets - 1;
  const start = new Int32Array(grid.buckets + 1);
  const offsets = new Float64Array(grid.buckets);
  let missing = 0;
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if ((nulls !== null && nulls[i] === 1) || v - v !== 0) {
      missing++;
      continue;
    }
    let k = last;
    if (v < lo) k = 0;
    else if (v < hi) {
      k = 1 + Math.floor((v - lo) * scale);
      if (k > last - 1) k = last - 1;
      offsets[k]! += v - (lo + (k - 1) * width);
    }
    start[k + 1]!++;
    const d = v - shift;
    sum += d;
    squares += d * d;
  }
  for (let b = 0; b <= last; b++) start[b + 1]! += start[b]!;
  const n = values.length - missing;
  const mean = sum / n;
  const variance = Math.max(0, squares / n - mean * mean);
  return { grid, n, missing, start, offsets, mean: mean + shift, std: Math.sqrt(variance), values, nulls };
}

/** The values of the buckets flagged in `wanted`, each bucket's sorted. */
export function gatherBuckets(summary: NumericSummary, wanted: Uint8Array): GatheredBuckets {
  const { grid, values, nulls } = summary;
  const start = new Int32Array(grid.buckets + 1);
  for (let b = 0; b < grid.buckets; b++) {
    const count = wanted[b] === 1 ? summary.start[b + 1]! - summary.start[b]! : 0;
    start[b + 1] = start[b]! + count;
  }
  const out = new Float64Array(start[grid.buckets]!);
  const next = start.slice(0, grid.buckets);
  const { lo, hi, scale } = grid;
  const last = grid.buckets - 1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if ((nulls !== null && nulls[i] === 1) || v - v !== 0) continue;
    // bucketOf, inlined: this loop reads every value of the column.
    let k = last;
    if (v < lo) k = 0;
    else if (v < hi) {
      k = 1 + Math.floor((v - lo) * scale);
      if (k > last - 1) k = last - 1;
    }
    if (wanted[k] === 1) out[next[k]!++] = v;
  }
  for (let b = 0; b < grid.buckets; b++)
    if (start[b + 1]! - start[b]! > 1) sortRange(out, start[b]!, start[b + 1]!);
  return { values: out, start };
}

function sortRange(a: Float64Array, from: number, to: number): void {
  if (to - from > 24) {
    // Tied data (integers, rounded values) fills whole buckets with one value: nothing to sort.
    const first = a[from]!;
    let i = from + 1;
    while (i < to && a[i] === first) i++;
    if (i < to) a.subarray(from, to).sort();
    return;
  }
  for (let i = from + 1; i < to; i++) {
    const v = a[i]!;
    let j = i - 1;
    while (j >= from && a[j]! > v) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = v;
  }
}
