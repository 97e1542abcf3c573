/**
 * Text columns whose values the model fixes — a classifier's label, the confidence policy's action.
 * A file output's chunk files hold them as codes, and the assembly turns the codes back into the
 * same strings as a DuckDB ENUM: no string is written per row into each chunk file and hashed again
 * when the chunks are assembled (for a binary model that was about a quarter of the job's time).
 */
import { FlywheelError } from '../core/index.js';
import type { Column, Table } from '../data/index.js';
import type { OutputShape } from './sink.js';
import { quoteIdent } from './target.js';

/** A text column and its possible values, in code order. */
export interface EnumColumn {
  name: string;
  values: readonly string[];
}

/** The prediction columns of `shape` with a fixed set of values. */
export function enumColumns(shape: OutputShape): EnumColumn[] {
  return shape.predictions.flatMap((c) =>
    c.values === undefined ? [] : [{ name: c.name, values: c.values }],
  );
}

/** `table` with each enum column's strings replaced by their codes (float64 indexes into `values`). */
export function encodeEnums(table: Table, enums: readonly EnumColumn[]): Table {
  if (enums.length === 0) return table;
  const columns = table.columns.map((column, i) => {
    const e = enums.find((x) => x.name === table.names[i]);
    return e === undefined ? column : encode(column, e);
  });
  return { ...table, columns };
}

function encode(column: Column, e: EnumColumn): Column {
  if (column.kind !== 'dictionary') throw unexpected(e, `a ${column.kind} column`);
  const remap = column.dictionary.map((v) => {
    const code = e.values.indexOf(v);
    if (code < 0) throw unexpected(e, `the value "${v}"`);
    return code;
  });
  const values = new Float64Array(column.codes.length);
  for (let r = 0; r < values.length; r++) {
    const c = column.codes[r]!;
    if (c < 0) throw unexpected(e, 'a missing value');
    values[r] = remap[c]!;
  }
  return { kind: 'float64', values, nulls: null };
}

function unexpected(e: EnumColumn, what: string): FlywheelError {
  return new FlywheelError('INTERNAL', `Batch output column "${e.name}" holds ${what}`, {
    details: { values: e.values },
  });
}

/** The SELECT list that reads chunk files back with their codes turned into ENUM strings. */
export function decodeEnumsSql(enums: readonly EnumColumn[]): string {
  if (enums.length === 0) return '*';
  const literal = (s: string) => `'${s.replaceAll("'", "''")}'`;
  const replaced = enums.map((e) => {
    const list = e.values.map(literal).join(', ');
    // The list is cast once (a constant); each row then picks an ENUM value by its code.
    return `list_extract(CAST([${list}] AS ENUM(${list})[]), CAST(${quoteIdent(e.name)} AS INTEGER) + 1) AS ${quoteIdent(e.name)}`;
  });
  return `* REPLACE (${replaced.join(', ')})`;
}
