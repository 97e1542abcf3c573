/**
 * The optional native copy helper (`native/flywheel_native.c`, built by `npm ci` when a C
 * compiler is present).
 *
 * With it, a DuckDB vector is copied into a typed array in one call (about 0.3 µs) instead of
 * through `@duckdb/node-bindings`' `vector_get_data`, which wraps the vector's memory in a new
 * external ArrayBuffer (about 5 µs, plus the garbage collection of those buffers); large table
 * columns are allocated in memory advised for transparent huge pages. Without it every caller
 * takes the bindings' path, so the addon changes speed, never results. `FLYWHEEL_NATIVE=0` turns
 * it off for a process; `setNativeCopyEnabled` does so at run time (the tests use it to check both
 * paths give the same tables).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type duckdb from '@duckdb/node-bindings';
import { processEnv } from '../core/env.js';

/** A string dictionary the addon builds (an opaque handle). */
export type NativeDictionary = { readonly __nativeDictionary: unique symbol };

/** The functions the addon exports. */
export interface NativeCopy {
  /**
   * Copy rows `from`…`from + count - 1` of column `column` of `chunk` to `target[at…]`; null rows
   * become NaN (or 0) and set `nulls[at + i]` when `nulls` is given. Returns the null count.
   */
  copyVector(
    chunk: duckdb.DataChunk,
    column: number,
    target: Float64Array | Uint8Array,
    at: number,
    from: number,
    count: number,
    nulls?: Uint8Array | null,
  ): number;
  /**
   * Decode Parquet column chunks straight into `outputs` (native/parquet_read.c): `rowGroups` is
   * the footer from its row-group list on, `leafCount` the schema's leaf columns, `columns` four
   * numbers a requested column (leaf index, physical type, conversion, max definition level);
   * only row groups `firstGroup`… (`groupCount` of them) when given, `rows` being theirs.
   * Resolves to each numeric column's null mask (1 a null row) or null, and each string column's
   * distinct values (its codes index them, -1 a null); throws or rejects, with what it met, on
   * anything it does not decode.
   */
  parquetRead(
    path: string,
    fileSize: number,
    rows: number,
    rowGroups: Uint8Array,
    leafCount: number,
    columns: Uint32Array,
    outputs: (Float64Array | Uint8Array | Int32Array)[],
    firstGroup?: number,
    groupCount?: number,
  ): Promise<(ArrayBuffer | string[] | null)[]>;
  /**
   * A file's size, and its last min(size, buffer.length) bytes written to the start of `buffer`
   * (`length` of them), read on the thread pool in one trip; rejects on any failure (not a
   * regular file, unreadable, changed while read).
   */
  readTail(path: string, buffer: Buffer): Promise<{ size: number; length: number }>;
  /** An empty string dictionary for `dictionaryAppend` (freed with the handle). */
  dictionaryCreate(): NativeDictionary;
  /**
   * `codes[at + i]` = the dictionary code of row `from + i` of the chunk's VARCHAR column (new
   * values get the next code), -1 for a null.
   */
  dictionaryAppend(
    dictionary: NativeDictionary,
    chunk: duckdb.DataChunk,
    column: number,
    codes: Int32Array,
    at: number,
    from: number,
    count: number,
  ): void;
  /** The dictionary's distinct values, in code order. */
  dictionaryValues(dictionary: NativeDictionary): string[];
  /** The parquet.thrift codec numbers `parquetRead` decodes (ZSTD only where libzstd is installed). */
  parquetCodecs(): number[];
  /**
   * Sort `values` in place on a libuv thread, in `Float64Array.prototype.sort`'s order (NaNs
   * last, as the canonical NaN); several sorts run on several cores (native/sort_doubles.c).
   */
  sortDoubles(values: Float64Array): Promise<void>;
  /** An INTEGER (`bytes` 4) or BIGINT (`bytes` 8) value of a chunk's column, as a number. */
  integerAt(chunk: duckdb.DataChunk, column: number, row: number, bytes: 4 | 8): number;
  /**
   * An ArrayBuffer of `bytes` in memory advised for transparent huge pages, from the column pool
   * when a collected buffer's mapping fits; zero-filled unless `zeroed` is false.
   */
  hugeBuffer(bytes: number, zeroed?: boolean): ArrayBuffer;
  /**
   * Set the column pool's byte limit and idle age (either may be undefined to keep it), drop the
   * mappings idle for longer, and return its state.
   */
  columnPool(limit?: number, ageMs?: number): ColumnPoolState;
  /**
   * Add the native sink function under `name` to the database of `connection` (the raw
   * `@duckdb/node-bindings` connection, whose id `connectionId` confirms the handle). Its
   * arguments: the sink id (INTEGER), `file_row_number` (BIGINT), then one DOUBLE or UTINYINT
   * argument per column. False when the handle could not be confirmed.
   */
  registerSink(connection: duckdb.Connection, connectionId: number, name: string): boolean;
  /**
   * Register the arrays for rows `start`…`end - 1`: `chunks[k][j]` is column j of chunk
   * `firstChunk + k`, chunks being `chunkRows` rows long. Returns the sink id for the query.
   */
  sinkCreate(
    start: number,
    end: number,
    chunkRows: number,
    firstChunk: number,
    chunks: (Float64Array | Uint8Array)[][],
  ): number;
  /**
   * Unregister a sink: the rows written into each of its chunks, and each chunk's null masks
   * (chunk-major, null where a column had no nulls).
   */
  sinkFinish(id: number): { written: number[]; nulls: (Uint8Array | null)[] };
}

