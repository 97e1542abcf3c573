/**
 * Batch evaluation of aggregate expectations: one statistic of a column against bounds or a set.
 * A column with no non-null values has no statistic, so these fail on it (never pass silently).
 */
import { type Column, numericValues } from '../../data/index.js';
import type { ExpectationOf } from '../expectation-schema.js';
import type { ExpectationResult, JsonCell, ObservedValue } from '../result.js';
import { boundValue } from '../suite-hints.js';
import { rangeText } from '../value-tests.js';
import { type BatchData, type ColumnStats, type DistinctKey, quantileOf } from './batch-data.js';
import { aggregateResult, fmt, inRange, missingColumnResult, type ResultBase } from './batch-result.js';
import { categoryDistance, numericDistance } from './distance.js';

/** The statistic expectations with a range. */
export type StatExpectation = ExpectationOf<
  'min_between' | 'max_between' | 'mean_between' | 'median_between' | 'stdev_between' | 'sum_between'
>;

/** The set expectations over distinct values. */
export type DistinctExpectation = ExpectationOf<
  | 'distinct_in_set'
  | 'distinct_contain_set'
  | 'distinct_equal_set'
  | 'unique_count_between'
  | 'unique_proportion_between'
  | 'most_common_in_set'
>;

type Counts = { rows: number; nulls: number };

function counts(data: BatchData, column: string): Counts {
  return { rows: data.table.rowCount, nulls: data.nullCount(column) };
}

function isNumeric(column: Column): boolean {
  return column.kind !== 'dictionary';
}

function notNumeric(base: ResultBase, data: BatchData, name: string): ExpectationResult {
  return aggregateResult(
    base,
    false,
    null,
    `column "${name}" holds strings; ${base.expect} needs numbers`,
    counts(data, name),
  );
}

function noValues(base: ResultBase, data: BatchData, name: string): ExpectationResult {
  return aggregateResult(
    base,
    false,
    null,
    `column "${name}" has no non-null values to compute ${base.expect.replace('_between', '')} of`,
    counts(data, name),
  );
}

/** A number as JSON (NaN and infinities as text). */
function json(x: number | null): JsonCell {
  return x === null ? null : Number.isFinite(x) ? x : String(x);
}

/** `null_share_at_most`: nulls / rows ≤ max; an empty batch fails. */
export function batchNullShare(
  base: ResultBase,
  data: BatchData,
  e: ExpectationOf<'null_share_at_most'>,
): ExpectationResult {
  const missing = missingColumnResult(base, data);
  if (missing) return missing;
  const c = counts(data, e.column);
  if (c.rows === 0) return aggregateResult(base, false, null, 'the batch is empty', c);
  const share = c.nulls / c.rows;
  const ok = share <= e.max;
  return aggregateResult(
    base,
    ok,
    share,
    `${c.nulls} of ${c.rows} rows are null (${fmt(share)}); expected ≤ ${e.max}`,
    c,
  );
}

/** min / max / mean / median / stdev / sum between bounds. */
export function batchStat(base: ResultBase, data: BatchData, e: StatExpectation): ExpectationResult {
  const missing = missingColumnResult(base, data);
  if (missing) return missing;
  const column = data.column(e.column)!;
  if (!isNumeric(column)) return notNumeric(base, data, e.column);
  const stats = data.stats(e.column);
  if (stats.count === 0) return noValues(base, data, e.column);
  // The median sorts the column: compute it only when asked for.
  const value =
    e.expect === 'median_between' ? quantileOf(data.sorted(e.column), 0.5) : statOf(stats, e.expect);
  const ok = inRange(value, boundValue(e.min), boundValue(e.max), e.strict);
  const what = e.expect.replace('_between', '');
  const message = `${what} ${fmt(value)}; expected ${rangeText(e.min, e.max, e.strict)}`;
  return aggregateResult(base, ok, json(value), message, counts(data, e.column));
}

function statOf(
  stats: ColumnStats,
  expect: Exclude<StatExpectation['expect'], 'median_between'>,
): number | null {
  switch (expect) {
    case 'min_between':
      return stats.min;
    case 'max_between':
      return stats.max;
    case 'mean_between':
      return stats.mean;
    case 'stdev_between':
      return stats.std;
    case 'sum_between':
      return stats.sum;
  }
}

/** `quantiles_between`: each quantile (linear interpolation) within its bounds. */
export function batchQuantiles(
  base: ResultBase,
  data: BatchData,
  e: ExpectationOf<'quantiles_between'>,
): ExpectationResult {
  const missing = missingColumnResult(base, data);
  if (missing) return missing;
  const column = data.column(e.column)!;
  if (!isNumeric(column)) return notNumeric(base, data, e.column);
  const sorted = data.sorted(e.column);
  if (sorted.length === 0) return noValues(base, data, e.column);
  const observed: Record<string, JsonCell> = {};
  const failed: string[] = [];
  for (const q of e.quantiles) {
    const v = quantileOf(sorted, q.q);
    observed[String(q.q)] = json(v);
    if (!inRange(v, boundValue(q.min), boundValue(q.max)))
      failed.push(`q${q.q} = ${fmt(v)} not ${rangeText(q.min, q.max)}`);
  }
  const message =
    failed.length === 0 ? `all ${e.quantiles.length} quantiles within bounds` : failed.join('; ');
  return aggregateResult(base, failed.length === 0, observed, message, counts(data, e.column));
}

