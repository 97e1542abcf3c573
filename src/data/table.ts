/**
 * The one in-memory table type that reading, training, validation, scoring and monitoring share.
 *
 * Design (column-major, immutable by convention):
 * - A `Table` is `{ names, columns, rowCount }`: parallel arrays of column names and columns, every
 *   column `rowCount` long. Tables and columns are never mutated after they are built; operations
 *   return new tables that may share buffers (slicing is zero-copy).
 * - Four column kinds cover what the readers produce:
 *   - `float64`: every numeric type (integers, decimals, floats) as a `Float64Array`. Integers are
 *     exact up to 2^53; wider integers are rounded (documented, and rare in ML features).
 *   - `timestamp`: dates and timestamps as milliseconds since the Unix epoch (UTC) in a `Float64Array`
 *     (fractional milliseconds keep microseconds).
 *   - `bool`: a `Uint8Array` of 0/1.
 *   - `dictionary`: strings (categories and free text alike) as `Int32Array` codes into a string
 *     dictionary; code -1 is null. Readers emit sorted, duplicate-free dictionaries so the same data
 *     always gets the same codes; hand-built columns may use any order.
 * - Nulls: numeric, timestamp and bool columns carry `nulls`, a `Uint8Array` with 1 for a null row,
 *   or `null` when the column has no nulls at all (the common case costs nothing). A null numeric
 *   value is also stored as NaN (a null bool as 0), so code that does not care about the difference
 *   can read `values` alone; a NaN whose null bit is 0 is a real NaN from the data.
 */
import { FlywheelError } from '../core/errors.js';
import { closestName } from '../core/suggest.js';

/** The storage kind of a column. */
export type ColumnKind = 'float64' | 'timestamp' | 'bool' | 'dictionary';

/** Numbers of any source type as float64; null rows are NaN with their `nulls` bit set. */
export interface Float64Column {
  readonly kind: 'float64';
  readonly values: Float64Array;
  readonly nulls: Uint8Array | null;
}

/** Timestamps as epoch milliseconds (UTC); null rows are NaN with their `nulls` bit set. */
export interface TimestampColumn {
  readonly kind: 'timestamp';
  readonly values: Float64Array;
  readonly nulls: Uint8Array | null;
}

/** Booleans as 0/1 bytes; null rows are 0 with their `nulls` bit set. */
export interface BoolColumn {
  readonly kind: 'bool';
  readonly values: Uint8Array;
  readonly nulls: Uint8Array | null;
}

/** Strings as codes into a dictionary; code -1 is null. */
export interface DictionaryColumn {
  readonly kind: 'dictionary';
  readonly codes: Int32Array;
  readonly dictionary: readonly string[];
}

/** One column of a table. */
export type Column = Float64Column | TimestampColumn | BoolColumn | DictionaryColumn;

/** A column-major, immutable table. */
export interface Table {
  readonly names: readonly string[];
  readonly columns: readonly Column[];
  readonly rowCount: number;
}

/** One cell as a plain JavaScript value (timestamps as Date). */
export type CellValue = number | string | boolean | Date | null;

/** A column's name and storage kind. */
export interface ColumnSchema {
  readonly name: string;
  readonly kind: ColumnKind;
}

/** The number of rows in a column. */
export function columnLength(column: Column): number {
  return column.kind === 'dictionary' ? column.codes.length : column.values.length;
}

/** Build a table, checking that names are unique and every column has the same length. */
export function createTable(names: readonly string[], columns: readonly Column[], rowCount?: number): Table {
  if (names.length !== columns.length) {
    throw new FlywheelError(
      'INVALID_ARGUMENT',
      `A table needs one name per column: got ${names.length} names for ${columns.length} columns`,
    );
  }
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) {
      throw new FlywheelError('INVALID_ARGUMENT', `Column name "${name}" appears twice`, {
        where: { field: name },
        hint: 'Give every column a distinct name.',
      });
    }
    seen.add(name);
  }
  const rows = rowCount ?? (columns[0] === undefined ? 0 : columnLength(columns[0]));
  columns.forEach((column, i) => {
    if (columnLength(column) !== rows) {
      throw new FlywheelError(
        'INVALID_ARGUMENT',
        `Column "${names[i]}" has ${columnLength(column)} rows but the table has ${rows}`,
        { where: { field: names[i] } },
      );
    }
  });
  return { names: [...names], columns: [...columns], rowCount: rows };
}

/** The names and kinds of a table's columns. */
export function tableSchema(table: Table): ColumnSchema[] {
  return table.names.map((name, i) => ({ name, kind: table.columns[i]!.kind }));
}

/** The index of a column, or -1. */
export function columnIndex(table: Table, name: string): number {
  return table.names.indexOf(name);
}

/** The column named `name`; a SCHEMA_MISMATCH error lists the available names when it is missing. */
export function getColumn(table: Table, name: string): Column {
  const index = columnIndex(table, name);
  if (index < 0) throw missingColumn(table.names, name);
  return table.columns[index]!;
}

