/** Batch evaluation of the table's shape: which columns, in what order, how many columns and rows. */

import type { ExpectationOf } from '../expectation-schema.js';
import type { ExpectationResult } from '../result.js';
import { rangeText } from '../value-tests.js';
import type { BatchData } from './batch-data.js';
import { aggregateResult, inRange, type ResultBase } from './batch-result.js';

/** A table-shape expectation. */
export type TableExpectation = ExpectationOf<
  'column_exists' | 'columns_match_set' | 'columns_match_list' | 'column_count_between' | 'row_count_between'
>;

/** Evaluate a table-shape expectation against the source's columns and the batch's rows. */
export function batchTable(base: ResultBase, data: BatchData, e: TableExpectation): ExpectationResult {
  const names = data.sourceColumns;
  const counts = { rows: data.table.rowCount, nulls: 0 };
  const result = (success: boolean, observed: ExpectationResult['observed'], message: string) =>
    aggregateResult(base, success, observed, message, counts);
  switch (e.expect) {
    case 'column_exists': {
      const ok = names.includes(e.column);
      return result(ok, ok, ok ? `column "${e.column}" exists` : `no column named "${e.column}"`);
    }
    case 'columns_match_set': {
      const { missing, extra } = setDifference(e.columns, names);
      const ok = missing.length === 0 && (e.exact === false || extra.length === 0);
      return result(
        ok,
        [...names],
        ok ? 'the columns match' : describeDifference(missing, e.exact === false ? [] : extra),
      );
    }
    case 'columns_match_list': {
      const ok = names.length === e.columns.length && names.every((n, i) => n === e.columns[i]);
      const { missing, extra } = setDifference(e.columns, names);
      const message = ok
        ? 'the columns match, in order'
        : missing.length + extra.length > 0
          ? describeDifference(missing, extra)
          : `same columns in another order: ${names.join(', ')}`;
      return result(ok, [...names], message);
    }
    case 'column_count_between': {
      const ok = inRange(names.length, e.min, e.max);
      return result(ok, names.length, `${names.length} columns; expected ${rangeText(e.min, e.max)}`);
    }
    case 'row_count_between': {
      const n = data.table.rowCount;
      return result(inRange(n, e.min, e.max), n, `${n} rows; expected ${rangeText(e.min, e.max)}`);
    }
  }
}

/** Expected names missing from `actual`, and names in `actual` not expected. */
export function setDifference(
  expected: readonly string[],
  actual: readonly string[],
): { missing: string[]; extra: string[] } {
  const have = new Set(actual);
  const want = new Set(expected);
  return { missing: expected.filter((c) => !have.has(c)), extra: actual.filter((c) => !want.has(c)) };
}

/** "missing: a, b; unexpected: c". */
export function describeDifference(missing: readonly string[], extra: readonly string[]): string {
  const parts: string[] = [];
  if (missing.length > 0) parts.push(`missing: ${missing.join(', ')}`);
  if (extra.length > 0) parts.push(`unexpected: ${extra.join(', ')}`);
  return parts.join('; ');
}
