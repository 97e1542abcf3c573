/**
 * Reading CSV, JSONL/JSON and Parquet files into tables with DuckDB: only the requested columns,
 * filters pushed into the scan, whole files at once (`readTable`) or in chunks of bounded size for
 * data larger than memory (`readChunks`). Every failure is a FlywheelError that names the file and,
 * when DuckDB reports one, the line.
 *
 * DuckDB is the reference reader. One accelerator may read a plan first (parquet/accelerator.ts:
 * the direct Parquet decoder); what it declines, DuckDB reads.
 */
import type { DuckDBConnection, DuckDBDataChunk, DuckDBMaterializedResult } from '@duckdb/node-api';
import { FlywheelError } from '../core/index.js';
import { type ColumnBuilder, chunkRowCount, createColumnBuilder } from './column-builders.js';
import { type DataEngine, resolveEngine } from './engine.js';
import { quoteIdentifier, quoteLiteral } from './filter.js';
import { isolatedReads, readChunksIsolated, readTableIsolated } from './isolated-read.js';
import { activeAccelerator, type ChunkBuffers, DECLINED, type ReadAccelerator } from './parquet/index.js';
import { readFailure } from './read-errors.js';
import { planScan, type ScanColumn, type ScanPlan, selectSql } from './scan-plan.js';
import { defaultNaValues, type ReadOptions } from './source.js';
import { type ColumnKind, createTable, type Table } from './table.js';

/** Options for `readTable`. */
export interface ReadTableOptions extends ReadOptions {
  /** The DuckDB engine to use (default: the process-wide one). */
  engine?: DataEngine;
  /**
   * The accelerator to try before DuckDB (default: the active one, none when `FLYWHEEL_NATIVE=0`);
   * null reads with DuckDB alone. The contract suite passes each accelerator in turn.
   */
  accelerator?: ReadAccelerator | null;
}

/** Options for `readChunks`. */
export interface ReadChunksOptions extends ReadTableOptions {
  /** Rows per yielded table (default 65,536; only the last one may be shorter). */
  chunkRows?: number;
  /**
   * Column buffers to read numeric Parquet chunks into (see `ChunkBuffers`), e.g. shared buffers
   * a pipeline recycles; the accelerator uses them, DuckDB's reads ignore them.
   */
  buffers?: ChunkBuffers;
}

/** A column of a file as DuckDB sees it and as a table will hold it. */
export interface FileColumn {
  name: string;
  /** The DuckDB type, e.g. `BIGINT` or `VARCHAR`. */
  sourceType: string;
  kind: ColumnKind;
}

/** The default number of rows per chunk of `readChunks`. */
export const DEFAULT_CHUNK_ROWS = 65_536;

/** Read a whole file (or the requested columns and rows of it) into one table. */
export async function readTable(path: string, options: ReadTableOptions = {}): Promise<Table> {
  if (isolatedReads()) return readTableInProcessOrChild(path, options);
  const engine = await resolveEngine(options.engine);
  const accelerator = acceleratorOf(options);
  // Connected on first use: a file the accelerator reads needs no connection.
  let connecting: Promise<DuckDBConnection> | undefined;
  const connect = () => {
    connecting ??= engine.instance.connect();
    return connecting;
  };
  try {
    const plan = await planScan(connect, path, options, accelerator);
    try {
      const table = accelerator === null ? DECLINED : await accelerator.read(plan);
      if (table !== DECLINED) return table;
      return await readMaterialized(await connect(), plan);
    } catch (error) {
      throw await readFailure(error, path, plan.format, plan.csv);
    }
  } finally {
    await connecting?.then(
      (c) => c.closeSync(),
      () => undefined,
    );
  }
}

/** Thrown by the connection of a plan that must not ask DuckDB (isolated reads). */
const NEEDS_DUCKDB = new Error('this read needs DuckDB');

/**
 * With isolated reads (isolated-read.ts): the accelerator's read in this process when it can plan
 * and read the file without DuckDB, else the whole read (plan included) in a child process.
 */
async function readTableInProcessOrChild(path: string, options: ReadTableOptions): Promise<Table> {
  const accelerator = acceleratorOf(options);
  if (accelerator !== null) {
    const plan = await planScan(() => Promise.reject(NEEDS_DUCKDB), path, options, accelerator).catch(
      (error: unknown) => {
        if (error === NEEDS_DUCKDB) return undefined;
        throw error;
      },
    );
    const table =
      plan === undefined
        ? DECLINED
        : await accelerator.read(plan).catch(async (error: unknown) => {
            throw await readFailure(error, path, plan.format, plan.csv);
          });
    if (table !== DECLINED) return table;
  }
  return readTableIsolated(path, readOptionsOf(options));
}

