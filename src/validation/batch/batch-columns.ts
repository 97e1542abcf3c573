/**
 * Per-row verdicts that need the whole column: duplicates (every row of a repeated value is
 * unexpected), order (a row is unexpected when it breaks the order against the previous non-null
 * value) and z-scores against the batch's own mean and standard deviation.
 */
import { type Column, numericValues } from '../../data/index.js';
import type { ExpectationOf } from '../expectation-schema.js';
import type { ExpectationResult } from '../result.js';
import type { BatchData } from './batch-data.js';
import { missingColumnResult, type ResultBase } from './batch-result.js';
import { finishRowCheck, type RowPolicy } from './batch-rows.js';

function isNullAt(column: Column, i: number): boolean {
  return column.kind === 'dictionary' ? column.codes[i]! < 0 : column.nulls !== null && column.nulls[i] === 1;
}

/** `unique`: rows whose value occurs more than once are unexpected. */
export function batchUnique(base: ResultBase, data: BatchData, policy: RowPolicy): ExpectationResult {
  const missing = missingColumnResult(base, data);
  if (missing) return missing;
  const name = base.columns[0]!;
  const column = data.column(name)!;
  const tally = data.tally();
  const repeated = repeatedTest(column, data, name);
  for (let i = 0; i < data.table.rowCount; i++) {
    if (isNullAt(column, i)) {
      if (policy.nullsFail) tally.add(i, column);
    } else if (repeated(i)) tally.add(i, column);
  }
  return finishRowCheck(base, data, tally, policy, data.nullCount(name), 'unique');
}

function repeatedTest(column: Column, data: BatchData, name: string): (row: number) => boolean {
  if (column.kind === 'dictionary') {
    // Count per string (a hand-built dictionary may repeat a string under two codes).
    const perString = new Map<string, number>();
    for (const c of column.codes) {
      if (c >= 0) {
        const s = column.dictionary[c]!;
        perString.set(s, (perString.get(s) ?? 0) + 1);
      }
    }
    const dup = new Uint8Array(column.dictionary.length);
    column.dictionary.forEach((s, code) => {
      dup[code] = (perString.get(s) ?? 0) > 1 ? 1 : 0;
    });
    return (i) => dup[column.codes[i]!] === 1;
  }
  const sorted = data.sorted(name);
  const duplicated = new Set<number>();
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i] === sorted[i - 1] || (Number.isNaN(sorted[i]!) && Number.isNaN(sorted[i - 1]!))) {
      duplicated.add(sorted[i]!);
    }
  }
  const values = numericValues(column);
  return duplicated.size === 0 ? () => false : (i) => duplicated.has(values[i]!);
}

/** `compound_unique`: rows whose combination of values occurs more than once; rows with a null are not checked. */
export function batchCompoundUnique(base: ResultBase, data: BatchData, policy: RowPolicy): ExpectationResult {
  const missing = missingColumnResult(base, data);
  if (missing) return missing;
  const columns = base.columns.map((c) => data.column(c)!);
  const rows = data.table.rowCount;
  const keys: (string | null)[] = new Array(rows);
  const counts = new Map<string, number>();
  let nulls = 0;
  for (let i = 0; i < rows; i++) {
    const key = rowKey(columns, i);
    keys[i] = key;
    if (key === null) nulls++;
    else counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const tally = data.tally();
  for (let i = 0; i < rows; i++) {
    const key = keys[i]!;
    if (key === null ? policy.nullsFail : counts.get(key)! > 1) tally.add(i, columns[0]);
  }
  return finishRowCheck(base, data, tally, policy, nulls, `unique over (${base.columns.join(', ')})`);
}

function rowKey(columns: readonly Column[], i: number): string | null {
  let key = '';
  for (const column of columns) {
    if (isNullAt(column, i)) return null;
    // A type tag and a separator no value contains keep ("1", 1) and ("a\u0000", "b") apart.
    key +=
      column.kind === 'dictionary'
        ? `s${column.dictionary[column.codes[i]!]!.replaceAll('\u0000', '\u0000\u0000')}\u0000|`
        : `n${column.values[i]}\u0000|`;
  }
  return key;
}

/** `increasing` / `decreasing`: each non-null value against the previous non-null one. */
export function batchOrder(
  base: ResultBase,
  data: BatchData,
  e: ExpectationOf<'increasing' | 'decreasing'>,
  policy: RowPolicy,
): ExpectationResult {
  const missing = missingColumnResult(base, data);
  if (missing) return missing;
  const column = data.column(e.column)!;
  const up = e.expect === 'increasing';
  const breaks = orderBreak(up, e.strict === true);
  const tally = data.tally();
  const read =
    column.kind === 'dictionary' ? (i: number) => column.dictionary[column.codes[i]!]! : numberAt(column);
  let previous: number | string | undefined;
  for (let i = 0; i < data.table.rowCount; i++) {
    if (isNullAt(column, i)) {
      if (policy.nullsFail) tally.add(i, column);
      continue;
    }
    const v = read(i);
    if (previous !== undefined && breaks(previous, v)) tally.add(i, column);
    previous = v;
  }
  const what = `${e.strict ? 'strictly ' : ''}${up ? 'increasing' : 'decreasing'}`;
  return finishRowCheck(base, data, tally, policy, data.nullCount(e.column), what);
}

function numberAt(column: Column): (i: number) => number {
  const values = numericValues(column);
  return (i) => values[i]!;
}

/** Whether `v` after `previous` breaks the order (NaN always does). */
export function orderBreak(
  up: boolean,
  strict: boolean,
): (previous: number | string, v: number | string) => boolean {
  if (up) return strict ? (p, v) => !(v > p) : (p, v) => !(v >= p);
  return strict ? (p, v) => !(v < p) : (p, v) => !(v <= p);
}

/** `z_score_below` without a fixed mean and std: against the batch's mean and sample std. */
export function batchZScore(
  base: ResultBase,
  data: BatchData,
  e: ExpectationOf<'z_score_below'>,
  policy: RowPolicy,
): ExpectationResult {
  const missing = missingColumnResult(base, data);
  if (missing) return missing;
  const column = data.column(e.column)!;
  const tally = data.tally();
  if (column.kind === 'dictionary') {
    for (let i = 0; i < data.table.rowCount; i++)
      if (column.codes[i]! >= 0 || policy.nullsFail) tally.add(i, column);
    return finishRowCheck(
      base,
      data,
      tally,
      policy,
      data.nullCount(e.column),
      `numbers with |z| < ${e.threshold}`,
    );
  }
  const { mean, std } = data.stats(e.column);
  const values = numericValues(column);
  const m = e.mean ?? mean ?? Number.NaN;
  const s = e.std ?? std ?? 0;
  for (let i = 0; i < data.table.rowCount; i++) {
    if (isNullAt(column, i)) {
      if (policy.nullsFail) tally.add(i, column);
      continue;
    }
    const d = Math.abs(values[i]! - m);
    // A constant column has std 0: its values have z = 0, anything else is infinitely far.
    const z = s > 0 ? d / s : d === 0 ? 0 : Number.POSITIVE_INFINITY;
    if (!(z < e.threshold)) tally.add(i, column);
  }
  return finishRowCheck(
    base,
    data,
    tally,
    policy,
    data.nullCount(e.column),
    `|z| < ${e.threshold} (mean ${m}, std ${s})`,
  );
}
