/**
 * What the SQL sinks share: table definitions from the output shape, the schema check of an
 * existing table, and the per-chunk marker table that makes every commit exactly-once.
 */
import { FlywheelError } from '../core/index.js';
import { type CellValue, cellValue, type Table } from '../data/index.js';
import type { OutputColumn } from './sink.js';
import { checkIdentifier, INTERNAL_TABLE_PREFIX, quoteIdent } from './target.js';

/**
 * The table recording committed chunks (job id, chunk, counts), written in each chunk's
 * transaction. Its prefix is reserved, so no output can be pointed at it.
 */
export const MARKER_TABLE = `${INTERNAL_TABLE_PREFIX}batch_chunks`;

/** The errors table beside a predictions table. */
export function errorsTable(table: string): string {
  return checkIdentifier(`${table}_errors`, 'errors table');
}

/** Column names and types as SQL (names checked and quoted). */
export function columnDefinitions(
  columns: readonly OutputColumn[],
  types: Record<OutputColumn['type'], string>,
): string {
  return columns
    .map((c) => `${quoteIdent(checkIdentifier(c.name, 'output column'))} ${types[c.type]}`)
    .join(', ');
}

/** Fail when an existing table's columns are not the job's (by name, in order). */
export function checkExisting(
  table: string,
  where: string,
  existing: readonly string[],
  wanted: readonly OutputColumn[],
): void {
  const names = wanted.map((c) => c.name);
  if (existing.length === names.length && existing.every((n, i) => n === names[i])) return;
  throw new FlywheelError(
    'SCHEMA_MISMATCH',
    `Table ${table} in ${where} exists with columns (${existing.join(', ')}), not the (${names.join(', ')}) this job writes`,
    {
      where: { field: table },
      hint: 'Write to another table (#name in --output), or drop or rename the existing one.',
    },
  );
}

/** One cell as a SQL parameter (timestamps as ISO text, booleans as 0/1 for SQLite). */
export function sqlValue(value: CellValue): string | number | null {
  if (value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

/** The rows of a table as arrays of SQL parameters. */
export function* sqlRows(table: Table): Generator<(string | number | null)[]> {
  for (let r = 0; r < table.rowCount; r++) yield table.columns.map((c) => sqlValue(cellValue(c, r)));
}
