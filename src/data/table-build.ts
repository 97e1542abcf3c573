/**
 * Building tables from plain JavaScript values, and joining tables end to end.
 * Readers do not use these (they fill typed arrays straight from DuckDB); these serve tests,
 * request bodies, small in-memory data and the chunked reader's consumers.
 */
import { FlywheelError } from '../core/errors.js';
import {
  type BoolColumn,
  type CellValue,
  type Column,
  type ColumnKind,
  createTable,
  type DictionaryColumn,
  type Float64Column,
  type Table,
  type TimestampColumn,
} from './table.js';

/** A float64 column from numbers; null and undefined become nulls. */
export function float64Column(values: ArrayLike<number | null | undefined>): Float64Column {
  const out = new Float64Array(values.length);
  const nulls = fillNumbers(values, out, (v) => v);
  return { kind: 'float64', values: out, nulls };
}

/** A timestamp column from Dates or epoch milliseconds; null and undefined become nulls. */
export function timestampColumn(values: ArrayLike<Date | number | null | undefined>): TimestampColumn {
  const out = new Float64Array(values.length);
  const nulls = fillNumbers(values, out, (v) => (v instanceof Date ? v.getTime() : v));
  return { kind: 'timestamp', values: out, nulls };
}

/** A bool column from booleans; null and undefined become nulls. */
export function boolColumn(values: ArrayLike<boolean | null | undefined>): BoolColumn {
  const out = new Uint8Array(values.length);
  let nulls: Uint8Array | null = null;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) {
      nulls ??= new Uint8Array(values.length);
      nulls[i] = 1;
    } else out[i] = v ? 1 : 0;
  }
  return { kind: 'bool', values: out, nulls };
}

/** A dictionary column from strings, with a sorted dictionary; null and undefined become code -1. */
export function dictionaryColumn(values: ArrayLike<string | null | undefined>): DictionaryColumn {
  const distinct = new Set<string>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === 'string') distinct.add(v);
  }
  const dictionary = [...distinct].sort(compareStrings);
  const index = new Map(dictionary.map((value, code) => [value, code]));
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    codes[i] = typeof v === 'string' ? index.get(v)! : -1;
  }
  return { kind: 'dictionary', codes, dictionary };
}

/** Options for `tableFromRows`. */
export interface FromRowsOptions {
  /** Column names (required for array rows; for object rows, the default is every key seen, in order). */
  names?: readonly string[];
  /** Force a column's kind instead of inferring it from the values. */
  kinds?: Readonly<Record<string, ColumnKind>>;
}

/**
 * A table from row objects or row arrays. Each column's kind is inferred from its non-null values:
 * numbers → float64, booleans → bool, Dates → timestamp, strings → dictionary; a column with
 * only nulls is float64. Mixed kinds in one column are a DATA_INVALID error naming the row and field.
 */
export function tableFromRows(
  rows: readonly (Readonly<Record<string, CellValue | undefined>> | readonly (CellValue | undefined)[])[],
  options: FromRowsOptions = {},
): Table {
  const names = options.names ?? objectKeys(rows);
  const columns = names.map((name, j) => {
    const cells = rows.map((row) => (Array.isArray(row) ? row[j] : (row as Record<string, CellValue>)[name]));
    return columnFromCells(name, cells, options.kinds?.[name]);
  });
  return createTable(names, columns, rows.length);
}

/** A table from columns of cells (kinds inferred as in `tableFromRows`), without building rows. */
export function tableFromCells(
  names: readonly string[],
  columns: readonly (readonly (CellValue | undefined)[])[],
  kinds?: Readonly<Record<string, ColumnKind>>,
): Table {
  return createTable(
    names,
    names.map((name, j) => columnFromCells(name, columns[j]!, kinds?.[name])),
    columns[0]?.length ?? 0,
  );
}

/** Join tables with the same column names and kinds end to end; dictionaries are merged and sorted. */
export function concatTables(tables: readonly Table[]): Table {
  const first = tables[0];
  if (first === undefined) return createTable([], [], 0);
  for (const table of tables) checkSameSchema(first, table);
  const rowCount = tables.reduce((sum, t) => sum + t.rowCount, 0);
  const columns = first.names.map((_, j) =>
    concatColumns(
      tables.map((t) => t.columns[j]!),
      rowCount,
    ),
  );
  return createTable(first.names, columns, rowCount);
}

