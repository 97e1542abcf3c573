/**
 * The direct Parquet decoder, the read accelerator (accelerator.ts): the addon's column-chunk
 * reader (native/parquet/read.c) decodes the requested columns' chunks straight into the table's
 * arrays on all cores, without a DuckDB query.
 *
 * Why: reading a few columns of a file through DuckDB costs a query (~1 ms, 2 ms after an idle
 * spell), a connection and the sink's bookkeeping on top of decoding, as much as decoding one
 * 1M-row column; projection could not pay off in proportion to the columns skipped
 * (bench/RESULTS.md, data-projection). The reader takes only what it can decode exactly as
 * `read_parquet` would: flat booleans, integers, floats, doubles, dates, milli- or microsecond
 * timestamps and UTF-8 strings (as dictionary columns); PLAIN, dictionary, byte-stream-split or
 * delta encoded; uncompressed, Snappy, GZIP or ZSTD (with the system's libzstd); pages v1 and v2; footers
 * up to 16 MiB. Each requested column's leaf must be what DuckDB (the footer's naming, or DESCRIBE)
 * says the column is, so a file with other columns (decimals, strings, nested ones) still has its
 * supported columns read here. Anything else (another codec, an encoding it does not know, a page
 * that does not add up, DuckDB's infinite dates, a file changed since its footer was read) makes it
 * decline, and the caller reads the file with DuckDB: results and error messages are always
 * DuckDB's. Tests compare the two paths on files written by DuckDB with every setting that changes
 * the pages (direct-reader.test.ts), and the contract suite holds it to DuckDB's values on valid,
 * damaged and mutated files (differential.test.ts).
 */

import { ArrivalCodes, numericColumn, sortedDictionary } from '../column-builders.js';
import { allocateFloat64, type NativeCopy, nativeCopy } from '../native.js';
import { corruptParquet } from '../read-errors.js';
import type { ScanPlan } from '../scan-plan.js';
import { type FileFacts, isGlobPattern } from '../source.js';
import { type Column, type ColumnKind, createTable, sliceRows, type Table } from '../table.js';
import { type ChunkBuffers, DECLINED, type Declined, type ReadAccelerator } from './accelerator.js';
import {
  BOOLEAN,
  BYTE_ARRAY,
  CorruptFooterError,
  DOUBLE,
  FLOAT,
  hivePartitioned,
  INT32,
  INT64,
  type ParquetFooter,
  type ParquetLeaf,
  parseParquetFooter,
  type TimeUnit,
} from './footer.js';

/** The reader's conversion code for each DuckDB type it fills (native/parquet/read.c, `TO_*`), with the physical type it needs. */
const CONVERSIONS: Record<string, [code: number, physical: number]> = {
  DOUBLE: [0, DOUBLE],
  FLOAT: [1, FLOAT],
  INTEGER: [2, INT32],
  TINYINT: [3, INT32],
  SMALLINT: [4, INT32],
  UTINYINT: [5, INT32],
  USMALLINT: [6, INT32],
  UINTEGER: [7, INT32],
  BIGINT: [8, INT64],
  UBIGINT: [9, INT64],
  BOOLEAN: [10, BOOLEAN],
  DATE: [11, INT32],
  VARCHAR: [14, BYTE_ARRAY],
};

/** Timestamps (with or without a zone: the same instants) by their stored unit. */
const TIMESTAMPS: Partial<Record<TimeUnit, [code: number, physical: number]>> = {
  us: [12, INT64],
  ms: [13, INT64],
};

/** The conversion for a column of the plan stored as `leaf`, if the reader has one. */
function conversionFor(sourceType: string, leaf: ParquetLeaf): [code: number, physical: number] | undefined {
  // The leaf must be what DuckDB says the column is (the plan's type may come from DESCRIBE).
  if (leaf.sourceType !== sourceType) return undefined;
  if (sourceType === 'TIMESTAMP' || sourceType === 'TIMESTAMP WITH TIME ZONE')
    return leaf.unit === undefined ? undefined : TIMESTAMPS[leaf.unit];
  return CONVERSIONS[sourceType];
}

