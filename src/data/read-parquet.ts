/**
 * The fast path for loading a whole Parquet file (or some of its columns) into a table.
 *
 * The ordinary path runs the query, lets DuckDB materialise the result, then copies it out chunk
 * by chunk; each 2,048-row chunk is copied twice inside DuckDB before JS sees it. Here the query
 * instead feeds every scanned chunk, with its `file_row_number`, to the engine's sink function:
 * DuckDB's threads decode row groups in parallel and the handler copies each vector straight to
 * its final place in preallocated arrays (the row count comes from the Parquet footer). Rows of a
 * chunk are contiguous in the file; if that ever did not hold, the handler aborts and the caller
 * falls back to the ordinary path, so correctness never depends on it.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import {
  type ColumnBuilder,
  chunkRowCount,
  createColumnBuilder,
  integerAt,
  numericColumn,
} from './column-builders.js';
import { type DataEngine, NATIVE_SINK_FUNCTION, SINK_FUNCTION } from './engine.js';
import { quoteLiteral } from './filter.js';
import { allocateFloat64, type NativeCopy, nativeCopy } from './native.js';
import { corruptParquet } from './read-errors.js';
import type { ScanPlan } from './scan-plan.js';
import { isGlobPattern } from './source.js';
import { type ColumnKind, createTable, type Table } from './table.js';

const NOT_CONTIGUOUS = 'flywheel: chunk rows are not contiguous';

/**
 * The fewest columns for which the JS sink pays off. Each 2,048-row chunk costs one hop from a
 * DuckDB thread to the JS thread (~40 µs), while the ordinary path costs two extra copies of every
 * value; measured on 1M-row files, the JS sink is slower for 1–4 columns and faster from ~8 on
 * (1.4x at 50 columns). The native sink has no hop and pays off from one column (`readTable` of
 * 1M rows: one column 5 ms instead of 10.5, seven 16 ms instead of 97).
 */
export const SINK_MIN_COLUMNS = 8;

/**
 * True when the plan should use the sink path: a whole single Parquet file, no filter or limit,
 * and one column or more through the native sink, `SINK_MIN_COLUMNS` through the JS sink.
 */
export function canReadWithSink(engine: DataEngine, plan: ScanPlan): boolean {
  return (
    plan.format === 'parquet' &&
    plan.filter === undefined &&
    plan.limit === undefined &&
    plan.columns.length >= (nativeSinkFor(engine, plan) === null ? SINK_MIN_COLUMNS : 1) &&
    !isGlobPattern(plan.facts.path) &&
    !plan.available.some((c) => c.name === 'file_row_number')
  );
}

/** The addon when the native sink can fill this plan's columns (no text columns), else null. */
function nativeSinkFor(engine: DataEngine, plan: ScanPlan): NativeCopy | null {
  return engine.nativeSink && numericOnly(plan) ? nativeCopy() : null;
}

/**
 * Read a whole Parquet scan through the sink: `readParquetChunks` with one chunk and one query;
 * undefined when the fallback path must be used.
 */
export async function readWithSink(
  engine: DataEngine,
  connection: DuckDBConnection,
  plan: ScanPlan,
): Promise<Table | undefined> {
  let fellBack = false;
  // biome-ignore lint/correctness/useYield: the fallback only records that it was needed.
  const fallback = async function* (): AsyncGenerator<Table> {
    fellBack = true;
  };
  const all = Number.MAX_SAFE_INTEGER;
  const tables: Table[] = [];
  for await (const table of readParquetChunks(engine, connection, plan, all, all, fallback, { huge: true }))
    tables.push(table);
  if (fellBack) return undefined;
  return (
    tables[0] ??
    createTable(
      plan.columns.map((c) => c.name),
      plan.columns.map((c) => createColumnBuilder(c.kind, 0).finish(0)),
      0,
    )
  );
}

/** The fewest rows one query of `readParquetChunks` covers (whole row groups are read at a time). */
export const SEGMENT_MIN_ROWS = 131_072;

/** True when `readParquetChunks` may stream the plan: the sink's conditions, and no text columns. */
export function canStreamWithSink(engine: DataEngine, plan: ScanPlan): boolean {
  return canReadWithSink(engine, plan) && numericOnly(plan);
}

/**
 * A chunk being filled and how many of its rows have arrived: through the JS sink, one builder
 * per column; through the native sink, one array and null mask per column.
 */
interface PendingChunk {
  length: number;
  written: number;
  builders: ColumnBuilder[] | null;
  arrays: (Float64Array | Uint8Array)[];
  nulls: (Uint8Array | null)[];
}

/**
 * The row counts of a Parquet file's row groups, as far as reading it in segments of at least
 * `minRows` rows needs them: from the decoded footer when the plan has it; otherwise when the
 * whole file fits one segment, its total alone (from the file-level metadata, which is cheaper to
 * read than the per-column-chunk metadata).
 */
