/**
 * Histogram binning for gradient boosting: every feature is cut into at most `maxBins` bins once,
 * before training, and the data becomes a row-major byte matrix. Bin 0 is always "missing" (NaN);
 * numeric values fall in bins 1..n by thresholds placed between distinct values (quantiles when
 * there are more distinct values than bins); a native categorical feature's category code c is
 * bin c + 1. A split "bin <= s goes left" is the raw test `x <= upper[s - 1]`, so a tree trained on
 * bins predicts raw rows exactly as it partitioned the training rows.
 */
import { FlywheelError } from '../core/index.js';
import { sortNumbers } from '../core/sort-numbers.js';

/** The bin layout of every feature. */
export interface BinLayout {
  readonly features: number;
  /** Bytes per row of the bin matrix: `features` rounded up to a multiple of 4 (padding bins are 0). */
  readonly stride: number;
  /** Bins per feature, including the missing bin 0. */
  readonly binCounts: Int32Array;
  /** For numeric feature f, the upper edges of bins 1..n-1 (bin n is open-ended); empty for categoricals. */
  readonly upper: readonly Float64Array[];
  /** 1 for native categorical features. */
  readonly categorical: Uint8Array;
}

/** Options for `computeBins`. */
export interface BinOptions {
  /** Bins per feature including the missing bin (2..256). */
  maxBins: number;
  /** Rows sampled (evenly spaced) to place the thresholds. */
  sampleRows: number;
}

/** Place bin thresholds for each column of a row-major n×d matrix; `categories[f] > 0` marks native categoricals. */
export function computeBins(
  X: Float64Array,
  n: number,
  d: number,
  categories: Int32Array,
  options: BinOptions,
): BinLayout {
  const maxBins = Math.min(256, Math.max(2, Math.floor(options.maxBins)));
  const step = Math.max(1, Math.floor(n / Math.max(1, options.sampleRows)));
  const binCounts = new Int32Array(d);
  const upper: Float64Array[] = [];
  const categorical = new Uint8Array(d);
  const columns = sampleColumns(X, n, d, step);
  for (let f = 0; f < d; f++) {
    if (categories[f]! > 0) {
      if (categories[f]! > maxBins - 1) {
        throw new FlywheelError(
          'INVALID_ARGUMENT',
          `Feature ${f} has ${categories[f]} categories, more than max_bins - 1`,
          {
            hint: 'Raise max_bins (up to 256) or keep fewer categories.',
          },
        );
      }
      categorical[f] = 1;
      binCounts[f] = categories[f]! + 1;
      upper.push(new Float64Array(0));
      continue;
    }
    const edges = quantileEdges(sortNumbers(columns[f]!), maxBins - 1);
    upper.push(edges);
    binCounts[f] = edges.length + 2;
  }
  return { features: d, stride: (d + 3) & ~3, binCounts, upper, categorical };
}

/** The non-NaN values of every `step`-th row, one array per column (read row by row, in memory order). */
function sampleColumns(X: Float64Array, n: number, d: number, step: number): Float64Array[] {
  const size = Math.ceil(n / step);
  const cols = Array.from({ length: d }, () => new Float64Array(size));
  const counts = new Int32Array(d);
  for (let r = 0; r < n; r += step) {
    const o = r * d;
    for (let f = 0; f < d; f++) {
      const v = X[o + f]!;
      if (!Number.isNaN(v)) cols[f]![counts[f]!++] = v;
    }
  }
  return cols.map((c, f) => c.subarray(0, counts[f]!));
}

/** At most `bins - 1` thresholds that cut sorted `values` into `bins` groups of similar counts. */
function quantileEdges(values: Float64Array, bins: number): Float64Array {
  const m = values.length;
  if (m === 0) return new Float64Array(0);
  const distinct: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < m; i++) {
    if (i === 0 || values[i] !== values[i - 1]) {
      distinct.push(values[i]!);
      counts.push(1);
    } else counts[counts.length - 1]!++;
  }
  const edges: number[] = [];
  if (distinct.length <= bins) {
    for (let i = 0; i + 1 < distinct.length; i++) edges.push(midpoint(distinct[i]!, distinct[i + 1]!));
    return Float64Array.from(edges);
  }
  let remaining = m;
  let left = bins;
  let acc = 0;
  for (let i = 0; i + 1 < distinct.length && left > 1; i++) {
    acc += counts[i]!;
    const target = remaining / left;
    // Cut when this bin is full, or before a value so frequent that it deserves a bin of its own.
    if (acc >= target || counts[i + 1]! >= target) {
      edges.push(midpoint(distinct[i]!, distinct[i + 1]!));
      remaining -= acc;
      acc = 0;
      left--;
    }
  }
  return Float64Array.from(edges);
}

function midpoint(a: number, b: number): number {
  const m = a + (b - a) / 2;
  return m < b ? m : a;
}

/** Edges padded with +Infinity to 255 entries, for the branch-free search of `paddedBin`. */
function padEdges(upper: Float64Array): Float64Array {
  const out = new Float64Array(255).fill(Infinity);
  out.set(upper);
  return out;
}

/** `numericBin` over padded edges: eight steps with no data-dependent branch. */
function paddedBin(upper: Float64Array, v: number): number {
  if (Number.isNaN(v)) return 0;
  let base = 0;
  for (let half = 128; half > 0; half >>= 1) base += +(upper[base + half - 1]! < v) * half;
  return base + 1;
}

/** The bin of raw value `v` for numeric feature edges `upper` (0 for NaN). */
export function numericBin(upper: Float64Array, v: number): number {
  if (Number.isNaN(v)) return 0;
  let lo = 0;
  let hi = upper.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (upper[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo + 1;
}

/**
 * Bin a row-major n×d matrix into a row-major byte matrix with `layout.stride` bytes per row
 * (bin 0 = missing; the padding stays 0), so the histogram builder can read four bins at once.
 */
export function binMatrix(X: Float64Array, n: number, layout: BinLayout): Uint8Array {
  const { features: d, stride, categorical, binCounts } = layout;
  const out = new Uint8Array(n * stride);
  const upper = layout.upper.map(padEdges);
  for (let r = 0; r < n; r++) {
    const o = r * d;
    const w = r * stride;
    for (let f = 0; f < d; f++) {
      const v = X[o + f]!;
      if (categorical[f] === 1) {
        // Codes outside the training categories count as missing.
        out[w + f] = !Number.isNaN(v) && v >= 0 && v < binCounts[f]! - 1 ? (v | 0) + 1 : 0;
      } else out[w + f] = paddedBin(upper[f]!, v);
    }
  }
  return out;
}