interface Addon extends NativeCopy {
  init(libduckdb: string): boolean;
  chunkShape(chunk: duckdb.DataChunk): [number, number];
}

/** Where the addon is built, relative to the package root. */
export const NATIVE_ADDON_PATH = 'native/build/Release/flywheel_native.node';

let loaded: NativeCopy | null | undefined;
let failure = '';
let enabled = true;
const DISABLED = 'turned off by setNativeCopyEnabled(false)';

/** The addon, or null when it is not built, cannot find DuckDB's library or is turned off. */
export function nativeCopy(): NativeCopy | null {
  return enabled ? load() : null;
}

/**
 * Turn the addon off (or back on) for this process: the tests and benchmarks use it to run both
 * paths in one process. Engines opened while it is off never register the native sink.
 */
export function setNativeCopyEnabled(on: boolean): void {
  enabled = on;
}

/** Why `nativeCopy()` is null (empty when it is not). */
export function nativeCopyUnavailableReason(): string {
  if (!enabled) return DISABLED;
  load();
  return failure;
}

/** Load and check the addon once. */
function load(): NativeCopy | null {
  if (loaded !== undefined) return loaded;
  loaded = null;
  if (!processEnv().FLYWHEEL_NATIVE) {
    failure = 'turned off by FLYWHEEL_NATIVE=0';
    return loaded;
  }
  try {
    const require = createRequire(import.meta.url);
    const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
    // FLYWHEEL_NATIVE_ADDON: another build of the addon, e.g. the sanitizer build CI tests with.
    const path = processEnv().FLYWHEEL_NATIVE_ADDON ?? join(root, NATIVE_ADDON_PATH);
    if (!existsSync(path)) {
      failure = `${NATIVE_ADDON_PATH} is not built (npm ci builds it with node-gyp when a C compiler is present)`;
      return loaded;
    }
    // Loading the bindings first puts DuckDB's library in the process for the addon to find.
    const bindings = require('@duckdb/node-bindings') as typeof duckdb;
    const bindingsDir = dirname(require.resolve('@duckdb/node-bindings/package.json'));
    const platform = `@duckdb/node-bindings-${process.platform}-${process.arch}/package.json`;
    const name = process.platform === 'darwin' ? 'libduckdb.dylib' : 'libduckdb.so';
    const library = join(dirname(createRequire(join(bindingsDir, 'x.js')).resolve(platform)), name);
    const addon = require(path) as Addon;
    if (!addon.init(library)) {
      failure = `the addon did not find DuckDB's functions in ${library}`;
      return loaded;
    }
    if (!sameChunkLayout(addon, bindings)) {
      failure = `the addon reads @duckdb/node-bindings' data chunks differently from the bindings (a changed wrapper?)`;
      return loaded;
    }
    loaded = addon;
  } catch (error) {
    failure = error instanceof Error ? error.message : String(error);
  }
  return loaded;
}

