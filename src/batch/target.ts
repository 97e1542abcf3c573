/**
 * Where a batch job reads and writes: input (a file, a data reference, or `sql:SELECT …` run by
 * DuckDB) and output (a Parquet/CSV/JSONL file, `sqlite://path#table`, `postgres://…#table`).
 * Table names are checked here, once, so no SQL is ever built from an unchecked identifier.
 */
import { resolve } from 'node:path';
import { FlywheelError } from '../core/index.js';

/** A file output format. */
export type FileFormat = 'parquet' | 'csv' | 'jsonl';

/** Where predictions go. */
export type OutputTarget =
  | { kind: 'file'; path: string; format: FileFormat }
  | { kind: 'sqlite'; path: string; table: string }
  | { kind: 'postgres'; url: string; table: string };

/** Where rows come from. */
export type InputSource = { kind: 'sql'; sql: string } | { kind: 'ref'; ref: string };

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** Check a SQL identifier (table or column name written into SQL, always quoted as well). */
export function checkIdentifier(name: string, what: string): string {
  if (!IDENTIFIER.test(name)) {
    throw new FlywheelError('INVALID_ARGUMENT', `${what} "${name}" is not a valid SQL identifier`, {
      where: { field: what },
      hint: 'Use letters, digits and underscores, starting with a letter or underscore (at most 63).',
    });
  }
  return name;
}

/** Quote an identifier that `checkIdentifier` accepted (double quotes, doubled inside). */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Parse `--input`. */
export function parseInput(input: string): InputSource {
  if (input.startsWith('sql:')) {
    const sql = input.slice(4).trim();
    if (!/^(select|with|from)\b/i.test(sql)) {
      throw new FlywheelError('INVALID_ARGUMENT', `--input sql: must hold one SELECT query, got "${sql}"`, {
        hint: 'Write it as "sql:SELECT … FROM read_parquet(\'data.parquet\')".',
      });
    }
    return { kind: 'sql', sql };
  }
  return { kind: 'ref', ref: input };
}

/** The prefix of every table the SQL sinks keep for themselves (the chunk marker table). */
export const INTERNAL_TABLE_PREFIX = '_flywheel_';

/**
 * Table-name prefixes no output may use, compared without case (SQLite folds it): Flywheel's own
 * tables, and the system catalogs (`pg_…` resolves to pg_catalog before the current schema).
 */
const RESERVED_PREFIXES = [INTERNAL_TABLE_PREFIX, 'sqlite_', 'pg_'] as const;

/** The longest output table name: its errors table (`NAME_errors`) must still be an identifier. */
const MAX_TABLE = 63 - '_errors'.length;

/** Parse `--output` (relative paths from `cwd`). */
export function parseOutput(output: string, cwd: string): OutputTarget {
  if (output.startsWith('sqlite://')) {
    const [path, table] = splitTable(output.slice('sqlite://'.length), output);
    if (path === '') throw badOutput(output, 'the SQLite file path is empty');
    return { kind: 'sqlite', path: resolve(cwd, path), table };
  }
  if (output.startsWith('postgres://') || output.startsWith('postgresql://')) {
    const [url, table] = splitTable(output, output);
    if (!URL.canParse(url)) throw badOutput(output, 'the PostgreSQL URL is not a URL');
    return { kind: 'postgres', url, table };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(output)) throw badOutput(output, 'unknown URL scheme');
  const lower = output.toLowerCase();
  const format: FileFormat | undefined = lower.endsWith('.parquet')
    ? 'parquet'
    : lower.endsWith('.csv')
      ? 'csv'
      : lower.endsWith('.jsonl') || lower.endsWith('.ndjson')
        ? 'jsonl'
        : undefined;
  if (format === undefined) throw badOutput(output, 'the file extension is not .parquet, .csv or .jsonl');
  return { kind: 'file', path: resolve(cwd, output), format };
}

/** `target` as an output string that names it alone: absolute paths, no PostgreSQL password. */
export function targetText(target: OutputTarget): string {
  if (target.kind === 'file') return target.path;
  if (target.kind === 'sqlite') return `sqlite://${target.path}#${target.table}`;
  const url = new URL(target.url);
  url.password = '';
  return `${url.href}#${target.table}`;
}

function splitTable(rest: string, whole: string): [string, string] {
  const hash = rest.lastIndexOf('#');
  if (hash < 0) throw badOutput(whole, 'it names no table (add #table)');
  return [rest.slice(0, hash), checkOutputTable(rest.slice(hash + 1), whole)];
}

function checkOutputTable(table: string, whole: string): string {
  if (table.includes('.')) {
    throw badOutput(
      whole,
      `"${table}" is schema-qualified; the table is created in the connection's current schema, so name it alone`,
    );
  }
  checkIdentifier(table, 'output table');
  if (table.length > MAX_TABLE) {
    throw badOutput(
      whole,
      `the table name is longer than ${MAX_TABLE} characters (its errors table adds _errors)`,
    );
  }
  const reserved = RESERVED_PREFIXES.find((p) => table.toLowerCase().startsWith(p));
  if (reserved !== undefined) {
    throw badOutput(
      whole,
      `the table "${table}" is reserved (names starting with ${reserved} belong to Flywheel or the database)`,
    );
  }
  return table;
}

function badOutput(output: string, why: string): FlywheelError {
  return new FlywheelError('INVALID_ARGUMENT', `--output "${redact(output)}": ${why}`, {
    where: { field: 'output' },
    hint: 'Use out.parquet, out.csv, out.jsonl, sqlite://path.db#table or postgres://host/db#table.',
  });
}

/** A URL with its password masked, for messages and stored parameters. */
export function redact(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]+:)[^@]*@/i, '$1***@');
}