async function rowGroupSizes(
  connection: DuckDBConnection,
  plan: ScanPlan,
  minRows: number,
): Promise<number[]> {
  const footer = plan.parquet;
  if (footer !== undefined) {
    if (footer.rows === 0) return [];
    if (footer.rows <= minRows) return [footer.rows];
    const groups = footer.rowGroups();
    if (groups !== undefined) return groups;
  }
  // A footer we did not decode: the row groups' counts from DuckDB, checked against the file's
  // before any array is sized from them (a 10-row file claiming 2^29 rows once aborted the process).
  const file = quoteLiteral(plan.facts.path);
  const summary = await connection.runAndReadAll(`SELECT num_rows FROM parquet_file_metadata(${file})`);
  const total = Number(summary.getRows()[0]?.[0] ?? 0);
  if (total === 0) return [];
  const groups = await connection.runAndReadAll(
    `SELECT DISTINCT row_group_id, row_group_num_rows FROM parquet_metadata(${file}) ORDER BY row_group_id`,
  );
  const sizes = groups.getRows().map((r) => Number(r[1]));
  if (sizes.reduce((a, b) => a + b, 0) !== total)
    throw corruptParquet(plan.facts.path, "the row groups' row counts do not add up to the file's");
  return total <= minRows ? [total] : sizes;
}

/** The column kinds the native sink fills: a `numericOnly` plan has no other. */
type NumericKind = Exclude<ColumnKind, 'dictionary'>;

/** True when the plan reads numbers and booleans only, no text. */
function numericOnly(plan: ScanPlan): boolean {
  return plan.columns.every((c) => c.kind !== 'dictionary');
}

/** How `readParquetChunks` allocates its chunks' arrays. */
export interface ChunkBufferOptions {
  /** Large numeric columns in huge-page memory (see native.ts). */
  huge?: boolean;
  /** Where the native sink's column buffers come from (see `ChunkBuffers`). */
  buffers?: ChunkBuffers;
}

/**
 * A source of column buffers for chunks, such as a pool of shared buffers a pipeline hands back
 * once it is done with a chunk: `take(bytes)` gives a buffer of at least that size, or undefined
 * to allocate as usual. A buffer's old contents do not matter: the sink writes every row.
 */
export interface ChunkBuffers {
  take(bytes: number): ArrayBufferLike | undefined;
}

/**
 * An array for a native reader (the sink, the direct reader) to fill: from `buffers` when they
 * give one, in huge-page memory when `huge`, never zero-filled (the readers write every row).
 */
export function nativeTarget(
  kind: ColumnKind,
  length: number,
  huge: boolean,
  buffers: ChunkBuffers | undefined,
): Float64Array | Uint8Array {
  const bytes = kind === 'bool' ? length : length * 8;
  const given = buffers?.take(bytes);
  if (given !== undefined)
    return kind === 'bool' ? new Uint8Array(given, 0, length) : new Float64Array(given, 0, length);
  if (huge && kind !== 'bool') return allocateFloat64(length, false);
  // Not zero-filled: a reader writes every row before a chunk is yielded (a chunk it did not fill
  // is dropped and read again by the fallback), so zeroing would be wasted work.
  const fresh = Buffer.allocUnsafeSlow(bytes).buffer as ArrayBuffer;
  return kind === 'bool' ? new Uint8Array(fresh, 0, length) : new Float64Array(fresh, 0, length);
}

/** Merge a segment's null mask for a chunk into the chunk's own. */
function mergeNulls(into: Uint8Array | null, mask: Uint8Array | null): Uint8Array | null {
  if (mask === null || into === null) return into ?? mask;
  for (let i = 0; i < mask.length; i++) into[i]! |= mask[i]!;
  return into;
}

/**
 * A Parquet scan in chunks of exactly `chunkRows` rows (the last may be shorter), read through the
 * sink one segment of whole row groups (at least `minRows` rows) per query, with a
 * `file_row_number` range that lets DuckDB skip the other row groups. DuckDB's threads decode a
 * segment in parallel and every vector is copied once, straight into the chunk it belongs to (a
 * vector that straddles two chunks is split), so each chunk owns its buffers (they can be moved
 * to another thread without a copy). With the native addon (native.ts) and no text columns, the
 * copies run on DuckDB's threads inside the scan; otherwise each chunk hops to the JS thread.
 * Should the sink ever see rows out of order, the rest of the file, from the first chunk not yet
 * yielded, comes from `fallback(firstRow)` instead. Options: `huge` puts large columns in
 * huge-page memory (faster to fill, but such buffers are copied, not moved, when posted to another
 * thread).
 */
