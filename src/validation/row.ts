/**
 * Row-level validation for the serving hot path: a suite compiled once into a list of per-row
 * checkers with the same semantics as the batch checks (the same value tests). Expectations that
 * need a whole batch (aggregates, duplicates, order, row counts, z-scores without a fixed mean and
 * std) are skipped and listed in every verdict. A passing row allocates nothing.
 *
 * A row is an object keyed by column name. A missing key reads as null; timestamps may be Dates
 * or date strings; booleans count as 0/1 where a number is compared (as in a bool column).
 */
import type { CellValue } from '../data/index.js';
import { pairComparison, pairText, sumTolerance } from './batch/index.js';
import { type Expectation, expectationColumns } from './expectation-schema.js';
import type { RowFailure, RowVerdict } from './result.js';
import { isValueExpectation, type ValueTest, valueTest } from './value-tests.js';

/** A row to validate. */
export type RowInput = Readonly<Record<string, CellValue | undefined>>;

/** One compiled per-row check: undefined when the row passes, else the reason. */
interface RowCheck {
  id: string;
  expect: Expectation['expect'];
  column: string | undefined;
  check: (row: RowInput) => string | undefined;
}

/** A compiled row validator. */
export type RowValidator = (row: RowInput) => RowVerdict;

/** Compile the per-row checks of a suite (ids in suite order). */
export function compileRowValidator(
  expectations: readonly Expectation[],
  ids: readonly string[],
): RowValidator {
  const checks: RowCheck[] = [];
  const skipped: string[] = [];
  expectations.forEach((e, i) => {
    const check = rowCheck(e);
    if (check === undefined) skipped.push(ids[i]!);
    else checks.push({ id: ids[i]!, expect: e.expect, column: expectationColumns(e)[0], check });
  });
  Object.freeze(skipped);
  const pass: RowVerdict = Object.freeze({
    ok: true,
    failures: Object.freeze([]) as unknown as RowFailure[],
    skipped,
  });
  return (row) => {
    let failures: RowFailure[] | undefined;
    for (let k = 0; k < checks.length; k++) {
      const c = checks[k]!;
      const reason = c.check(row);
      if (reason === undefined) continue;
      failures ??= [];
      failures.push({ id: c.id, expect: c.expect, column: c.column, reason });
    }
    return failures === undefined ? pass : { ok: false, failures, skipped };
  };
}

function rowCheck(e: Expectation): RowCheck['check'] | undefined {
  if (isValueExpectation(e))
    return valueCheck(
      e.column,
      valueTest(e),
      e.expect === 'not_null' || ('nulls' in e && e.nulls === 'fail'),
    );
  const nullsFail = 'nulls' in e && e.nulls === 'fail';
  switch (e.expect) {
    case 'column_exists':
      return (row) => (row[e.column] === undefined ? `no column "${e.column}"` : undefined);
    case 'columns_match_set':
    case 'columns_match_list':
      return keysCheck(e.columns, e.expect === 'columns_match_list' || e.exact !== false);
    case 'column_count_between': {
      const lo = e.min ?? 0;
      const hi = e.max ?? Number.POSITIVE_INFINITY;
      return (row) => {
        const n = Object.keys(row).length;
        return n >= lo && n <= hi ? undefined : `${n} columns`;
      };
    }
    case 'pair_greater':
    case 'pair_equal': {
      const compare = pairComparison(e);
      const text = pairText(e);
      return (row) => {
        const a = comparable(row[e.column_a]);
        const b = comparable(row[e.column_b]);
        if (a === null || b === null) return nullsFail ? 'is null' : undefined;
        return compare(a, b) ? undefined : `${show(a)} vs ${show(b)}: expected ${text}`;
      };
    }
    case 'multicolumn_sum_equal':
      return sumCheck(e.columns, e.total, sumTolerance(e), nullsFail);
    default:
      // Aggregates, duplicates, order, row counts: they need the whole batch.
      return undefined;
  }
}

function valueCheck(column: string, test: ValueTest, nullsFail: boolean): RowCheck['check'] {
  return (row) => {
    const v = row[column];
    if (v === null || v === undefined) return nullsFail ? 'is null' : undefined;
    let ok: boolean;
    switch (typeof v) {
      case 'number':
        ok = test.number?.(v) ?? false;
        break;
      case 'string':
        ok = test.string?.(v) ?? false;
        break;
      case 'boolean':
        ok = test.boolean?.(v) ?? false;
        break;
      default:
        ok = v instanceof Date && test.timestamp !== null && test.timestamp(v.getTime());
    }
    return ok ? undefined : `${show(v)}: expected ${test.expected}`;
  };
}

function keysCheck(columns: readonly string[], exact: boolean): RowCheck['check'] {
  const want = new Set(columns);
  return (row) => {
    for (const c of columns) if (row[c] === undefined) return `no column "${c}"`;
    if (exact) for (const k in row) if (!want.has(k)) return `unexpected column "${k}"`;
    return undefined;
  };
}

function sumCheck(
  columns: readonly string[],
  total: number,
  tolerance: number,
  nullsFail: boolean,
): RowCheck['check'] {
  return (row) => {
    let sum = 0;
    for (const c of columns) {
      const v = comparable(row[c]);
      if (v === null) return nullsFail ? 'is null' : undefined;
      if (typeof v === 'string') return `${c} is not a number`;
      sum += v;
    }
    return Math.abs(sum - total) <= tolerance
      ? undefined
      : `sum ${sum}: expected ${columns.join(' + ')} = ${total}`;
  };
}

/** A cell as the batch compares it: numbers (Dates as epoch ms, booleans as 0/1) or strings. */
function comparable(v: CellValue | undefined): number | string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof Date) return v.getTime();
  return v;
}

function show(v: unknown): string {
  const text = v instanceof Date ? v.toISOString() : typeof v === 'string' ? JSON.stringify(v) : String(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
