/** Building expectation results: per-row tallies against `mostly`, aggregates, missing columns. */

import type { ExpectationName, ExpectationScope } from '../expectation-schema.js';
import type { ExpectationResult, ObservedValue, UnexpectedRows } from '../result.js';
import type { BatchData } from './batch-data.js';

/** What every result of one expectation shares. */
export interface ResultBase {
  id: string;
  expect: ExpectationName;
  scope: ExpectationScope;
  columns: string[];
}

/** Per-row counts of one expectation. */
export interface RowCounts {
  rows: number;
  nulls: number;
  checked: number;
}

// A share compared with `mostly` gets this slack, so 0.95 of 20 rows (19) is not lost to rounding.
const EPSILON = 1e-12;

/** The result of a per-row expectation: it passes when checked > 0 and the passing share ≥ mostly. */
export function rowResult(
  base: ResultBase,
  counts: RowCounts,
  unexpected: UnexpectedRows,
  mostly: number | undefined,
  expected: string,
): ExpectationResult {
  const { checked } = counts;
  const need = mostly ?? 1;
  const share = checked === 0 ? 0 : unexpected.count / checked;
  const success = checked > 0 && 1 - share >= need - EPSILON;
  let message: string;
  if (checked === 0) message = `no values to check: all ${counts.rows} rows are null or the batch is empty`;
  else if (unexpected.count === 0) message = `all ${checked} checked values pass: expected ${expected}`;
  else {
    const allowed = Math.floor((1 - need) * checked + EPSILON);
    message = `${unexpected.count} of ${checked} checked values (${(share * 100).toFixed(2)}%) fail: expected ${expected}`;
    if (mostly !== undefined) message += `; mostly ${mostly} allows ${allowed}`;
  }
  return {
    ...base,
    success,
    observed: null,
    message,
    elementCount: counts.rows,
    nullCount: counts.nulls,
    checkedCount: checked,
    unexpectedCount: unexpected.count,
    unexpectedPercent: share * 100,
    unexpectedValues: unexpected.values,
    unexpectedRows: unexpected.rows,
  };
}

/** The result of an aggregate or table-shape expectation. */
export function aggregateResult(
  base: ResultBase,
  success: boolean,
  observed: ObservedValue,
  message: string,
  counts: { rows: number; nulls: number },
): ExpectationResult {
  return {
    ...base,
    success,
    observed,
    message,
    elementCount: counts.rows,
    nullCount: counts.nulls,
    checkedCount: counts.rows - counts.nulls,
    unexpectedCount: 0,
    unexpectedPercent: 0,
    unexpectedValues: [],
    unexpectedRows: [],
  };
}

/** A failed result when a column the expectation reads is missing; undefined when all are there. */
export function missingColumnResult(base: ResultBase, data: BatchData): ExpectationResult | undefined {
  const missing = base.columns.filter((c) => data.column(c) === undefined);
  if (missing.length === 0) return undefined;
  const list = missing.map((c) => `"${c}"`).join(', ');
  return aggregateResult(base, false, null, `no column named ${list} in the data`, {
    rows: data.table.rowCount,
    nulls: 0,
  });
}

/** Whether `x` lies in the range (a missing or NaN statistic never does). */
export function inRange(
  x: number | null,
  min: number | undefined,
  max: number | undefined,
  strict?: boolean,
): boolean {
  if (x === null || Number.isNaN(x)) return false;
  if (strict) return (min === undefined || x > min) && (max === undefined || x < max);
  return (min === undefined || x >= min) && (max === undefined || x <= max);
}

/** A number for messages: integers as they are, others to 6 significant digits. */
export function fmt(x: number | null): string {
  if (x === null) return 'none';
  return Number.isInteger(x) ? String(x) : Number(x.toPrecision(6)).toString();
}
