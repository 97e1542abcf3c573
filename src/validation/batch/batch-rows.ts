/**
 * Batch evaluation of per-row expectations, column at a time over the typed arrays: a value test
 * runs once per dictionary entry (not per row) for strings and once per value for numbers; pairs
 * and sums walk their columns together.
 */
import { type Column, numericValues } from '../../data/index.js';
import type { ExpectationOf } from '../expectation-schema.js';
import type { ExpectationResult, UnexpectedRows } from '../result.js';
import type { ValueTest } from '../value-tests.js';
import type { BatchData } from './batch-data.js';
import { missingColumnResult, type ResultBase, rowResult } from './batch-result.js';

/** Null policy and tolerance of a per-row expectation. */
export interface RowPolicy {
  nullsFail: boolean;
  mostly: number | undefined;
}

/** Run a value test down one column. */
export function batchValueTest(
  base: ResultBase,
  data: BatchData,
  test: ValueTest,
  policy: RowPolicy,
): ExpectationResult {
  const missing = missingColumnResult(base, data);
  if (missing) return missing;
  const column = data.column(base.columns[0]!)!;
  const tally = data.tally();
  const rows = data.table.rowCount;
  if (column.kind === 'dictionary') {
    const ok = new Uint8Array(column.dictionary.length);
    const t = test.string;
    if (t) for (let code = 0; code < ok.length; code++) ok[code] = t(column.dictionary[code]!) ? 1 : 0;
    const codes = column.codes;
    for (let i = 0; i < rows; i++) {
      const c = codes[i]!;
      if (c < 0 ? policy.nullsFail : ok[c] === 0) tally.add(i, column);
    }
  } else if (column.kind === 'bool') {
    const okFalse = test.boolean?.(false) ?? false;
    const okTrue = test.boolean?.(true) ?? false;
    const { values, nulls } = column;
    for (let i = 0; i < rows; i++) {
      if (nulls !== null && nulls[i] === 1 ? policy.nullsFail : !(values[i] === 1 ? okTrue : okFalse)) {
        tally.add(i, column);
      }
    }
  } else {
    const fn = column.kind === 'float64' ? test.number : test.timestamp;
    const { values, nulls } = column;
    for (let i = 0; i < rows; i++) {
      if (nulls !== null && nulls[i] === 1) {
        if (policy.nullsFail) tally.add(i, column);
      } else if (fn === null || !fn(values[i]!)) tally.add(i, column);
    }
  }
  return finishRowCheck(base, data, tally, policy, data.nullCount(base.columns[0]!), test.expected);
}

/** The result of a per-row expectation from its tally (nulls count as checked when they fail). */
export function finishRowCheck(
  base: ResultBase,
  data: BatchData,
  tally: UnexpectedRows,
  policy: RowPolicy,
  nulls: number,
  expected: string,
): ExpectationResult {
  const rows = data.table.rowCount;
  const checked = policy.nullsFail ? rows : rows - nulls;
  return rowResult(base, { rows, nulls, checked }, tally, policy.mostly, expected);
}

/** A row's cells across several columns: numbers for numeric kinds, strings for dictionaries. */
type CellReader = (row: number) => number | string | null;

function reader(column: Column): CellReader {
  if (column.kind === 'dictionary') {
    const { codes, dictionary } = column;
    return (i) => (codes[i]! < 0 ? null : dictionary[codes[i]!]!);
  }
  const values = numericValues(column);
  const nulls = column.nulls;
  return (i) => (nulls !== null && nulls[i] === 1 ? null : values[i]!);
}

/** `pair_greater` and `pair_equal`: compare two columns row by row (numbers with numbers, strings with strings). */
export function batchPair(
  base: ResultBase,
  data: BatchData,
  e: ExpectationOf<'pair_greater' | 'pair_equal'>,
  policy: RowPolicy,
): ExpectationResult {
  const missing = missingColumnResult(base, data);
  if (missing) return missing;
  const a = data.column(e.column_a)!;
  const b = data.column(e.column_b)!;
  const compare = pairComparison(e);
  const ra = reader(a);
  const rb = reader(b);
  const tally = data.tally();
  let nulls = 0;
  for (let i = 0; i < data.table.rowCount; i++) {
    const x = ra(i);
    const y = rb(i);
    if (x === null || y === null) {
      nulls++;
      if (policy.nullsFail) tally.add(i, a);
    } else if (!compare(x, y)) tally.add(i, a);
  }
  return finishRowCheck(base, data, tally, policy, nulls, pairText(e));
}

/** The comparison of a pair expectation; values of different types never pass. */
export function pairComparison(
  e: ExpectationOf<'pair_greater' | 'pair_equal'>,
): (x: number | string, y: number | string) => boolean {
  if (e.expect === 'pair_equal') return (x, y) => x === y;
  return e.or_equal ? (x, y) => typeof x === typeof y && x >= y : (x, y) => typeof x === typeof y && x > y;
}

/** Text for a pair expectation. */
export function pairText(e: ExpectationOf<'pair_greater' | 'pair_equal'>): string {
  const op = e.expect === 'pair_equal' ? '==' : e.or_equal ? '>=' : '>';
  return `${e.column_a} ${op} ${e.column_b}`;
}

/** `multicolumn_sum_equal`: the row's values over `columns` add up to `total` (within tolerance). */
export function batchSum(
  base: ResultBase,
  data: BatchData,
  e: ExpectationOf<'multicolumn_sum_equal'>,
  policy: RowPolicy,
): ExpectationResult {
  const missing = missingColumnResult(base, data);
  if (missing) return missing;
  const columns = e.columns.map((c) => data.column(c)!);
  const readers = columns.map(reader);
  const tolerance = sumTolerance(e);
  const tally = data.tally();
  let nulls = 0;
  for (let i = 0; i < data.table.rowCount; i++) {
    let sum = 0;
    let isNull = false;
    let wrongType = false;
    for (const read of readers) {
      const v = read(i);
      if (v === null) isNull = true;
      else if (typeof v === 'string') wrongType = true;
      else sum += v;
    }
    if (isNull) {
      nulls++;
      if (policy.nullsFail) tally.add(i, columns[0]);
    } else if (wrongType || !(Math.abs(sum - e.total) <= tolerance)) tally.add(i, columns[0]);
  }
  return finishRowCheck(base, data, tally, policy, nulls, `${e.columns.join(' + ')} = ${e.total}`);
}

/** The tolerance of a sum: as given, else 1e-9 relative to the total (floating-point addition). */
export function sumTolerance(e: ExpectationOf<'multicolumn_sum_equal'>): number {
  return e.tolerance ?? 1e-9 * Math.max(1, Math.abs(e.total));
}
