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

/** Parse `--output` (relative paths from `cwd`). */
export function parseOutput(output: string, cwd: string): OutputTarget {
  if (output.startsWith('sqlite://')) {
    const [path, table] = splitTable(output.slice('sqlite://'.length), output);
    if (path === '') throw badOutput(output, 'the SQLite file path is empty');
    return { kind: 'sqlite', path: resolve(cwd, path), table };
  }
  if (output.startsWith('postgres://') || output.startsWith('postgresql://')) {
    const [url, table] = splitTable(output, output);
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

function splitTable(rest: string, whole: string): [string, string] {
  const hash = rest.lastIndexOf('#');
  if (hash < 0) throw badOutput(whole, 'it names no table (add #table)');
  return [rest.slice(0, hash), checkIdentifier(rest.slice(hash + 1), 'output table')];
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