/**
 * The addon reads the `duckdb_data_chunk` held by the bindings' data chunk handles directly; check
 * on a chunk made by the bindings that both read the same shape (3 columns, 7 rows).
 */
function sameChunkLayout(addon: Addon, bindings: typeof duckdb): boolean {
  const types = [bindings.Type.INTEGER, bindings.Type.DOUBLE, bindings.Type.BOOLEAN].map((t) =>
    bindings.create_logical_type(t),
  );
  const chunk = bindings.create_data_chunk(types);
  bindings.data_chunk_set_size(chunk, 7);
  const [columns, rows] = addon.chunkShape(chunk);
  return columns === 3 && rows === 7;
}

/** Columns at least this large (in bytes) are allocated through `hugeBuffer` when the addon is present. */
const HUGE_MIN_BYTES = 4 << 20;

/**
 * A Float64Array of `length`, in huge-page memory (recycled through the column pool) when it is
 * large and the addon is present. Zero-filled unless `zeroed` is false, for callers that write
 * every element before anyone reads it.
 */
export function allocateFloat64(length: number, zeroed = true): Float64Array {
  const native = nativeCopy();
  if (native === null || length * 8 < HUGE_MIN_BYTES) {
    return zeroed
      ? new Float64Array(length)
      : new Float64Array(Buffer.allocUnsafeSlow(length * 8).buffer, 0, length);
  }
  keepPoolTrimmed(native);
  return new Float64Array(native.hugeBuffer(length * 8, zeroed), 0, length);
}

/** The column pool: how much memory it holds and how often it served an allocation. */
export interface ColumnPoolState {
  /** Bytes held for reuse (not in any column). */
  bytes: number;
  /** Mappings held. */
  mappings: number;
  /** The most bytes the pool holds; 0 turns it off. */
  limit: number;
  /** A held mapping idle this long (ms) is returned to the system. */
  ageMs: number;
  /** Large-column allocations served from the pool, and those that mapped new memory. */
  reused: number;
  fresh: number;
  /**
   * The external memory V8's collector counts for this thread (every ArrayBuffer and what the
   * pool holds): pooled memory stays counted, so V8 collects when the process really grows.
   */
  v8External: number;
}

/** The pool's default limit: 1 GiB, or an eighth of the machine's memory when that is less. */
const DEFAULT_POOL_BYTES = Math.min(2 ** 30, Math.floor(totalmem() / 8));
/** The pool's default idle age, as jemalloc's default dirty-page decay. */
const DEFAULT_POOL_AGE_MS = 10_000;
let trimTimer: NodeJS.Timeout | undefined;

/**
 * Large numeric columns live in huge-page mappings (see `allocateFloat64`). When such a column is
 * garbage-collected its mapping is kept in a pool (one per JS thread) for the next column of about its
 * size instead of being unmapped: filling recycled memory skips a page fault and the zeroing of
 * every page, which costs more than DuckDB's decoding for a read of a few columns. The pool is
 * bounded (`maxBytes`, default 1 GiB or an eighth of the machine's memory; `FLYWHEEL_COLUMN_POOL_MB`
 * sets it for each thread of a process, 0 turns the pool off) and a mapping idle for `maxIdleMs` (default 10 s) is
 * unmapped. Returns the pool's state; null without the native addon (columns are then ordinary
 * V8 memory).
 */
export function configureColumnPool(
  options: { maxBytes?: number; maxIdleMs?: number } = {},
): ColumnPoolState | null {
  const native = nativeCopy();
  if (native === null) return null;
  keepPoolTrimmed(native);
  return native.columnPool(options.maxBytes, options.maxIdleMs);
}

/** Apply the pool's settings once per thread and trim the pool every few seconds while the thread runs. */
function keepPoolTrimmed(native: NativeCopy): void {
  if (trimTimer !== undefined) return;
  const mb = processEnv().FLYWHEEL_COLUMN_POOL_MB;
  const limit = mb === undefined ? DEFAULT_POOL_BYTES : Math.floor(mb * 2 ** 20);
  native.columnPool(limit, DEFAULT_POOL_AGE_MS);
  // Idle mappings are also dropped at every allocation; the timer covers a process that stops reading.
  trimTimer = setInterval(() => native.columnPool(), DEFAULT_POOL_AGE_MS / 2);
  trimTimer.unref();
}
