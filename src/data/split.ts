/**
 * Splitting a table's rows into train and test parts: deterministic for a seed, optionally
 * stratified (each class's share kept within one row) or grouped (every row of a group on one
 * side, e.g. all of a customer's rows). Returns row indices in file order, so the parts keep the
 * source's row order.
 */
import { FlywheelError } from '../core/errors.js';
import { createRng } from '../core/random.js';
import { type Column, cellValue, getColumn, type Table } from './table.js';

/** Options for `trainTestRows`. */
export interface SplitOptions {
  /** The test part's share of rows, strictly between 0 and 1. */
  test: number;
  /** Keep each value's share of this column within one row on both sides. */
  stratify?: string;
  /** Keep all rows with the same value of this column on one side. */
  by?: string;
  /** The seed (default 0): the same table, options and seed give the same split. */
  seed?: number;
}

/** Row indices of each part, ascending. */
export interface TrainTestRows {
  train: Int32Array;
  test: Int32Array;
}

/** Split `table`'s rows (see the module comment). */
export function trainTestRows(table: Table, options: SplitOptions): TrainTestRows {
  const { test } = options;
  if (!(Number.isFinite(test) && test > 0 && test < 1))
    throw new FlywheelError('INVALID_ARGUMENT', `The test share must be between 0 and 1 (got ${test})`, {
      hint: 'Pass a fraction such as --test 0.2.',
    });
  if (options.stratify !== undefined && options.by !== undefined)
    throw new FlywheelError('INVALID_ARGUMENT', 'Pass either --stratify or --by, not both', {
      hint: 'Grouped splits move whole groups, so class shares cannot also be held to one row.',
    });
  const rng = createRng(options.seed ?? 0);
  const inTest = new Uint8Array(table.rowCount);
  if (options.by !== undefined) {
    const groups = groupRows(getColumn(table, options.by), table.rowCount);
    const target = Math.round(table.rowCount * test);
    let taken = 0;
    // Whole groups in a seeded order; a group goes to test while that brings it closer to the target.
    for (const rows of rng.shuffle([...groups])) {
      if (Math.abs(taken + rows.length - target) < Math.abs(taken - target)) {
        for (const r of rows) inTest[r] = 1;
        taken += rows.length;
      }
    }
  } else {
    const classes =
      options.stratify === undefined
        ? [Array.from({ length: table.rowCount }, (_, i) => i)]
        : groupRows(getColumn(table, options.stratify), table.rowCount);
    for (const rows of classes) {
      for (const r of rng.shuffle([...rows]).slice(0, Math.round(rows.length * test))) inTest[r] = 1;
    }
  }
  const train: number[] = [];
  const testRows: number[] = [];
  for (let i = 0; i < table.rowCount; i++) (inTest[i] ? testRows : train).push(i);
  if (train.length === 0 || testRows.length === 0) {
    const empty = train.length === 0 ? 'train' : 'test';
    throw new FlywheelError('INVALID_ARGUMENT', `The split leaves the ${empty} part empty`, {
      where: options.by === undefined ? undefined : { field: options.by },
      hint:
        options.by === undefined
          ? `${table.rowCount} row(s) are too few for a test share of ${test}; pass another --test or add rows.`
          : `The groups of ${options.by} are too few or too large for a test share of ${test}; pass another --test or --by.`,
    });
  }
  return { train: Int32Array.from(train), test: Int32Array.from(testRows) };
}

/** Row indices by value of a column (null is its own group), groups in order of first appearance. */
function groupRows(column: Column, rowCount: number): number[][] {
  const groups = new Map<string, number[]>();
  for (let i = 0; i < rowCount; i++) {
    const value = cellValue(column, i);
    const key =
      value === null
        ? '\u0000null'
        : value instanceof Date
          ? `d${value.getTime()}`
          : `${typeof value}:${value}`;
    const rows = groups.get(key);
    if (rows === undefined) groups.set(key, [i]);
    else rows.push(i);
  }
  return [...groups.values()];
}
