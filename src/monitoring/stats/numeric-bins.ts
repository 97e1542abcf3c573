/**
 * Binning of a numeric column for the binned distances (PSI, KL, Jensen–Shannon, Hellinger):
 * edges are the reference's quantiles at 1/bins, 2/bins, …, (bins−1)/bins (numpy's default
 * 'linear' method), duplicates dropped; bin i holds edges[i−1] ≤ v < edges[i], the first bin open
 * below and the last open above, so every current value has a bin (numpy's
 * `searchsorted(edges, v, side='right')`). Order statistics and counts come from the summaries:
 * only the buckets that hold a quantile or an edge are gathered.
 */
import { bucketOf, type GatheredBuckets, type NumericSummary } from './numeric-sample.js';

/** The bucket that holds rank r (0-based) of the summary's ascending order. */
export function bucketOfRank(summary: NumericSummary, r: number): number {
  let lo = 0;
  let hi = summary.grid.buckets - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (summary.start[mid]! <= r) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The ranks numpy's linear quantiles at `qs` read (each q gives one or two ranks). */
export function quantileRanks(n: number, qs: readonly number[]): number[] {
  const ranks: number[] = [];
  for (const q of qs) {
    const virtual = (n - 1) * q;
    const prev = Math.floor(virtual);
    if (virtual >= n - 1) ranks.push(n - 1);
    else ranks.push(Math.max(0, prev), Math.max(0, prev + 1));
  }
  return ranks;
}

function valueOfRank(summary: NumericSummary, gathered: GatheredBuckets, r: number): number {
  const b = bucketOfRank(summary, r);
  return gathered.values[gathered.start[b]! + r - summary.start[b]!]!;
}

/** numpy's `quantile(x, q)` (method 'linear') for each q; the rank buckets must be gathered. */
export function quantilesOf(
  summary: NumericSummary,
  gathered: GatheredBuckets,
  qs: readonly number[],
): number[] {
  const n = summary.n;
  return qs.map((q) => {
    const virtual = (n - 1) * q;
    if (virtual >= n - 1) return valueOfRank(summary, gathered, n - 1);
    if (virtual < 0) return valueOfRank(summary, gathered, 0);
    const prev = Math.floor(virtual);
    const a = valueOfRank(summary, gathered, prev);
    const b = valueOfRank(summary, gathered, prev + 1);
    const gamma = virtual - prev;
    const diff = b - a;
    return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
  });
}

/** The quantile levels 1/bins … (bins−1)/bins. */
export function binLevels(bins: number): number[] {
  return Array.from({ length: bins - 1 }, (_, i) => (i + 1) / bins);
}

/** Ascending edges without duplicates. */
export function uniqueEdges(values: readonly number[]): number[] {
  return values.filter((e, i) => i === 0 || e !== values[i - 1]);
}

/** The number of values below `e`; the bucket of `e` must be gathered. */
function countBelow(summary: NumericSummary, gathered: GatheredBuckets, e: number): number {
  const b = bucketOf(summary.grid, e);
  let count = summary.start[b]!;
  for (let i = gathered.start[b]!; i < gathered.start[b + 1]!; i++) {
    if (gathered.values[i]! < e) count++;
    else break;
  }
  return count;
}

/** Counts in the edges.length + 1 bins; the buckets of the edges must be gathered. */
export function binCounts(
  summary: NumericSummary,
  gathered: GatheredBuckets,
  edges: readonly number[],
): Float64Array {
  const out = new Float64Array(edges.length + 1);
  let previous = 0;
  edges.forEach((e, i) => {
    const below = countBelow(summary, gathered, e);
    out[i] = below - previous;
    previous = below;
  });
  out[edges.length] = summary.n - previous;
  return out;
}