/**
 * The options a child process can be given (no engine, no accelerator: it has its own). The
 * process's missing-value fields (the CLI's `--na-values`) are passed explicitly: the child's own
 * default is pandas' list.
 */
function readOptionsOf({
  engine: _engine,
  accelerator: _accelerator,
  ...rest
}: ReadChunksOptions): ReadOptions {
  const { chunkRows: _rows, buffers: _buffers, ...options } = rest;
  return {
    ...options,
    csv: { ...options.csv, nullStrings: options.csv?.nullStrings ?? [...defaultNaValues()] },
  };
}

function acceleratorOf(options: ReadTableOptions): ReadAccelerator | null {
  return options.accelerator === undefined ? activeAccelerator() : options.accelerator;
}

/** The columns of a file: names, DuckDB types and the table column kinds they become. */
export async function readSchema(path: string, options: ReadTableOptions = {}): Promise<FileColumn[]> {
  const engine = await resolveEngine(options.engine);
  return engine.withConnection(async (connection) => {
    const plan = await planScan(connection, path, { ...options, where: undefined }, acceleratorOf(options));
    return plan.columns.map(({ name, sourceType, kind }) => ({ name, sourceType, kind }));
  });
}

/**
 * Stream a file as tables of `chunkRows` rows (only the last may be shorter), for data larger than
 * memory. DuckDB reads the file incrementally; only one chunk (plus one DuckDB vector in flight) is
 * held at a time.
 * A file with no matching rows yields one empty table, so the schema is always seen. Each chunk's
 * dictionary columns have their own (sorted) dictionaries.
 */
export async function* readChunks(path: string, options: ReadChunksOptions = {}): AsyncGenerator<Table> {
  const chunkRows = Math.max(1, Math.floor(options.chunkRows ?? DEFAULT_CHUNK_ROWS));
  if (isolatedReads()) {
    yield* chunksInProcessOrChild(path, options, chunkRows);
    return;
  }
  const engine = await resolveEngine(options.engine);
  const accelerator = acceleratorOf(options);
  const connection = await engine.instance.connect();
  try {
    const plan = await planScan(connection, path, options, accelerator);
    if (accelerator === null) yield* streamPlan(connection, plan, chunkRows);
    else yield* acceleratedChunks(accelerator, connection, plan, chunkRows, options.buffers);
  } finally {
    connection.closeSync();
  }
}

/**
 * With isolated reads: the accelerator's chunks in this process while it reads, DuckDB's in a
 * child process from the first row it did not yield (or all of them, when the plan needs DuckDB).
 */
async function* chunksInProcessOrChild(
  path: string,
  options: ReadChunksOptions,
  chunkRows: number,
): AsyncGenerator<Table> {
  const accelerator = acceleratorOf(options);
  const plan =
    accelerator === null
      ? undefined
      : await planScan(() => Promise.reject(NEEDS_DUCKDB), path, options, accelerator).catch(
          (error: unknown) => {
            if (error === NEEDS_DUCKDB) return undefined;
            throw error;
          },
        );
  let rows = 0;
  if (plan !== undefined && accelerator !== null) {
    const chunks = accelerator.readChunks(plan, chunkRows, options.buffers);
    for (;;) {
      const next = await chunks.next().catch(async (error: unknown) => {
        throw error instanceof FlywheelError ? error : await readFailure(error, path, plan.format, plan.csv);
      });
      if (next.done && next.value !== DECLINED) {
        if (rows === 0) yield new Batch(plan.columns, 0).finish();
        return;
      }
      if (next.done) break;
      rows += next.value.rowCount;
      yield next.value;
    }
  }
  yield* readChunksIsolated(path, readOptionsOf(options), chunkRows, rows);
}

/**
 * The accelerator's chunks; should it decline, DuckDB's from the first row not yet yielded (from
 * the start: the very scan a read without the accelerator makes, since a scan from a row number
 * on may skip pages that one reads). A file without rows yields one empty table.
 */
