/**
 * The target column: which task it is (given, or inferred), its class labels, and its values as
 * numbers (class indices for classification). Bad targets fail here with a clear error: a missing
 * column, missing values, a single class, or labels a validation set has that training did not.
 */
import { FlywheelError } from '../core/index.js';
import { type Column, getColumn, type Table } from '../data/index.js';
import type { ClassLabel, Task } from '../models/index.js';

/** A target, ready for an objective. */
export interface TargetValues {
  task: Task;
  classes: ClassLabel[] | null;
  /** Class index per row (classification) or the value (regression). */
  y: Float64Array;
}

/** Most distinct integer values a numeric target may have to be taken as classes when no task is given. */
export const MAX_INFERRED_CLASSES = 20;

/** Read and check the target column; infer the task unless given. */
export function readTarget(table: Table, name: string, task?: Task): TargetValues {
  const column = getColumn(table, name);
  checkNoNulls(column, name);
  const numeric = column.kind !== 'dictionary';
  const values = numeric ? column.values : null;
  const inferred: Task =
    task ??
    (numeric && column.kind === 'float64' && !looksCategorical(values as Float64Array)
      ? 'regression'
      : 'binary');
  if (inferred === 'regression') {
    if (!numeric) {
      throw new FlywheelError(
        'DATA_INVALID',
        `Target "${name}" holds text, so it cannot be a regression target`,
        {
          where: { field: name },
          hint: 'Use a classification task, or convert the column to numbers.',
        },
      );
    }
    return { task: 'regression', classes: null, y: Float64Array.from(values as ArrayLike<number>) };
  }
  const { classes, y } = encodeClasses(column);
  if (classes.length < 2) {
    throw new FlywheelError(
      'DATA_INVALID',
      `Target "${name}" has a single class (${String(classes[0])}) in ${table.rowCount} rows`,
      {
        where: { field: name },
        hint: 'A classifier needs at least two classes: check the data (or a filter that removed the others).',
      },
    );
  }
  const resolved: Task = classes.length === 2 ? 'binary' : 'multiclass';
  if (task !== undefined && task !== resolved) {
    throw new FlywheelError(
      'DATA_INVALID',
      `Target "${name}" has ${classes.length} classes, so the task cannot be ${task}`,
      {
        where: { field: name },
        hint: `Use task ${resolved}, or omit the task to infer it.`,
      },
    );
  }
  return { task: resolved, classes, y };
}

/** Class indices of another table's target (validation), against the training classes. */
export function encodeWithClasses(table: Table, name: string, classes: ClassLabel[]): Float64Array {
  const column = getColumn(table, name);
  checkNoNulls(column, name);
  const index = new Map(classes.map((c, i) => [String(c), i]));
  const out = new Float64Array(table.rowCount);
  for (let r = 0; r < table.rowCount; r++) {
    const label = labelAt(column, r);
    const k = index.get(String(label));
    if (k === undefined) {
      throw new FlywheelError(
        'DATA_INVALID',
        `Target "${name}" has the class ${JSON.stringify(label)} at row ${r}, not seen in training`,
        {
          where: { field: name, row: r },
          hint: `Training classes: ${classes.map((c) => JSON.stringify(c)).join(', ')}.`,
        },
      );
    }
    out[r] = k;
  }
  return out;
}

function looksCategorical(values: Float64Array): boolean {
  return distinctUpTo(values, MAX_INFERRED_CLASSES)?.every((v) => Number.isInteger(v)) ?? false;
}

/**
 * The distinct values (no NaN: the target was checked), in first-seen order, or null past `limit`
 * of them. A short array scanned per row beats a Set's hashing when there are a few classes.
 */
function distinctUpTo(values: Float64Array, limit: number): number[] | null {
  const seen: number[] = [];
  let last = Number.NaN;
  for (let r = 0; r < values.length; r++) {
    const v = values[r]!;
    if (v === last) continue;
    last = v;
    if (seen.includes(v)) continue;
    if (seen.length === limit) return null;
    seen.push(v === 0 ? 0 : v); // −0 and 0 are one class, known as 0 (as a Set keeps them)
  }
  return seen;
}

function checkNoNulls(column: Column, name: string): void {
  let count = 0;
  let first = -1;
  const n = column.kind === 'dictionary' ? column.codes.length : column.values.length;
  for (let r = 0; r < n; r++) {
    const missing =
      column.kind === 'dictionary'
        ? column.codes[r]! < 0
        : (column.nulls !== null && column.nulls[r] === 1) || Number.isNaN(column.values[r]!);
    if (missing) {
      count++;
      if (first < 0) first = r;
    }
  }
  if (count > 0) {
    throw new FlywheelError(
      'DATA_INVALID',
      `Target "${name}" is missing in ${count} row(s), first at row ${first}`,
      {
        where: { field: name, row: first },
        hint: 'Drop the rows without a label before training (a model cannot learn from them).',
      },
    );
  }
}

function labelAt(column: Column, r: number): ClassLabel {
  if (column.kind === 'dictionary') return column.dictionary[column.codes[r]!]!;
  if (column.kind === 'bool') return column.values[r] === 1;
  return column.values[r]!;
}

function encodeClasses(column: Column): { classes: ClassLabel[]; y: Float64Array } {
  if (column.kind === 'float64') return encodeNumericClasses(column.values);
  const n = column.kind === 'dictionary' ? column.codes.length : column.values.length;
  const seen = new Map<string, ClassLabel>();
  for (let r = 0; r < n; r++) {
    const label = labelAt(column, r);
    if (!seen.has(String(label))) seen.set(String(label), label);
  }
  const classes = [...seen.values()].sort(compareLabels);
  const index = new Map(classes.map((c, i) => [String(c), i]));
  const y = new Float64Array(n);
  for (let r = 0; r < n; r++) y[r] = index.get(String(labelAt(column, r)))!;
  return { classes, y };
}

/** Numeric labels without string keys (the common 0/1 case stays fast on big tables). */
function encodeNumericClasses(values: Float64Array): { classes: ClassLabel[]; y: Float64Array } {
  const few = distinctUpTo(values, 16);
  if (few !== null) {
    const classes = few.sort((a, b) => a - b);
    const y = new Float64Array(values.length);
    for (let r = 0; r < values.length; r++) y[r] = classes.indexOf(values[r]!);
    return { classes, y };
  }
  const seen = new Set<number>();
  for (let r = 0; r < values.length; r++) seen.add(values[r]!);
  const classes = [...seen].sort((a, b) => a - b);
  const index = new Map(classes.map((c, i) => [c, i]));
  const y = new Float64Array(values.length);
  for (let r = 0; r < values.length; r++) y[r] = index.get(values[r]!)!;
  return { classes, y };
}

function compareLabels(a: ClassLabel, b: ClassLabel): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
