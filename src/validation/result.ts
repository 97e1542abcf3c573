/** Verdicts: one result per expectation, the report of a whole batch, and the verdict on one row. */
import type { CellValue, Column } from '../data/index.js';
import { cellValue } from '../data/index.js';
import type { ExpectationName, ExpectationScope } from './expectation-schema.js';

/** A cell as JSON: dates as ISO text, NaN and infinities as text. */
export type JsonCell = number | string | boolean | null;

/** What an aggregate observed (a statistic, a list of values, or a statistic per quantile). */
export type ObservedValue = JsonCell | JsonCell[] | Record<string, JsonCell>;

/** How many unexpected values and rows a result keeps as examples. */
export const EXAMPLE_LIMIT = 20;

/** The verdict on one expectation over a batch. */
export interface ExpectationResult {
  id: string;
  expect: ExpectationName;
  scope: ExpectationScope;
  columns: string[];
  success: boolean;
  /** The statistic checked (aggregates and table shape); null for per-row checks, which report counts. */
  observed: ObservedValue;
  /** One sentence: what was expected and what was found. */
  message: string;
  /** Rows in the batch. */
  elementCount: number;
  /** Rows with a null in the checked column(s). */
  nullCount: number;
  /** Rows checked: all rows, less the nulls when nulls are skipped. */
  checkedCount: number;
  unexpectedCount: number;
  /** 100 × unexpected / checked (0 when nothing was checked). */
  unexpectedPercent: number;
  /** The first 20 unexpected values (for several columns, the first column's). */
  unexpectedValues: JsonCell[];
  /** The row indices (0-based) of the first 20 unexpected values. */
  unexpectedRows: number[];
}

/** The verdict of a suite on a batch. */
export interface ValidationReport {
  suite: { name: string; digest: string };
  success: boolean;
  rowCount: number;
  columnCount: number;
  /** Expectations evaluated, and how many failed. */
  evaluated: number;
  failed: number;
  results: ExpectationResult[];
  elapsedMs: number;
}

/** Why one row failed one expectation. */
export interface RowFailure {
  id: string;
  expect: ExpectationName;
  column: string | undefined;
  reason: string;
}

/** The verdict on one row. */
export interface RowVerdict {
  ok: boolean;
  failures: RowFailure[];
  /** Ids of the expectations that need a whole batch and were not checked on this row. */
  skipped: readonly string[];
}

/** A cell value as JSON. */
export function jsonCell(value: CellValue | undefined): JsonCell {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return value;
}

/** A growable list of row indices. */
export class RowList {
  private data = new Int32Array(64);
  length = 0;

  push(row: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = row;
  }

  /** The rows, in the order pushed. */
  toArray(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}

/** The unexpected rows of one per-row expectation: a count, examples, and all rows when asked. */
export class UnexpectedRows {
  count = 0;
  readonly rows: number[] = [];
  readonly values: JsonCell[] = [];
  /** Every unexpected row (kept only for quarantine). */
  readonly all: RowList | null;

  constructor(keepAll: boolean) {
    this.all = keepAll ? new RowList() : null;
  }

  /** Record row `row`, whose value in `column` is the example shown. */
  add(row: number, column: Column | undefined): void {
    this.count++;
    this.all?.push(row);
    if (this.rows.length < EXAMPLE_LIMIT) {
      this.rows.push(row);
      this.values.push(column === undefined ? null : jsonCell(cellValue(column, row)));
    }
  }
}