async function* acceleratedChunks(
  accelerator: ReadAccelerator,
  connection: DuckDBConnection,
  plan: ScanPlan,
  chunkRows: number,
  buffers: ChunkBuffers | undefined,
): AsyncGenerator<Table> {
  const chunks = accelerator.readChunks(plan, chunkRows, buffers);
  let rows = 0;
  let yielded = false;
  for (;;) {
    let next: IteratorResult<Table, unknown>;
    try {
      next = await chunks.next();
    } catch (error) {
      throw error instanceof FlywheelError
        ? error
        : await readFailure(error, plan.facts.path, plan.format, plan.csv);
    }
    if (next.done) {
      if (next.value === DECLINED)
        yield* rows === 0
          ? streamPlan(connection, plan, chunkRows)
          : streamFrom(connection, plan, chunkRows, rows);
      else if (!yielded) yield new Batch(plan.columns, 0).finish();
      return;
    }
    rows += next.value.rowCount;
    yielded = true;
    yield next.value;
  }
}

/** A Parquet scan streamed by DuckDB from row `first` on (what a declined accelerated read goes on with). */
function streamFrom(connection: DuckDBConnection, plan: ScanPlan, chunkRows: number, first: number) {
  const list = plan.columns.map((c) => `${c.expression} AS ${quoteIdentifier(c.name)}`).join(', ');
  const sql =
    `SELECT ${list} FROM read_parquet(${quoteLiteral(plan.facts.path)}, file_row_number = true) ` +
    `WHERE file_row_number >= ${first} ORDER BY file_row_number` +
    (plan.limit === undefined ? '' : ` LIMIT ${Math.max(0, plan.limit - first)}`);
  return streamPlan(connection, plan, chunkRows, sql);
}

async function* streamPlan(
  connection: DuckDBConnection,
  plan: ScanPlan,
  chunkRows: number,
  sql = selectSql(plan),
): AsyncGenerator<Table> {
  const fail = (error: unknown) => readFailure(error, plan.facts.path, plan.format, plan.csv);
  const result = await connection.stream(sql, plan.filter?.params).catch(async (error: unknown) => {
    throw await fail(error);
  });
  const fetch = (): Promise<DuckDBDataChunk | null> => result.fetchChunk();
  let batch = new Batch(plan.columns, chunkRows);
  let yielded = false;
  let next: Promise<DuckDBDataChunk | null> | undefined = fetch();
  try {
    for (;;) {
      const chunk = await next.catch(async (error: unknown) => {
        throw await fail(error);
      });
      next = undefined;
      if (chunk === null || chunk.rowCount === 0) break;
      // Ask DuckDB for the next vector while this one is copied.
      next = fetch();
      next.catch(() => undefined);
      // A DuckDB vector may straddle two batches: fill this one exactly, carry the rest over.
      const count = chunkRowCount(chunk.chunk);
      for (let from = 0; from < count; ) {
        const take = Math.min(count - from, chunkRows - batch.rows);
        batch.append(chunk, from, take);
        from += take;
        if (batch.rows === chunkRows) {
          yield batch.finish();
          yielded = true;
          batch = new Batch(plan.columns, chunkRows);
        }
      }
    }
    if (batch.rows > 0 || !yielded) yield batch.finish();
  } finally {
    // Let an in-flight fetch finish before the connection closes under it.
    await next?.catch(() => undefined);
  }
}

async function readMaterialized(connection: DuckDBConnection, plan: ScanPlan): Promise<Table> {
  const result: DuckDBMaterializedResult = await connection.run(selectSql(plan), plan.filter?.params);
  // The row count is known: large numeric columns go in huge-page memory, from the column pool.
  const batch = new Batch(plan.columns, result.rowCount, true);
  const chunks = result.chunkCount;
  for (let i = 0; i < chunks; i++) batch.append(result.getChunk(i));
  return batch.finish();
}

/** Rows being gathered into one table. */
class Batch {
  rows = 0;
  private readonly builders: ColumnBuilder[];

  constructor(
    private readonly columns: readonly ScanColumn[],
    capacity: number,
    huge = false,
  ) {
    this.builders = columns.map((c) => createColumnBuilder(c.kind, capacity, huge));
  }

  /** Append rows `from`…`from + count - 1` of a chunk (default: all of it). */
  append(chunk: DuckDBDataChunk, from = 0, count = chunkRowCount(chunk.chunk) - from): void {
    const raw = chunk.chunk;
    for (let j = 0; j < this.builders.length; j++) {
      this.builders[j]!.write(raw, j, count, this.rows, from);
    }
    this.rows += count;
  }

  finish(): Table {
    return createTable(
      this.columns.map((c) => c.name),
      this.builders.map((b) => b.finish(this.rows)),
      this.rows,
    );
  }
}