export async function* readParquetChunks(
  engine: DataEngine,
  connection: DuckDBConnection,
  plan: ScanPlan,
  chunkRows: number,
  minRows: number,
  fallback: (firstRow: number) => AsyncGenerator<Table>,
  options: ChunkBufferOptions = {},
): AsyncGenerator<Table> {
  const { huge = false, buffers } = options;
  const file = quoteLiteral(plan.facts.path);
  const sizes = await rowGroupSizes(connection, plan, minRows);
  const total = sizes.reduce((a, b) => a + b, 0);
  const native = nativeSinkFor(engine, plan);
  const pending = new Map<number, PendingChunk>();
  const chunk = (c: number): PendingChunk => {
    let p = pending.get(c);
    if (!p) {
      const length = Math.min(chunkRows, total - c * chunkRows);
      const arrays =
        native === null ? [] : plan.columns.map((col) => nativeTarget(col.kind, length, huge, buffers));
      const builders =
        native === null ? plan.columns.map((col) => createColumnBuilder(col.kind, length, huge)) : null;
      p = { builders, arrays, nulls: plan.columns.map(() => null), length, written: 0 };
      pending.set(c, p);
    }
    return p;
  };
  const names = plan.columns.map((c) => c.name);
  const expressions = plan.columns.map((c) => c.expression).join(', ');
  // Through the JS sink: a handler that copies each chunk DuckDB hands to the JS thread.
  const jsSink = (start: number, end: number): [string, number, () => void] => {
    const id = engine.addSink((dataChunk) => {
      let count = chunkRowCount(dataChunk);
      if (count === 0) return;
      let row = integerAt(dataChunk, 1, 0, 8);
      if (integerAt(dataChunk, 1, count - 1, 8) - row !== count - 1 || row < start || row + count > end)
        throw new Error(NOT_CONTIGUOUS);
      let from = 0;
      while (count > 0) {
        const c = Math.floor(row / chunkRows);
        const at = row - c * chunkRows;
        const p = chunk(c);
        const take = Math.min(count, p.length - at);
        for (let j = 0; j < p.builders!.length; j++) p.builders![j]!.write(dataChunk, j + 2, take, at, from);
        p.written += take;
        row += take;
        from += take;
        count -= take;
      }
    });
    return [SINK_FUNCTION, id, () => engine.removeSink(id)];
  };
  // Through the native sink: the arrays of every chunk the segment touches, registered up front.
  const nativeSink = (addon: NativeCopy, start: number, end: number): [string, number, () => void] => {
    const first = Math.floor(start / chunkRows);
    const last = Math.floor((end - 1) / chunkRows);
    const touched: PendingChunk[] = [];
    for (let c = first; c <= last; c++) touched.push(chunk(c));
    const id = addon.sinkCreate(
      start,
      end,
      chunkRows,
      first,
      touched.map((p) => p.arrays),
    );
    const finish = () => {
      const { written, nulls } = addon.sinkFinish(id);
      touched.forEach((p, k) => {
        p.written += written[k]!;
        for (let j = 0; j < p.nulls.length; j++)
          p.nulls[j] = mergeNulls(p.nulls[j]!, nulls[k * p.nulls.length + j]!);
      });
    };
    return [NATIVE_SINK_FUNCTION, id, finish];
  };
  let next = 0;
  let start = 0;
  let rows = 0;
  for (let g = 0; g < sizes.length; g++) {
    rows += sizes[g]!;
    if (rows < minRows && g < sizes.length - 1) continue;
    const end = start + rows;
    const [sinkFunction, id, release] = native === null ? jsSink(start, end) : nativeSink(native, start, end);
    try {
      await connection.run(
        `SELECT count(${sinkFunction}(${id}::INTEGER, file_row_number, ${expressions})) ` +
          `FROM read_parquet(${file}, file_row_number = true)` +
          (start === 0 && end === total
            ? ''
            : ` WHERE file_row_number >= ${start} AND file_row_number < ${end}`),
      );
    } catch (error) {
      if (!(error instanceof Error && error.message.includes(NOT_CONTIGUOUS))) throw error;
      yield* fallback(next * chunkRows);
      return;
    } finally {
      release();
    }
    for (let p = pending.get(next); p !== undefined && p.written === p.length; p = pending.get(next)) {
      pending.delete(next++);
      const done = p;
      const columns =
        done.builders === null
          ? done.arrays.map((values, j) =>
              numericColumn(plan.columns[j]!.kind as NumericKind, values, done.nulls[j]!),
            )
          : done.builders.map((b) => b.finish(done.length));
      yield createTable(names, columns, done.length);
    }
    start = end;
    rows = 0;
  }
  if (pending.size > 0 || next * chunkRows < total) {
    // Rows went missing (a chunk never filled): read the rest the ordinary way.
    yield* fallback(next * chunkRows);
  }
}