/** The error for a column that is not in a table, with the closest name as a suggestion. */
export function missingColumn(available: readonly string[], name: string): FlywheelError {
  const suggestion = closestName(available, name);
  const listed = available.length > 20 ? `${available.slice(0, 20).join(', ')}, …` : available.join(', ');
  return new FlywheelError('SCHEMA_MISMATCH', `No column named "${name}"`, {
    where: { field: name },
    hint: suggestion
      ? `Did you mean "${suggestion}"? Available columns: ${listed}`
      : `Available columns: ${listed || '(none)'}`,
    details: { column: name, available: available.slice(0, 100) },
  });
}

/** A table with only the named columns, in the order given. */
export function selectColumns(table: Table, names: readonly string[]): Table {
  return createTable(
    names,
    names.map((name) => getColumn(table, name)),
    table.rowCount,
  );
}

/** Rows `start` (inclusive) to `end` (exclusive), sharing the buffers (no copy). */
export function sliceRows(table: Table, start: number, end: number = table.rowCount): Table {
  const from = clampIndex(start, table.rowCount);
  const to = Math.max(from, clampIndex(end, table.rowCount));
  const columns = table.columns.map((column) => sliceColumn(column, from, to));
  return { names: table.names, columns, rowCount: to - from };
}

/** The rows at `indices`, in that order (a copy; indices may repeat). */
export function takeRows(table: Table, indices: Int32Array | readonly number[]): Table {
  for (const index of indices) {
    if (!Number.isInteger(index) || index < 0 || index >= table.rowCount) {
      throw new FlywheelError('INVALID_ARGUMENT', `Row index ${index} is outside 0..${table.rowCount - 1}`);
    }
  }
  const columns = table.columns.map((column) => takeColumn(column, indices));
  return { names: table.names, columns, rowCount: indices.length };
}

/** True when row `row` of `column` is null. */
export function isNull(column: Column, row: number): boolean {
  if (column.kind === 'dictionary') return column.codes[row]! < 0;
  return column.nulls !== null && column.nulls[row] === 1;
}

/** The value of one cell (timestamps as Date, nulls as null). */
export function cellValue(column: Column, row: number): CellValue {
  if (isNull(column, row)) return null;
  switch (column.kind) {
    case 'float64':
      return column.values[row]!;
    case 'timestamp':
      return new Date(column.values[row]!);
    case 'bool':
      return column.values[row] === 1;
    case 'dictionary':
      return column.dictionary[column.codes[row]!]!;
  }
}

/** Row `row` as an object keyed by column name. */
export function rowObject(table: Table, row: number): Record<string, CellValue> {
  checkRow(table, row);
  const out: Record<string, CellValue> = {};
  table.names.forEach((name, i) => {
    out[name] = cellValue(table.columns[i]!, row);
  });
  return out;
}

/** Row `row` as an array in column order. */
export function rowArray(table: Table, row: number): CellValue[] {
  checkRow(table, row);
  return table.columns.map((column) => cellValue(column, row));
}

/** A numeric view of a column: float64 and timestamp values as they are, bools as 0/1; nulls are NaN. */
export function numericValues(column: Column): Float64Array {
  if (column.kind === 'float64' || column.kind === 'timestamp') return column.values;
  if (column.kind === 'bool') {
    const out = new Float64Array(column.values.length);
    for (let i = 0; i < out.length; i++) out[i] = column.nulls?.[i] === 1 ? Number.NaN : column.values[i]!;
    return out;
  }
  throw new FlywheelError('INVALID_ARGUMENT', 'A dictionary (string) column has no numeric values', {
    hint: 'Encode categories first (for example one-hot), or pick a numeric column.',
  });
}

function sliceColumn(column: Column, from: number, to: number): Column {
  if (column.kind === 'dictionary') {
    return { kind: 'dictionary', codes: column.codes.subarray(from, to), dictionary: column.dictionary };
  }
  const nulls = column.nulls === null ? null : column.nulls.subarray(from, to);
  if (column.kind === 'bool') return { kind: 'bool', values: column.values.subarray(from, to), nulls };
  return { kind: column.kind, values: column.values.subarray(from, to), nulls };
}

function takeColumn(column: Column, indices: Int32Array | readonly number[]): Column {
  const n = indices.length;
  if (column.kind === 'dictionary') {
    const codes = new Int32Array(n);
    for (let i = 0; i < n; i++) codes[i] = column.codes[indices[i]!]!;
    return { kind: 'dictionary', codes, dictionary: column.dictionary };
  }
  const nulls = column.nulls === null ? null : new Uint8Array(n);
  if (nulls !== null) for (let i = 0; i < n; i++) nulls[i] = column.nulls![indices[i]!]!;
  if (column.kind === 'bool') {
    const values = new Uint8Array(n);
    for (let i = 0; i < n; i++) values[i] = column.values[indices[i]!]!;
    return { kind: 'bool', values, nulls };
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = column.values[indices[i]!]!;
  return { kind: column.kind, values, nulls };
}

function checkRow(table: Table, row: number): void {
  if (!Number.isInteger(row) || row < 0 || row >= table.rowCount) {
    throw new FlywheelError('INVALID_ARGUMENT', `Row ${row} is outside 0..${table.rowCount - 1}`);
  }
}

function clampIndex(index: number, length: number): number {
  const i = index < 0 ? length + index : index;
  return Math.min(Math.max(0, Math.trunc(i)), length);
}
