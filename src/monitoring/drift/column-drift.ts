/**
 * Drift of one column: every statistic that applies to its kind is computed (they share the
 * sorted buckets and the bins), then the chosen method's score is compared with its threshold.
 * `monitor` will call `columnStatistics` once per window with the same prepared reference.
 */
import {
  chiSquareTest,
  compareSummaries,
  hellinger,
  jensenShannon,
  klDivergence,
  ksFromExtremes,
  lInfinity,
  normalisedWasserstein,
  psi,
  toShares,
  twoProportionZTest,
} from '../stats/index.js';
import {
  alignCategories,
  type CategoryCounts,
  type NumericColumn,
  type PreparedColumn,
} from './drift-columns.js';
import { type DriftKind, type DriftMethod, METHODS, type ResolvedMethod } from './drift-options.js';

/** The values computed for one column: each method's statistic, and `<method>PValue` for the tests. */
export type ColumnStatistics = Partial<
  Record<DriftMethod | 'ksPValue' | 'chisquarePValue' | 'ztestPValue' | 'wassersteinRaw', number>
>;

/** Reference and current shares in the same bins or categories, for charts. */
export interface ColumnHistogram {
  /** Numeric columns: ascending bin edges (one more than the shares). */
  edges?: number[];
  /** Categorical columns: the category of each share (the most frequent ones, then "(other)"). */
  labels?: string[];
  reference: number[];
  current: number[];
}

/** The drift verdict for one column. */
export interface ColumnDrift {
  column: string;
  role: 'feature' | 'target' | 'prediction';
  kind: DriftKind;
  method: DriftMethod;
  methodSource: ResolvedMethod['source'];
  /** The test statistic (KS D, chi-square, z) or the distance. */
  statistic: number;
  /** The p-value of a test (before any correction); null for distances. */
  pValue: number | null;
  /** What is compared with the threshold: the (corrected) p-value, or the distance. */
  score: number;
  threshold: number;
  drift: boolean;
  reference: { count: number; missing: number };
  current: { count: number; missing: number };
  statistics: ColumnStatistics;
  histogram?: ColumnHistogram;
}

/** All statistics of a numeric column. */
export function numericStatistics(ref: NumericColumn, cur: NumericColumn, bins: number): ColumnStatistics {
  const cmp = compareSummaries(ref.summary, cur.summary, bins);
  const ks = ksFromExtremes(ref.summary.n, cur.summary.n, cmp);
  const r = toShares(cmp.referenceCounts);
  const c = toShares(cmp.currentCounts);
  return {
    ks: ks.statistic,
    ksPValue: ks.pValue,
    wasserstein: normalisedWasserstein(cmp.wasserstein, ref.summary.std),
    wassersteinRaw: cmp.wasserstein,
    psi: psi(r, c),
    kl: klDivergence(r, c),
    jensenshannon: jensenShannon(r, c),
    hellinger: hellinger(r, c),
  };
}

/** All statistics of a categorical column. */
export function categoricalStatistics(ref: CategoryCounts, cur: CategoryCounts): ColumnStatistics {
  const aligned = alignCategories(ref, cur);
  const chi = chiSquareTest(aligned.reference, aligned.current);
  const r = toShares(aligned.reference);
  const c = toShares(aligned.current);
  const out: ColumnStatistics = {
    chisquare: chi.statistic,
    chisquarePValue: chi.pValue,
    psi: psi(r, c),
    kl: klDivergence(r, c),
    jensenshannon: jensenShannon(r, c),
    hellinger: hellinger(r, c),
    linf: lInfinity(r, c),
  };
  if (aligned.labels.length <= 2) {
    const z = twoProportionZTest(padTwo(aligned.reference), padTwo(aligned.current));
    out.ztest = z.statistic;
    out.ztestPValue = z.pValue;
  }
  return out;
}

function padTwo(counts: Float64Array): number[] {
  return [counts[0] ?? 0, counts[1] ?? 0];
}

/** The statistics of a column, whatever its kind (both sides prepared alike). */
export function columnStatistics(ref: PreparedColumn, cur: PreparedColumn, bins: number): ColumnStatistics {
  if (ref.kind === 'numeric' && cur.kind === 'numeric') return numericStatistics(ref, cur, bins);
  if (ref.kind === 'categorical' && cur.kind === 'categorical') return categoricalStatistics(ref, cur);
  throw new Error('columnStatistics: the two sides were prepared differently');
}

/** The chosen method's statistic and raw p-value from the statistics. */
export function methodScore(
  method: DriftMethod,
  stats: ColumnStatistics,
): { statistic: number; pValue: number | null } {
  const statistic = stats[method] ?? Number.NaN;
  if (METHODS[method].score === 'distance') return { statistic, pValue: null };
  const key = `${method}PValue` as 'ksPValue' | 'chisquarePValue' | 'ztestPValue';
  return { statistic, pValue: stats[key] ?? Number.NaN };
}

/** The verdict: a p-value below the threshold, or a distance at or above it. */
export function isDrift(method: DriftMethod, score: number, threshold: number): boolean {
  return METHODS[method].score === 'p-value' ? score < threshold : score >= threshold;
}