/** Compare strings by UTF-16 code units (the order readers use for dictionaries). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function fillNumbers<T>(
  values: ArrayLike<T | null | undefined>,
  out: Float64Array,
  toNumber: (v: T) => number,
): Uint8Array | null {
  let nulls: Uint8Array | null = null;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) {
      nulls ??= new Uint8Array(values.length);
      nulls[i] = 1;
      out[i] = Number.NaN;
    } else out[i] = toNumber(v);
  }
  return nulls;
}

function objectKeys(rows: readonly unknown[]): string[] {
  const keys = new Set<string>();
  for (const row of rows) {
    if (Array.isArray(row)) {
      throw new FlywheelError('INVALID_ARGUMENT', 'Rows given as arrays need `names`');
    }
    for (const key of Object.keys(row as object)) keys.add(key);
  }
  return [...keys];
}

function kindOf(value: CellValue): ColumnKind {
  if (typeof value === 'number') return 'float64';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'string') return 'dictionary';
  if (value instanceof Date) return 'timestamp';
  throw new FlywheelError('DATA_INVALID', `Unsupported cell value of type ${typeof value}`);
}

function columnFromCells(
  name: string,
  cells: readonly (CellValue | undefined)[],
  forced?: ColumnKind,
): Column {
  let kind = forced;
  cells.forEach((cell, row) => {
    if (cell === null || cell === undefined) return;
    const k = kindOf(cell);
    kind ??= k;
    if (k !== kind) {
      throw new FlywheelError(
        'DATA_INVALID',
        `Column "${name}" mixes ${kind} and ${k} values at row ${row}`,
        {
          where: { row, field: name },
          hint: 'Make every value of a column the same type (numbers, strings, booleans or dates).',
        },
      );
    }
  });
  switch (kind ?? 'float64') {
    case 'float64':
      return float64Column(cells as readonly (number | null | undefined)[]);
    case 'bool':
      return boolColumn(cells as readonly (boolean | null | undefined)[]);
    case 'timestamp':
      return timestampColumn(cells as readonly (Date | null | undefined)[]);
    case 'dictionary':
      return dictionaryColumn(cells as readonly (string | null | undefined)[]);
  }
}

function checkSameSchema(first: Table, table: Table): void {
  const same =
    first.names.length === table.names.length &&
    first.names.every(
      (name, j) => name === table.names[j] && first.columns[j]!.kind === table.columns[j]!.kind,
    );
  if (!same) {
    throw new FlywheelError('SCHEMA_MISMATCH', 'Tables to concatenate must have the same columns and kinds', {
      details: { expected: first.names, got: table.names },
    });
  }
}

function concatColumns(parts: readonly Column[], rowCount: number): Column {
  const kind = parts[0]!.kind;
  if (kind === 'dictionary') return concatDictionaries(parts as DictionaryColumn[], rowCount);
  const values = kind === 'bool' ? new Uint8Array(rowCount) : new Float64Array(rowCount);
  const anyNulls = parts.some((p) => (p as Float64Column).nulls !== null);
  const nulls = anyNulls ? new Uint8Array(rowCount) : null;
  let offset = 0;
  for (const part of parts as (Float64Column | BoolColumn)[]) {
    values.set(part.values, offset);
    if (nulls !== null && part.nulls !== null) nulls.set(part.nulls, offset);
    offset += part.values.length;
  }
  return { kind, values, nulls } as Column;
}

function concatDictionaries(parts: readonly DictionaryColumn[], rowCount: number): DictionaryColumn {
  const distinct = new Set<string>();
  for (const part of parts) for (const value of part.dictionary) distinct.add(value);
  const dictionary = [...distinct].sort(compareStrings);
  const index = new Map(dictionary.map((value, code) => [value, code]));
  const codes = new Int32Array(rowCount);
  let offset = 0;
  for (const part of parts) {
    const remap = Int32Array.from(part.dictionary, (value) => index.get(value)!);
    for (let i = 0; i < part.codes.length; i++) {
      const code = part.codes[i]!;
      codes[offset + i] = code < 0 ? -1 : remap[code]!;
    }
    offset += part.codes.length;
  }
  return { kind: 'dictionary', codes, dictionary };
}
