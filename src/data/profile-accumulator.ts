/**
 * Per-column accumulators behind `profileTable` and `profileChunks`. Each takes a column chunk at a
 * time (so a file larger than memory can be profiled chunk by chunk) and produces the column's
 * profile at the end.
 *
 * Exactness and memory:
 * - count, nulls, NaN, infinities, min, max, mean and std are always exact. Mean and variance are
 *   computed per chunk in two passes (Neumaier-compensated sum, then squared deviations) and merged
 *   with Chan et al.'s parallel formula, which keeps them within ~1e-15 relative of a one-pass reference.
 * - Numbers keep their finite values (up to `sampleLimit`, then a uniform reservoir sample) for
 *   quantiles, histogram counts, top-k and the exact distinct count. Past the limit, distinct
 *   switches to a HyperLogLog fed with every value, and the other three are estimated from the
 *   sample (`sampled: true`, counts scaled up).
 * - Strings count each distinct value exactly up to `distinctLimit` distinct values; past it, a
 *   HyperLogLog estimates distinct and top-k counts become lower bounds (`topKExact: false`).
 */
import type { ColumnProfile, InferredType } from './profile-types.js';
import type { Column, ColumnKind } from './table.js';

/** Resolved profile settings. */
export interface ProfileConfig {
  quantiles: number[];
  bins: number;
  topK: number;
  distinctLimit: number;
  sampleLimit: number;
  maxCategories: number;
  maxCategoryRatio: number;
  seed: number;
}

/** Accumulates one column over chunks. */
export interface ColumnAccumulator {
  add(column: Column): void;
  /** Work that `finish` would do, done off the JS thread first (the numeric sort), when it can be. */
  prepare?(): Promise<void>;
  finish(name: string): ColumnProfile;
}

/** The base of a column profile with every statistic empty. */
export function emptyProfile(
  name: string,
  kind: ColumnKind,
  type: InferredType,
  count: number,
  nulls: number,
): ColumnProfile {
  return {
    name,
    kind,
    type,
    count,
    nulls,
    nan: 0,
    infinite: 0,
    distinct: 0,
    distinctExact: true,
    min: null,
    max: null,
    mean: null,
    std: null,
    quantiles: [],
    histogram: null,
    topK: [],
    topKExact: true,
    sampled: false,
    length: null,
  };
}

/** `quantile_cont`: linear interpolation between the order statistics around q·(n − 1). */
export function quantileSorted(sorted: Float64Array, q: number): number {
  const position = q * (sorted.length - 1);
  const lo = Math.floor(position);
  const hi = Math.ceil(position);
  if (lo === hi) return sorted[lo]!;
  const low = sorted[lo]!;
  return low + (position - lo) * (sorted[hi]! - low);
}
