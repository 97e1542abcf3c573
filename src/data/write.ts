/**
 * Writing tables to Parquet, CSV, JSONL and JSON with DuckDB. The table is appended to a scratch
 * DuckDB table 2,048 rows at a time (typed arrays are copied into DuckDB vectors whole), then
 * `COPY … TO` writes the file. The file is written under a temporary name in the target directory
 * and renamed into place, so a reader never sees half a file.
 */
import { randomBytes } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import {
  BOOLEAN,
  DOUBLE,
  type DuckDBConnection,
  DuckDBDataChunk,
  type DuckDBType,
  VARCHAR,
} from '@duckdb/node-api';
import duckdb from '@duckdb/node-bindings';
import { FlywheelError, fromSystemError } from '../core/errors.js';
import { type DataEngine, resolveEngine } from './engine.js';
import { quoteIdentifier, quoteLiteral } from './filter.js';
import { type DataFormat, detectFormat, isTsv } from './source.js';
import type { Column, Table } from './table.js';

/** Options for `writeTable`. */
export interface WriteOptions {
  /** The format, overriding the file extension. */
  format?: DataFormat;
  /** Parquet compression (default zstd). */
  compression?: 'zstd' | 'snappy' | 'gzip' | 'uncompressed';
  /** CSV field separator (default `,`, or a tab for .tsv). */
  delimiter?: string;
  /** Whether a CSV file starts with a header line (default true). */
  header?: boolean;
  /** The DuckDB engine to use (default: the process-wide one). */
  engine?: DataEngine;
}

const VECTOR_ROWS = 2048;

/** One vector of bytes (8-byte values), for copying columns that live in shared memory. */
const SCRATCH = new Uint8Array(VECTOR_ROWS * 8);

/** Write a table to `path` as Parquet, CSV, JSONL or JSON (chosen by extension or `format`). */
export async function writeTable(table: Table, path: string, options: WriteOptions = {}): Promise<void> {
  const format = detectFormat(path, options.format);
  const engine = await resolveEngine(options.engine);
  const scratch = `flywheel_write_${randomBytes(6).toString('hex')}`;
  const temporary = join(dirname(path), `.tmp-${randomBytes(6).toString('hex')}-${basename(path)}`);
  await engine.withConnection(async (connection) => {
    await connection.run(`CREATE TEMP TABLE ${scratch} (${columnDefinitions(table)})`);
    try {
      await appendTable(connection, scratch, table);
      await copyOut(connection, { scratch, table, temporary, path, format, options });
      await rename(temporary, path).catch((error: unknown) => {
        throw fromSystemError(error, path, 'write');
      });
    } finally {
      await connection.run(`DROP TABLE IF EXISTS ${scratch}`);
      await rm(temporary, { force: true });
    }
  });
}

function duckType(column: Column): DuckDBType {
  if (column.kind === 'bool') return BOOLEAN;
  if (column.kind === 'dictionary') return VARCHAR;
  return DOUBLE;
}

function columnDefinitions(table: Table): string {
  if (table.columns.length === 0) return '"_" BOOLEAN';
  return table.names
    .map((name, j) => `${quoteIdentifier(name)} ${duckType(table.columns[j]!).toString()}`)
    .join(', ');
}

