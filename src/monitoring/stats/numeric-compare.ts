/**
 * Exact two-sample statistics from two summaries on the same grid: the signed extremes of
 * F_ref − F_cur (the KS statistic), the 1-Wasserstein distance ∫|F_ref − F_cur| dx, and the
 * counts in reference-quantile bins.
 *
 * At each bucket boundary both empirical CDFs are known exactly from the counts. Inside a bucket
 * F_ref − F_cur can rise by at most (its reference count)/n_ref and fall by at most (its current
 * count)/n_cur, so a bucket's values are gathered and sorted only when that range could beat the
 * largest gap seen at a boundary, or when the sign of F_ref − F_cur may change inside it (and the
 * two open-ended buckets always). Every other bucket adds |w·S + off_cur/n_cur − off_ref/n_ref| to
 * the Wasserstein integral: w is its width, S the gap at its right end and off the sums of offsets
 * from its left edge, because ∫ F over a bucket [L, R) is F(L)(R − L) + Σ (R − x)/n.
 */
import type { KsExtremes } from './ks.js';
import {
  binCounts,
  binLevels,
  bucketOfRank,
  quantileRanks,
  quantilesOf,
  uniqueEdges,
} from './numeric-bins.js';
import {
  bucketOf,
  type GatheredBuckets,
  gatherBuckets,
  leftEdge,
  type NumericSummary,
  rightEdge,
} from './numeric-sample.js';

/** Everything one comparison of two numeric summaries gives. */
export interface NumericComparison extends KsExtremes {
  /** The 1-Wasserstein distance between the two empirical distributions. */
  wasserstein: number;
  /** Bin edges (reference quantiles) and the counts of each side in the bins. */
  edges: number[];
  referenceCounts: Float64Array;
  currentCounts: Float64Array;
  /** Buckets whose values were gathered and sorted (a measure of the work done). */
  sortedBuckets: number;
}

const MARGIN = 1e-12;

/** Compare two summaries on the same grid (both with at least one value); `bins` ≥ 2. */
export function compareSummaries(ref: NumericSummary, cur: NumericSummary, bins: number): NumericComparison {
  const bound = boundaryExtremes(ref, cur);
  const exact = exactBuckets(ref, cur, bound);
  const refWanted = exact.slice();
  const levels = binLevels(bins);
  for (const r of quantileRanks(ref.n, levels)) refWanted[bucketOfRank(ref, r)] = 1;
  const refValues = gatherBuckets(ref, refWanted);
  const edges = uniqueEdges(quantilesOf(ref, refValues, levels));
  const curWanted = exact.slice();
  for (const e of edges) curWanted[bucketOf(ref.grid, e)] = 1;
  const curValues = gatherBuckets(cur, curWanted);
  const result: NumericComparison = {
    ...bound,
    wasserstein: 0,
    edges,
    referenceCounts: binCounts(ref, refValues, edges),
    currentCounts: binCounts(cur, curValues, edges),
    sortedBuckets: 0,
  };
  walk(ref, cur, exact, refValues, curValues, result);
  return result;
}

/** The largest gaps at bucket boundaries (each is the gap at a data point). */
function boundaryExtremes(ref: NumericSummary, cur: NumericSummary): KsExtremes {
  let maxPositive = 0;
  let maxNegative = 0;
  for (let b = 1; b <= ref.grid.buckets; b++) {
    const d = ref.start[b]! / ref.n - cur.start[b]! / cur.n;
    if (d > maxPositive) maxPositive = d;
    if (-d > maxNegative) maxNegative = -d;
  }
  return { maxPositive, maxNegative };
}

/** Buckets whose order matters: they may hold a larger gap, or a change of sign. */
function exactBuckets(ref: NumericSummary, cur: NumericSummary, bound: KsExtremes): Uint8Array {
  const last = ref.grid.buckets - 1;
  const out = new Uint8Array(last + 1);
  for (let b = 0; b <= last; b++) {
    const c1 = ref.start[b + 1]! - ref.start[b]!;
    const c2 = cur.start[b + 1]! - cur.start[b]!;
    if (c1 === 0 && c2 === 0) continue;
    const before = ref.start[b]! / ref.n - cur.start[b]! / cur.n;
    const high = before + c1 / ref.n;
    const low = before - c2 / cur.n;
    if (
      b === 0 ||
      b === last ||
      high + MARGIN > bound.maxPositive ||
      -low + MARGIN > bound.maxNegative ||
      (low < 0 && high > 0)
    )
      out[b] = 1;
  }
  return out;
}

function walk(
  ref: NumericSummary,
  cur: NumericSummary,
  exact: Uint8Array,
  refValues: GatheredBuckets,
  curValues: GatheredBuckets,
  result: NumericComparison,
): void {
  const { grid } = ref;
  const last = grid.buckets - 1;
  for (let b = 0; b <= last; b++) {
    if (exact[b] === 1) {
      exactBucket(ref, cur, b, refValues, curValues, result);
      result.sortedBuckets++;
      continue;
    }
    if (b === 0 || b === last) continue;
    const after = ref.start[b + 1]! / ref.n - cur.start[b + 1]! / cur.n;
    const w = rightEdge(grid, b) - leftEdge(grid, b);
    result.wasserstein += Math.abs(w * after + cur.offsets[b]! / cur.n - ref.offsets[b]! / ref.n);
  }
}

/** Walk bucket b's values in order: the gap at every value and the exact integral over the bucket. */
function exactBucket(
  ref: NumericSummary,
  cur: NumericSummary,
  b: number,
  refValues: GatheredBuckets,
  curValues: GatheredBuckets,
  result: NumericComparison,
): void {
  const a = refValues.values.subarray(refValues.start[b]!, refValues.start[b + 1]!);
  const c = curValues.values.subarray(curValues.start[b]!, curValues.start[b + 1]!);
  const { grid } = ref;
  const last = grid.buckets - 1;
  const i0 = ref.start[b]!;
  const j0 = cur.start[b]!;
  let diff = i0 / ref.n - j0 / cur.n;
  let p = 0;
  let q = 0;
  let pos =
    b === 0
      ? Math.min(a[0] ?? Number.POSITIVE_INFINITY, c[0] ?? Number.POSITIVE_INFINITY)
      : b === last
        ? grid.hi
        : leftEdge(grid, b);
  while (p < a.length || q < c.length) {
    const v = p < a.length && (q >= c.length || a[p]! <= c[q]!) ? a[p]! : c[q]!;
    result.wasserstein += Math.abs(diff) * (v - pos);
    while (p < a.length && a[p] === v) p++;
    while (q < c.length && c[q] === v) q++;
    diff = (i0 + p) / ref.n - (j0 + q) / cur.n;
    if (diff > result.maxPositive) result.maxPositive = diff;
    if (-diff > result.maxNegative) result.maxNegative = -diff;
    pos = v;
  }
  if (b < last) result.wasserstein += Math.abs(diff) * ((b === 0 ? grid.lo : rightEdge(grid, b)) - pos);
}
