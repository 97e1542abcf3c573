/**
 * Histograms with stored edges, so that other data (a new dataset version, a window of live
 * traffic) can be binned exactly the same way later, e.g. for drift tests.
 *
 * Bin i holds values v with edges[i] <= v < edges[i + 1]; the last bin also holds v == its upper edge.
 * Edge rules for a column's profile:
 * - integers spanning at most `bins` distinct values get one bin per integer, edges at k ± 0.5;
 * - a constant column gets the single bin [v - 0.5, v + 0.5];
 * - otherwise `bins` equal-width bins from min to max (the last edge is exactly max).
 */

/** Bin edges (ascending, one more than the bins) and the count in each bin. */
export interface Histogram {
  edges: number[];
  counts: number[];
}

/** Counts of values binned with stored edges, plus those that fell outside them. */
export interface BinnedCounts {
  counts: number[];
  /** Finite values below the first edge. */
  below: number;
  /** Finite values above the last edge. */
  above: number;
  /** Null, NaN and infinite values, which no bin holds. */
  missing: number;
}

/** The edges for a column with these finite min and max (see the module comment for the rules). */
export function histogramEdges(min: number, max: number, bins: number, integer: boolean): number[] {
  if (min === max) return [min - 0.5, max + 0.5];
  if (integer && max - min + 1 <= bins) {
    return Array.from({ length: max - min + 2 }, (_, i) => min - 0.5 + i);
  }
  const edges = Array.from({ length: bins + 1 }, (_, i) => min + ((max - min) * i) / bins);
  edges[bins] = max;
  return edges;
}

/** The bin of `value` under `edges`, or -1 below the first edge and `edges.length - 1` above the last. */
export function binIndex(edges: readonly number[], value: number): number {
  const last = edges.length - 1;
  if (value < edges[0]!) return -1;
  if (value > edges[last]!) return last;
  if (value === edges[last]) return last - 1;
  // Binary search for the largest i with edges[i] <= value.
  let lo = 0;
  let hi = last - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (edges[mid]! <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Bin `values` (skipping rows whose `nulls` bit is set) with stored `edges`. */
export function binValues(
  edges: readonly number[],
  values: ArrayLike<number>,
  nulls?: Uint8Array | null,
): BinnedCounts {
  const bins = edges.length - 1;
  const out: BinnedCounts = { counts: new Array<number>(bins).fill(0), below: 0, above: 0, missing: 0 };
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (nulls?.[i] === 1 || !Number.isFinite(v)) {
      out.missing++;
      continue;
    }
    const bin = binIndex(edges, v);
    if (bin < 0) out.below++;
    else if (bin >= bins) out.above++;
    else out.counts[bin]!++;
  }
  return out;
}

/**
 * Bin already sorted finite values: each bin's count is the distance between the first values at
 * or past its edges (two binary searches a bin, not a walk over the values).
 */
export function binSorted(edges: readonly number[], sorted: Float64Array): number[] {
  const bins = edges.length - 1;
  const counts = new Array<number>(bins).fill(0);
  let start = firstFrom(sorted, edges[0]!, 0, false);
  for (let b = 0; b < bins; b++) {
    // The last bin is closed: it ends past the values equal to its upper edge.
    const end = firstFrom(sorted, edges[b + 1]!, start, b === bins - 1);
    counts[b] = end - start;
    start = end;
  }
  return counts;
}

/**
 * The first index at or after `from` whose value is >= x (> x when `past` is true), or
 * sorted.length if there is none.
 */
function firstFrom(sorted: Float64Array, x: number, from: number, past: boolean): number {
  let lo = from;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid]!;
    if (v < x || (past && v === x)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