async function appendTable(connection: DuckDBConnection, scratch: string, table: Table): Promise<void> {
  if (table.columns.length === 0) return;
  const appender = await connection.createAppender(scratch, null, 'temp');
  try {
    const types = table.columns.map(duckType);
    for (let start = 0; start < table.rowCount; start += VECTOR_ROWS) {
      const count = Math.min(VECTOR_ROWS, table.rowCount - start);
      const chunk = DuckDBDataChunk.create(types, count);
      table.columns.forEach((column, j) => {
        fillVector(duckdb.data_chunk_get_vector(chunk.chunk, j), column, start, count);
      });
      appender.appendDataChunk(chunk);
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

function fillVector(vector: duckdb.Vector, column: Column, start: number, count: number): void {
  if (column.kind === 'dictionary') {
    const invalid: number[] = [];
    for (let i = 0; i < count; i++) {
      const code = column.codes[start + i]!;
      if (code < 0) invalid.push(i);
      else duckdb.vector_assign_string_element(vector, i, column.dictionary[code]!);
    }
    setInvalid(vector, count, invalid);
    return;
  }
  const width = column.values.BYTES_PER_ELEMENT;
  // The bindings copy from an ArrayBuffer only: a column in shared memory goes through a scratch one.
  const shared = !(column.values.buffer instanceof ArrayBuffer);
  if (shared)
    SCRATCH.set(
      new Uint8Array(column.values.buffer, column.values.byteOffset + start * width, count * width),
    );
  const source = shared ? SCRATCH.buffer : (column.values.buffer as ArrayBuffer);
  const from = shared ? 0 : column.values.byteOffset + start * width;
  duckdb.copy_data_to_vector(vector, 0, source, from, count * width);
  const invalid: number[] = [];
  if (column.nulls !== null)
    for (let i = 0; i < count; i++) if (column.nulls[start + i] === 1) invalid.push(i);
  setInvalid(vector, count, invalid);
}

function setInvalid(vector: duckdb.Vector, count: number, rows: readonly number[]): void {
  if (rows.length === 0) return;
  const bitmap = new Uint8Array(Math.ceil(count / 64) * 8).fill(0xff);
  for (const row of rows) bitmap[row >> 3]! &= ~(1 << (row & 7));
  duckdb.vector_ensure_validity_writable(vector);
  duckdb.copy_data_to_vector_validity(vector, 0, bitmap.buffer, 0, bitmap.byteLength);
}

interface CopyJob {
  scratch: string;
  table: Table;
  /** Where DuckDB writes. */
  temporary: string;
  /** The final path, for messages. */
  path: string;
  format: DataFormat;
  options: WriteOptions;
}

async function copyOut(connection: DuckDBConnection, job: CopyJob): Promise<void> {
  const { scratch, table, format } = job;
  const list = table.names.map((name, j) => {
    const q = quoteIdentifier(name);
    if (table.columns[j]!.kind !== 'timestamp') return q;
    // Timestamps travel as epoch milliseconds and become TIMESTAMP (microseconds) in the file. JSON
    // has no timestamp type: a fixed-width text form lets DuckDB's JSON reader detect them again.
    const timestamp = `make_timestamp(CAST(round(${q} * 1000) AS BIGINT))`;
    const json = format === 'json' || format === 'jsonl';
    return json ? `strftime(${timestamp}, '%Y-%m-%d %H:%M:%S.%f') AS ${q}` : `${timestamp} AS ${q}`;
  });
  const select = `SELECT ${list.length > 0 ? list.join(', ') : '*'} FROM ${scratch}`;
  try {
    await connection.run(
      `COPY (${select}) TO ${quoteLiteral(job.temporary)} (${copyOptions(format, job.options, job.path)})`,
    );
  } catch (error) {
    throw writeError(error, job.path, format);
  }
}

function copyOptions(format: DataFormat, options: WriteOptions, path: string): string {
  switch (format) {
    case 'parquet':
      return `FORMAT parquet, COMPRESSION ${options.compression ?? 'zstd'}`;
    case 'csv':
      return `FORMAT csv, HEADER ${options.header ?? true}, DELIMITER ${quoteLiteral(options.delimiter ?? (isTsv(path) ? '\t' : ','))}`;
    case 'jsonl':
      return 'FORMAT json';
    case 'json':
      return 'FORMAT json, ARRAY true';
  }
}

function writeError(error: unknown, file: string, format: DataFormat): FlywheelError {
  const text = error instanceof Error ? error.message : String(error);
  if (/No such file or directory/i.test(text)) {
    return new FlywheelError('NOT_FOUND', `Cannot write ${file}: the directory does not exist`, {
      where: { file },
      hint: 'Create the directory first, or write to an existing one.',
      cause: error,
    });
  }
  if (/Permission denied/i.test(text)) {
    return new FlywheelError('PERMISSION_DENIED', `Cannot write ${file}: permission denied`, {
      where: { file },
      hint: 'Check the directory permissions (ls -ld) or write somewhere you may.',
      cause: error,
    });
  }
  return new FlywheelError('IO_ERROR', `Cannot write ${file} as ${format}: ${text.split('\n')[0]}`, {
    where: { file },
    hint: 'Check that the disk has space and the path is writable, then retry.',
    cause: error,
  });
}
