/**
 * Builders that copy DuckDB vectors into the table's typed arrays (the reference reader's result
 * path, read.ts).
 *
 * They read vector memory through the public API of `@duckdb/node-bindings` (the C API that
 * `@duckdb/node-api` is built on): `vector_get_data` gives a view of the vector's values and
 * `vector_get_validity` its null bitmap, so a 2,048-row double vector is copied with one
 * `TypedArray.set` instead of 2,048 `getItem` calls. The scan plan casts every column to one of
 * three vector types first (DOUBLE, UTINYINT or VARCHAR), so only those three layouts are read here.
 */

import { DuckDBVarCharVector } from '@duckdb/node-api';
import duckdb from '@duckdb/node-bindings';
import { allocateFloat64 } from './native.js';
import type { Column, ColumnKind } from './table.js';
import { compareStrings } from './table-build.js';

/** Copies vectors of one column into a growing or fixed-size typed array. */
export interface ColumnBuilder {
  /**
   * Copy rows `from`…`from + count - 1` of column `column` of `chunk` to rows `at`… (growing the
   * buffer if needed).
   */
  write(chunk: duckdb.DataChunk, column: number, count: number, at: number, from?: number): void;
  /** The finished column of `length` rows. */
  finish(length: number): Column;
}

/**
 * A builder for a column of `kind` with room for `capacity` rows to start with. `huge` puts large
 * numeric columns in huge-page memory (native.ts); leave it off for buffers that will be
 * transferred to another thread.
 */
export function createColumnBuilder(kind: ColumnKind, capacity: number, huge = false): ColumnBuilder {
  switch (kind) {
    case 'float64':
    case 'timestamp':
    case 'bool':
      return new NumericBuilder(kind, capacity, huge);
    case 'dictionary':
      return new DictionaryBuilder(capacity);
  }
}

/** The rows of a DuckDB chunk. */
export function chunkRowCount(chunk: duckdb.DataChunk): number {
  return duckdb.data_chunk_get_size(chunk);
}

/**
 * The null bitmap of a vector's first `end` rows (bit i of byte i>>3 is 1 when row i is valid), or
 * null when they are all valid.
 */
function validityBytes(vector: duckdb.Vector, end: number): Uint8Array | null {
  const bytes = duckdb.vector_get_validity(vector, Math.ceil(end / 64) * 8) as Uint8Array | null;
  if (!bytes) return null;
  const full = end >> 3;
  for (let i = 0; i < full; i++) if (bytes[i] !== 0xff) return bytes;
  for (let row = full << 3; row < end; row++) if (!isValid(bytes, row)) return bytes;
  return null;
}

function isValid(bitmap: Uint8Array, row: number): boolean {
  return (bitmap[row >> 3]! & (1 << (row & 7))) !== 0;
}

/** A copy of `a` with room for `length` values (the new tail is zero). */
function resized<T extends Float64Array | Uint8Array | Int32Array>(a: T, length: number): T {
  const out = new (a.constructor as new (n: number) => T)(length);
  out.set(a);
  return out;
}

function grownCapacity(current: number, needed: number): number {
  return Math.max(needed, current * 2, 2048);
}

/** A finished numeric or boolean column from its values and null mask. */
export function numericColumn(
  kind: 'float64' | 'timestamp' | 'bool',
  values: Float64Array | Uint8Array,
  nulls: Uint8Array | null,
): Column {
  return kind === 'bool'
    ? { kind, values: values as Uint8Array, nulls }
    : { kind, values: values as Float64Array, nulls };
}

/**
 * Numbers (float64 and timestamp: a Float64Array, a null stored as NaN) and booleans (a
 * Uint8Array of 0/1, a null stored as 0).
 */
class NumericBuilder implements ColumnBuilder {
  private values: Float64Array | Uint8Array;
  private nulls: Uint8Array | null = null;

  constructor(
    private readonly kind: 'float64' | 'timestamp' | 'bool',
    capacity: number,
    huge: boolean,
  ) {
    if (kind === 'bool') this.values = new Uint8Array(capacity);
    else this.values = huge ? allocateFloat64(capacity) : new Float64Array(capacity);
  }

  write(chunk: duckdb.DataChunk, column: number, count: number, at: number, from = 0): void {
    if (at + count > this.values.length) this.grow(at + count);
    const vector = duckdb.data_chunk_get_vector(chunk, column);
    const width = this.values.BYTES_PER_ELEMENT;
    const data = duckdb.vector_get_data(vector, (from + count) * width);
    const View = this.values.constructor as new (
      b: ArrayBuffer,
      o: number,
      n: number,
    ) => Float64Array | Uint8Array;
    this.values.set(new View(data.buffer as ArrayBuffer, data.byteOffset + from * width, count), at);
    const validity = validityBytes(vector, from + count);
    if (validity === null) return;
    const nullValue = this.kind === 'bool' ? 0 : Number.NaN;
    for (let i = 0; i < count; i++) {
      if (!isValid(validity, from + i)) {
        this.nulls ??= new Uint8Array(this.values.length);
        this.values[at + i] = nullValue;
        this.nulls[at + i] = 1;
      }
    }
  }

  finish(length: number): Column {
    const values = length === this.values.length ? this.values : this.values.slice(0, length);
    return numericColumn(this.kind, values, this.nulls === null ? null : this.nulls.slice(0, length));
  }

  private grow(needed: number): void {
    this.values = resized(this.values, grownCapacity(this.values.length, needed));
    if (this.nulls !== null) this.nulls = resized(this.nulls, this.values.length);
  }
}

/** Codes for text values in the order they are first met: a value's code is its index in `values`. */
export class ArrivalCodes {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();

  codeOf(value: string): number {
    let code = this.index.get(value);
    if (code === undefined) {
      code = this.values.push(value) - 1;
      this.index.set(value, code);
    }
    return code;
  }
}

class DictionaryBuilder implements ColumnBuilder {
  private codes: Int32Array;
  private readonly distinct = new ArrivalCodes();

  constructor(capacity: number) {
    this.codes = new Int32Array(capacity);
  }

  write(chunk: duckdb.DataChunk, column: number, count: number, at: number, from = 0): void {
    if (at + count > this.codes.length) {
      this.codes = resized(this.codes, grownCapacity(this.codes.length, at + count));
    }
    const strings = DuckDBVarCharVector.fromRawVector(
      duckdb.data_chunk_get_vector(chunk, column),
      from + count,
    );
    for (let i = 0; i < count; i++) {
      const value = strings.getItem(from + i);
      this.codes[at + i] = value === null ? -1 : this.distinct.codeOf(value);
    }
  }

  // Codes are handed out in arrival order while reading, then renumbered so the dictionary is
  // sorted: the same data always gets the same codes, whatever order DuckDB's threads produced.
  finish(length: number): Column {
    return sortedDictionary(
      length === this.codes.length ? this.codes : this.codes.slice(0, length),
      this.distinct.values,
    );
  }
}

/**
 * A dictionary column from `codes` into `values` (distinct values in the order a reader met them;
 * -1 a null), renumbered in place so the dictionary is sorted: the same data always gets the same
 * codes, whatever order the reader's threads produced.
 */
export function sortedDictionary(codes: Int32Array, values: readonly string[]): Column {
  const order = values.map((_, code) => code).sort((a, b) => compareStrings(values[a]!, values[b]!));
  const remap = new Int32Array(order.length);
  order.forEach((oldCode, newCode) => {
    remap[oldCode] = newCode;
  });
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i]!;
    if (code >= 0) codes[i] = remap[code]!;
  }
  return { kind: 'dictionary', codes, dictionary: order.map((code) => values[code]!) };
}