/** What the reader is given: the footer's row groups and, per requested column, its leaf and codes. */
interface NativeRead {
  rows: number;
  rowGroups: Uint8Array;
  leafCount: number;
  codes: Uint32Array;
  kinds: ColumnKind[];
}

/**
 * True when the plan is a Parquet file the direct reader may try: its footer was decoded (planScan
 * decodes it only for one plain Parquet file: no glob, no hive folder), no filter, some columns,
 * and no limit or one of at least a row (the first row groups are read, then cut: a limited read
 * checks the pages it reads as a whole read does, so the two never disagree on them).
 */
function eligible(plan: ScanPlan): plan is ScanPlan & { parquet: ParquetFooter } {
  return (
    plan.parquet !== undefined &&
    plan.filter === undefined &&
    (plan.limit === undefined || plan.limit > 0) &&
    plan.columns.length > 0
  );
}

/** The first row groups that hold `limit` rows (all of them when they hold fewer). */
function groupsFor(sizes: readonly number[], limit: number): RowGroupRange {
  let count = 0;
  let rows = 0;
  while (count < sizes.length && rows < limit) rows += sizes[count++]!;
  return { first: 0, count, rows };
}

/** The reader's input for the plan, or undefined when some column is not one it decodes. */
function prepare(plan: ScanPlan & { parquet: ParquetFooter }): NativeRead | undefined {
  const { leaves, rowGroupList, rows } = plan.parquet;
  if (leaves === undefined || rowGroupList === undefined || rows === 0) return undefined;
  // Over its own ArrayBuffer: a small typed array lives in V8's heap, and the addon's asking for
  // its memory moved it out, 0.08 ms a read.
  const codes = new Uint32Array(new ArrayBuffer(plan.columns.length * 16));
  const kinds: ColumnKind[] = [];
  const leafOf = new Map(leaves.map((l, k) => [l.name, k]));
  for (const [j, column] of plan.columns.entries()) {
    const leaf = leafOf.get(column.name) ?? -1;
    const conversion = leaf < 0 ? undefined : conversionFor(column.sourceType, leaves[leaf]!);
    if (conversion === undefined || leaves[leaf]!.physical !== conversion[1]) return undefined;
    codes.set([leaf, conversion[1], conversion[0], leaves[leaf]!.optional ? 1 : 0], j * 4);
    kinds.push(column.kind);
  }
  return { rows, rowGroups: rowGroupList, leafCount: leaves.length, codes, kinds };
}

/** The direct decoder behind the read seam (accelerator.ts); it declines whatever the addon is off for. */
export const directReader: ReadAccelerator = {
  name: 'direct',
  inspect(facts: FileFacts): ParquetFooter | undefined {
    const addon = nativeCopy();
    if (
      addon === null ||
      facts.tail === undefined ||
      hivePartitioned(facts.path) ||
      isGlobPattern(facts.path)
    )
      return undefined;
    try {
      return parseParquetFooter(addon, facts.tail);
    } catch (error) {
      // A footer that does not add up makes the file DATA_INVALID: no array is sized from it, and
      // it is not handed to DuckDB, which might read it otherwise.
      if (error instanceof CorruptFooterError) throw corruptParquet(facts.path, error.message);
      throw error;
    }
  },
  async read(plan: ScanPlan): Promise<Table | Declined> {
    const addon = nativeCopy();
    return addon === null ? DECLINED : ((await readParquetDirect(plan, addon)) ?? DECLINED);
  },
  readChunks(
    plan: ScanPlan,
    chunkRows: number,
    buffers?: ChunkBuffers,
  ): AsyncGenerator<Table, Declined | undefined> {
    return readParquetDirectChunks(plan, nativeCopy(), chunkRows, buffers);
  },
};

/** The fewest rows one read of `readChunks` covers (whole row groups are read at a time). */
export const SEGMENT_MIN_ROWS = 131_072;

/**
 * Read the plan's columns with the addon's reader; undefined when it declines (see the file's
 * comment), in which case nothing has been kept and the caller reads the file with DuckDB.
 */
export async function readParquetDirect(plan: ScanPlan, addon: NativeCopy): Promise<Table | undefined> {
  const read = eligible(plan) ? prepare(plan) : undefined;
  if (read === undefined) return undefined;
  if (plan.limit === undefined || plan.limit >= read.rows) return readGroups(plan, read, addon);
  const table = await readGroups(plan, read, addon, groupsFor(plan.parquet!.rowGroups, plan.limit));
  return table === undefined ? undefined : sliceRows(table, 0, plan.limit);
}