/** Set values as distinct keys of `column` (ISO dates become epoch ms for timestamp columns). */
function keysOf(values: readonly (string | number | boolean)[], column: Column): DistinctKey[] {
  if (column.kind !== 'timestamp') return [...values];
  return values.map((v) => (typeof v === 'string' ? Date.parse(v) : v));
}

function listed(keys: readonly DistinctKey[]): string {
  const shown = keys.slice(0, 10).map((k) => JSON.stringify(k));
  return `${shown.join(', ')}${keys.length > 10 ? `, … (${keys.length})` : ''}`;
}

/** Distinct-value expectations: subsets, supersets, equality, counts, proportion and the mode. */
export function batchDistinct(base: ResultBase, data: BatchData, e: DistinctExpectation): ExpectationResult {
  const missing = missingColumnResult(base, data);
  if (missing) return missing;
  const column = data.column(e.column)!;
  const c = counts(data, e.column);
  const distinct = data.distinct(e.column);
  if (distinct.size === 0) return noValues(base, data, e.column);
  const present = [...distinct.keys()].sort(compareKeys);
  const result = (ok: boolean, value: ObservedValue, message: string) =>
    aggregateResult(base, ok, value, message, c);
  switch (e.expect) {
    case 'unique_count_between': {
      const ok = inRange(distinct.size, boundValue(e.min), boundValue(e.max), e.strict);
      return result(
        ok,
        distinct.size,
        `${distinct.size} distinct values; expected ${rangeText(e.min, e.max, e.strict)}`,
      );
    }
    case 'unique_proportion_between': {
      const share = distinct.size / (c.rows - c.nulls);
      const ok = inRange(share, boundValue(e.min), boundValue(e.max), e.strict);
      return result(
        ok,
        share,
        `${distinct.size} distinct of ${c.rows - c.nulls} values (${fmt(share)}); expected ${rangeText(e.min, e.max, e.strict)}`,
      );
    }
    case 'most_common_in_set': {
      const modes = modesOf(distinct);
      const allowed = new Set(keysOf(e.values, column));
      const outside = modes.filter((m) => !allowed.has(m));
      const message = `most common: ${listed(modes)}${outside.length ? ` (not in the set: ${listed(outside)})` : ''}`;
      return result(
        outside.length === 0,
        modes.map((k) => (typeof k === 'number' ? json(k) : k)),
        message,
      );
    }
    default:
      return setRelation(e, present, keysOf(e.values, column), result);
  }
}

function setRelation(
  e: ExpectationOf<'distinct_in_set' | 'distinct_contain_set' | 'distinct_equal_set'>,
  present: DistinctKey[],
  wanted: DistinctKey[],
  result: (ok: boolean, value: ObservedValue, message: string) => ExpectationResult,
): ExpectationResult {
  const have = new Set(present);
  const want = new Set(wanted);
  const extra = present.filter((k) => !want.has(k));
  const absent = wanted.filter((k) => !have.has(k));
  const checkExtra = e.expect !== 'distinct_contain_set';
  const checkAbsent = e.expect !== 'distinct_in_set';
  const ok = (!checkExtra || extra.length === 0) && (!checkAbsent || absent.length === 0);
  const parts = [`${present.length} distinct values`];
  if (checkExtra && extra.length > 0) parts.push(`not in the set: ${listed(extra)}`);
  if (checkAbsent && absent.length > 0) parts.push(`missing from the data: ${listed(absent)}`);
  const observed = present.slice(0, 100).map((k) => (typeof k === 'number' ? json(k) : k));
  return result(ok, observed, parts.join('; '));
}

function modesOf(distinct: ReadonlyMap<DistinctKey, number>): DistinctKey[] {
  let best = 0;
  for (const n of distinct.values()) best = Math.max(best, n);
  return [...distinct]
    .filter(([, n]) => n === best)
    .map(([k]) => k)
    .sort(compareKeys);
}

function compareKeys(a: DistinctKey, b: DistinctKey): number {
  if (typeof a === typeof b) return a < b ? -1 : a > b ? 1 : 0;
  return typeof a < typeof b ? -1 : 1;
}

/** `distribution_distance_below`: KS or PSI against the stored reference, strictly below the threshold. */
export function batchDistance(
  base: ResultBase,
  data: BatchData,
  e: ExpectationOf<'distribution_distance_below'>,
): ExpectationResult {
  const missing = missingColumnResult(base, data);
  if (missing) return missing;
  const column = data.column(e.column)!;
  let d: { distance: number | null; n: number };
  if ('edges' in e.reference) {
    if (column.kind === 'dictionary') return notNumeric(base, data, e.column);
    d = numericDistance(e.metric, e.reference, numericValues(column), column.nulls);
  } else {
    d = categoryDistance(
      e.metric,
      { ...e.reference, values: keysOf(e.reference.values, column) },
      data.distinct(e.column),
    );
  }
  if (d.distance === null || d.n === 0) return noValues(base, data, e.column);
  const ok = d.distance < e.threshold;
  const message = `${e.metric} distance ${fmt(d.distance)} over ${d.n} values; expected < ${e.threshold}`;
  return aggregateResult(base, ok, d.distance, message, counts(data, e.column));
}
