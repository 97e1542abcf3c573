/**
 * Distribution distances of a batch to a stored reference, binned with the reference's own edges
 * (a profile histogram) or over its categories. The monitoring module's drift tests may replace
 * this file later; until then it is the one definition.
 *
 * - `ks`: for numbers, the largest gap between the reference and batch cumulative distributions,
 *   read at the reference's bin edges (values below the first edge and above the last count in
 *   the batch's tails). Binning can only hide differences, so this is at most the exact
 *   two-sample Kolmogorov–Smirnov statistic. For categories, the largest gap between the shares
 *   of any one category (values outside the reference are one extra category).
 * - `psi`: the population stability index Σ (q − p)·ln(q / p) over the same bins (plus one bin
 *   below, one above, or one for unseen categories), with shares floored at 1e-4 so an empty
 *   bin does not make it infinite.
 */
import { binValues } from '../../data/index.js';
import type { DistinctKey } from './batch-data.js';

/** A numeric reference: histogram edges (ascending) and the count in each bin. */
export interface HistogramReference {
  edges: number[];
  counts: number[];
}

/** A categorical reference: categories and their counts. */
export interface CategoryReference {
  values: (string | number | boolean)[];
  counts: number[];
}

/** A distance metric. */
export type DistanceMetric = 'ks' | 'psi';

const FLOOR = 1e-4;

/** The distance of numeric values (rows with a null bit skipped, NaN and infinities ignored) to a histogram. */
export function numericDistance(
  metric: DistanceMetric,
  reference: HistogramReference,
  values: ArrayLike<number>,
  nulls?: Uint8Array | null,
): { distance: number | null; n: number } {
  const binned = binValues(reference.edges, values, nulls);
  const current = [binned.below, ...binned.counts, binned.above];
  const ref = [0, ...reference.counts, 0];
  return { distance: distanceOf(metric, ref, current), n: sum(current) };
}

/** The distance of category counts to a categorical reference. */
export function categoryDistance(
  metric: DistanceMetric,
  reference: CategoryReference,
  counts: ReadonlyMap<DistinctKey, number>,
): { distance: number | null; n: number } {
  const current = reference.values.map((v) => counts.get(v) ?? 0);
  let total = 0;
  for (const n of counts.values()) total += n;
  const other = total - sum(current);
  const ref = [...reference.counts, 0];
  current.push(other);
  if (metric === 'ks') return { distance: maxShareGap(ref, current), n: total };
  return { distance: distanceOf(metric, ref, current), n: total };
}

function distanceOf(
  metric: DistanceMetric,
  ref: readonly number[],
  current: readonly number[],
): number | null {
  return metric === 'ks' ? cdfGap(ref, current) : psiOf(ref, current);
}

function sum(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s;
}

/** The largest gap between two cumulative distributions over the same ordered bins. */
export function cdfGap(ref: readonly number[], current: readonly number[]): number | null {
  const r = sum(ref);
  const c = sum(current);
  if (r === 0 || c === 0) return null;
  let cr = 0;
  let cc = 0;
  let gap = 0;
  for (let i = 0; i < ref.length; i++) {
    cr += ref[i]!;
    cc += current[i]!;
    gap = Math.max(gap, Math.abs(cr / r - cc / c));
  }
  return gap;
}

/** The largest gap between the shares of any one bin. */
export function maxShareGap(ref: readonly number[], current: readonly number[]): number | null {
  const r = sum(ref);
  const c = sum(current);
  if (r === 0 || c === 0) return null;
  let gap = 0;
  for (let i = 0; i < ref.length; i++) gap = Math.max(gap, Math.abs(ref[i]! / r - current[i]! / c));
  return gap;
}

/** The population stability index of `current` against `ref` (shares floored at 1e-4). */
export function psiOf(ref: readonly number[], current: readonly number[]): number | null {
  const r = sum(ref);
  const c = sum(current);
  if (r === 0 || c === 0) return null;
  let total = 0;
  for (let i = 0; i < ref.length; i++) {
    const p = Math.max(ref[i]! / r, FLOOR);
    const q = Math.max(current[i]! / c, FLOOR);
    total += (q - p) * Math.log(q / p);
  }
  return total;
}