/**
 * An array for the decoder to fill: from `buffers` when they give one, in huge-page memory when
 * `huge`, never zero-filled (the decoder writes every row, and a chunk it did not fill is dropped).
 */
function nativeTarget(
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
  const fresh = Buffer.allocUnsafeSlow(bytes).buffer as ArrayBuffer;
  return kind === 'bool' ? new Uint8Array(fresh, 0, length) : new Float64Array(fresh, 0, length);
}

/** Row groups `groups` (default: all) of a prepared read; undefined when the reader declines. */
async function readGroups(
  plan: ScanPlan,
  read: NativeRead,
  addon: NativeCopy,
  groups?: RowGroupRange,
): Promise<Table | undefined> {
  const rows = groups?.rows ?? read.rows;
  const outputs = read.kinds.map((kind) =>
    kind === 'dictionary' ? new Int32Array(rows) : nativeTarget(kind, rows, true, undefined),
  );
  let results: (ArrayBuffer | string[] | null)[];
  try {
    results = await addon.parquetRead(
      plan.facts.path,
      plan.facts.size,
      rows,
      read.rowGroups,
      read.leafCount,
      read.codes,
      outputs,
      groups?.first ?? 0,
      groups?.count ?? Number.MAX_SAFE_INTEGER,
    );
  } catch (error) {
    // A file the reader found damaged is reported, never handed to DuckDB (whose decoders have
    // crashed and run away with memory on such files); only a decline falls back.
    if (isCorrupt(error)) throw corruptParquet(plan.facts.path, error.message);
    return undefined;
  }
  const columns: Column[] = outputs.map((values, j) => {
    const result = results[j]!;
    const kind = read.kinds[j]!;
    if (kind === 'dictionary') return sortedDictionary(values as Int32Array, result as string[]);
    return numericColumn(
      kind,
      values as Float64Array | Uint8Array,
      result ? new Uint8Array(result as ArrayBuffer) : null,
    );
  });
  return createTable(
    plan.columns.map((c) => c.name),
    columns,
    rows,
  );
}

/** True for the reader's finding that the file is corrupt (native/parquet/read.c, `problem_code`). */
function isCorrupt(error: unknown): error is Error {
  return error instanceof Error && (error as { code?: unknown }).code === 'PARQUET_CORRUPT';
}

/** Row groups `first`…`first + count - 1` of a file, holding `rows` rows. */
interface RowGroupRange {
  first: number;
  count: number;
  rows: number;
}

/**
 * A Parquet scan in chunks of exactly `chunkRows` rows (the last may be shorter), read by the
 * direct reader one segment of whole row groups (at least `segmentRows` and `chunkRows` rows)
 * at a time and copied into arrays each chunk owns (numeric ones from `buffers` when given), so
 * chunks can be moved to other threads; each chunk's text columns get their own sorted
 * dictionaries of the values they hold, as every reader's chunks do. Should the reader decline a
 * segment, it returns DECLINED: the rest of the file, from the first row not yet yielded, is the
 * caller's to read.
 */
export async function* readParquetDirectChunks(
  plan: ScanPlan,
  addon: NativeCopy | null,
  chunkRows: number,
  buffers?: ChunkBuffers,
  segmentRows = SEGMENT_MIN_ROWS,
): AsyncGenerator<Table, Declined | undefined> {
  const read = addon !== null && eligible(plan) ? prepare(plan) : undefined;
  if (read === undefined) return DECLINED;
  const all = plan.parquet!.rowGroups;
  const minRows = Math.max(chunkRows, segmentRows);
  // With a limit, only the row groups that hold its rows, and no row past it.
  const sizes = plan.limit === undefined ? all : all.slice(0, groupsFor(all, plan.limit).count);
  const total = Math.min(
    sizes.reduce((a, b) => a + b, 0),
    plan.limit ?? Number.MAX_SAFE_INTEGER,
  );
  const names = plan.columns.map((c) => c.name);
  const kinds = plan.columns.map((c) => c.kind);
  if (total === 0) return undefined;
  let emitted = 0;
  let pending = new PendingChunk(kinds, Math.min(chunkRows, total), buffers);
  // The next segment is read while this one's chunks are handed out (the reader's threads decode
  // while the consumer works); a read left behind by a consumer that stops early is dropped.
  let g = 0;
  const start = () => {
    if (g >= sizes.length) return undefined;
    let count = 0;
    let rows = 0;
    while (g + count < sizes.length && rows < minRows) rows += sizes[g + count++]!;
    const reading = readGroups(plan, read, addon!, { first: g, count, rows });
    reading.catch(() => undefined);
    g += count;
    return { reading, rows };
  };
  for (let next = start(); next !== undefined; ) {
    const segment = await next.reading;
    if (segment === undefined) return DECLINED;
    const { rows } = next;
    next = start();
    for (let from = 0; from < rows; ) {
      const take = Math.min(pending.length - pending.filled, rows - from);
      pending.copy(segment.columns, from, take);
      from += take;
      if (pending.filled === pending.length) {
        yield createTable(names, pending.finish(), pending.length);
        emitted += pending.length;
        if (emitted === total) return undefined;
        pending = new PendingChunk(kinds, Math.min(chunkRows, total - emitted), buffers);
      }
    }
  }
  return undefined;
}

type NumericColumn = Extract<Column, { values: Float64Array | Uint8Array }>;
type DictionaryColumn = Extract<Column, { kind: 'dictionary' }>;

/**
 * A chunk being filled from segments: per numeric column one array (and a null mask once a null
 * arrives); per text column codes into the chunk's own values (a value met in two segments is
 * one value), sorted when the chunk is finished.
 */
class PendingChunk {
  filled = 0;
  private readonly arrays: (Float64Array | Uint8Array | Int32Array)[];
  private readonly nulls: (Uint8Array | null)[];
  private readonly distinct: ArrivalCodes[];

  constructor(
    private readonly kinds: ColumnKind[],
    readonly length: number,
    buffers: ChunkBuffers | undefined,
  ) {
    this.arrays = kinds.map((kind) =>
      kind === 'dictionary' ? new Int32Array(length) : nativeTarget(kind, length, false, buffers),
    );
    this.nulls = kinds.map(() => null);
    this.distinct = kinds.map(() => new ArrivalCodes());
  }

  /** Copy rows from…from+count-1 of a segment's columns to the chunk's next rows. */
  copy(columns: readonly Column[], from: number, count: number): void {
    columns.forEach((column, j) => {
      if (column.kind === 'dictionary') this.copyText(j, column, from, count);
      else this.copyNumbers(j, column as NumericColumn, from, count);
    });
    this.filled += count;
  }

  finish(): Column[] {
    return this.arrays.map((array, j) => {
      const kind = this.kinds[j]!;
      if (kind === 'dictionary') return sortedDictionary(array as Int32Array, this.distinct[j]!.values);
      return numericColumn(kind, array as Float64Array | Uint8Array, this.nulls[j]!);
    });
  }

  private copyNumbers(j: number, column: NumericColumn, from: number, count: number): void {
    (this.arrays[j] as Float64Array | Uint8Array).set(
      column.values.subarray(from, from + count),
      this.filled,
    );
    const mask = column.nulls?.subarray(from, from + count);
    if (mask === undefined || !mask.includes(1)) return;
    this.nulls[j] ??= new Uint8Array(this.length);
    this.nulls[j]!.set(mask, this.filled);
  }

  private copyText(j: number, column: DictionaryColumn, from: number, count: number): void {
    const codes = this.arrays[j] as Int32Array;
    const distinct = this.distinct[j]!;
    // The segment's codes, renumbered into this chunk's values on first sight.
    const local = new Int32Array(column.dictionary.length).fill(-1);
    for (let i = 0; i < count; i++) {
      const code = column.codes[from + i]!;
      if (code < 0) {
        codes[this.filled + i] = -1;
        continue;
      }
      let mine = local[code]!;
      if (mine < 0) {
        mine = distinct.codeOf(column.dictionary[code]!);
        local[code] = mine;
      }
      codes[this.filled + i] = mine;
    }
  }
}
