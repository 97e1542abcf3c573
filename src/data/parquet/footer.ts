/**
 * What a Parquet file's footer says about its columns and row groups, read without DuckDB.
 *
 * A read of a few columns of a Parquet file used to start with two DuckDB queries, `DESCRIBE` for
 * the columns and `parquet_file_metadata` for the row count, about 2.5 ms together: an eighth of
 * reading 10 columns of a 1M-row file. The footer (the file's last bytes: Thrift-encoded
 * `FileMetaData`, its length, then `PAR1`) holds both. The addon decodes it (native/parquet/
 * footer.c, the one Thrift decoder, which also reads the page headers and is fuzzed); this file
 * names its columns.
 *
 * Only what can be named exactly as DuckDB's `read_parquet` would name it is taken from here: flat
 * schemas of booleans, integers, floats, doubles, strings, dates and milli- or microsecond
 * timestamps, with unique names. For anything else (nested columns, decimals, binary, a
 * hive-partitioned path, columns whose names DuckDB would rename) `columns` is undefined and the
 * caller asks DuckDB, so the schema a read uses never differs from DuckDB's.
 */
import type { ParquetBinding } from './binding.js';

/** The facts of one Parquet file a scan can use. */
export interface ParquetFooter {
  /** Rows in the file. */
  rows: number;
  /** Every column with its DuckDB type, or undefined when DuckDB must be asked. */
  columns: { name: string; sourceType: string }[] | undefined;
  /** Rows of each row group, in file order (checked to add up to `rows`). */
  rowGroups: readonly number[];
  /**
   * Every column of a flat schema with unique names (case aside), in file order, with its
   * storage, for the decoder (direct-reader.ts); defined also when `columns` is not (some
   * column's type is left to DuckDB), undefined for nested schemas.
   */
  leaves: ParquetLeaf[] | undefined;
  /** The footer's bytes from the row groups' list header on, for the decoder to locate the column chunks. */
  rowGroupList: Uint8Array | undefined;
}

/** A leaf column: its name, parquet.thrift's physical `Type`, whether it may hold nulls, its DuckDB type. */
export interface ParquetLeaf {
  name: string;
  physical: number;
  optional: boolean;
  /** The DuckDB type `read_parquet` gives it, when named here (as in `columns`). */
  sourceType: string | undefined;
  /** For timestamps, the stored unit. */
  unit?: TimeUnit;
}

/** Units of a Parquet timestamp. */
export type TimeUnit = 'ms' | 'us' | 'ns';

/** A footer that decodes but does not add up (footer.c): the file is corrupt on every accelerated read. */
export class CorruptFooterError extends Error {}

const MAGIC = 0x31524150; // "PAR1", little-endian

/**
 * How many of a Parquet file's last bytes its footer takes (the Thrift-encoded metadata, its
 * 4-byte length and `PAR1`), read from the end of `tail`; undefined when `tail` does not end as a
 * plain Parquet file does.
 */
export function footerBytes(tail: Uint8Array): number | undefined {
  if (tail.length < 12) return undefined;
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  if (view.getUint32(tail.length - 4, true) !== MAGIC) return undefined;
  return view.getUint32(tail.length - 8, true) + 8;
}

/** True when a path has a directory named like a hive partition (`key=value`), which DuckDB turns into columns. */
export function hivePartitioned(path: string): boolean {
  const parts = path.split(/[\\/]/);
  return parts.slice(0, -1).some((part) => /^[^=]+=/.test(part));
}

/**
 * Decode the footer from the file's last bytes (`tail`, which must end at the end of the file)
 * with the addon. Undefined when the tail is not a whole plain footer (too short, encrypted, not
 * Parquet, not decodable) or its row groups come before its row count (no writer does that), in
 * which case DuckDB reads the file the ordinary way and reports any error; throws
 * CorruptFooterError when it does not add up.
 */
export function parseParquetFooter(binding: ParquetBinding, tail: Uint8Array): ParquetFooter | undefined {
  let raw: ReturnType<ParquetBinding['parquetFooter']>;
  try {
    raw = binding.parquetFooter(tail);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'PARQUET_CORRUPT')
      throw new CorruptFooterError((error as Error).message);
    throw error;
  }
  if (raw === null) return undefined;
  const schema: SchemaElement[] = raw.names.map((name, i) =>
    element(name, raw.schema.subarray(i * 9, i * 9 + 9)),
  );
  if (raw.rowGroups === null && raw.rows > 0) return undefined;
  const leaves = flatLeaves(schema);
  const columns = leaves?.every((l) => l.sourceType !== undefined)
    ? leaves.map((l) => ({ name: l.name, sourceType: l.sourceType! }))
    : undefined;
  return {
    rows: raw.rows,
    columns,
    rowGroups: raw.rowGroups === null ? [] : Array.from(raw.rowGroups),
    leaves,
    rowGroupList: raw.rowGroups === null ? undefined : tail.subarray(raw.rowGroupsAt),
  };
}

interface SchemaElement {
  type?: number;
  repetition?: number;
  name: string;
  children: number;
  converted?: number;
  /** The `LogicalType` union's member id; for INTEGER its width and sign, for TIMESTAMP its unit and zone. */
  logical?: { id: number; bits?: number; signed?: boolean; unit?: TimeUnit; utc?: boolean };
}

const UNITS: Record<number, TimeUnit> = { 1: 'ms', 2: 'us', 3: 'ns' };

/** A schema element from footer.c's numbers (type, repetition, children, converted, logical id, bits, signed, unit, utc; NaN absent). */
function element(name: string, f: Float64Array): SchemaElement {
  const given = (v: number) => (Number.isNaN(v) ? undefined : v);
  const e: SchemaElement = { name, children: f[2]! };
  if (given(f[0]!) !== undefined) e.type = f[0]!;
  if (given(f[1]!) !== undefined) e.repetition = f[1]!;
  if (given(f[3]!) !== undefined) e.converted = f[3]!;
  if (given(f[4]!) !== undefined) {
    const logical: NonNullable<SchemaElement['logical']> = { id: f[4]! };
    if (given(f[5]!) !== undefined) logical.bits = f[5]!;
    if (given(f[6]!) !== undefined) logical.signed = f[6] === 1;
    if (given(f[7]!) !== undefined) logical.unit = UNITS[f[7]!];
    if (given(f[8]!) !== undefined) logical.utc = f[8] === 1;
    e.logical = logical;
  }
  return e;
}

/** The leaves of a flat schema with unique, non-empty names; undefined for any other schema. */
function flatLeaves(schema: SchemaElement[]): ParquetLeaf[] | undefined {
  const [root, ...fields] = schema;
  if (root === undefined || root.children !== fields.length || fields.length === 0) return undefined;
  const seen = new Set<string>();
  const leaves: ParquetLeaf[] = [];
  for (const field of fields) {
    const key = field.name.toLowerCase();
    if (field.children !== 0 || field.name === '' || seen.has(key) || field.type === undefined)
      return undefined;
    seen.add(key);
    const leaf: ParquetLeaf = {
      name: field.name,
      physical: field.type,
      optional: field.repetition !== REQUIRED,
      sourceType: duckdbType(field),
    };
    if (field.logical?.unit !== undefined) leaf.unit = field.logical.unit;
    leaves.push(leaf);
  }
  return leaves;
}

// parquet.thrift enums: Type (exported for the decoder's codes), FieldRepetitionType,
// ConvertedType and the LogicalType union's ids.
export const BOOLEAN = 0;
export const INT32 = 1;
export const INT64 = 2;
export const FLOAT = 4;
export const DOUBLE = 5;
export const BYTE_ARRAY = 6;
const REQUIRED = 0;
const REPEATED = 2;
const CONVERTED_UTF8 = 0;
const CONVERTED_DATE = 6;
/** ConvertedType UINT_8…UINT_64 are 11–14, INT_8…INT_64 15–18. */
const CONVERTED_UINT_8 = 11;
const CONVERTED_INT_8 = 15;
const LOGICAL_STRING = 1;
const LOGICAL_DATE = 6;
const LOGICAL_TIMESTAMP = 8;
const LOGICAL_INTEGER = 10;
const SIGNED_NAMES: Record<number, string> = { 8: 'TINYINT', 16: 'SMALLINT', 32: 'INTEGER', 64: 'BIGINT' };

/**
 * A leaf's annotation: none (null), a string, a date, an integer width and sign, a timestamp's
 * unit and zone, or one not named here (undefined).
 */
type Annotation =
  | null
  | 'string'
  | 'date'
  | { bits: number; signed: boolean }
  | { unit: TimeUnit; utc: boolean }
  | undefined;

/** The annotation from the LogicalType when present, else from the older ConvertedType. */
function annotationOf({ converted, logical }: SchemaElement): Annotation {
  if (logical !== undefined) {
    // DuckDB types a string without the UTF8 converted type (which every writer adds) as BLOB.
    if (logical.id === LOGICAL_STRING) return converted === CONVERTED_UTF8 ? 'string' : undefined;
    if (logical.id === LOGICAL_DATE) return 'date';
    if (logical.id === LOGICAL_INTEGER && logical.bits !== undefined && logical.signed !== undefined)
      return { bits: logical.bits, signed: logical.signed };
    if (logical.id === LOGICAL_TIMESTAMP && logical.unit !== undefined && logical.utc !== undefined)
      return { unit: logical.unit, utc: logical.utc };
    return undefined;
  }
  if (converted === undefined) return null;
  if (converted === CONVERTED_UTF8) return 'string';
  if (converted === CONVERTED_DATE) return 'date';
  if (converted >= CONVERTED_UINT_8 && converted < CONVERTED_INT_8 + 4) {
    const signed = converted >= CONVERTED_INT_8;
    return { bits: 8 << (converted - (signed ? CONVERTED_INT_8 : CONVERTED_UINT_8)), signed };
  }
  return undefined;
}

/** DuckDB's name for an integer of this width and sign (UTINYINT… for unsigned), if it has one. */
function integerName({ bits, signed }: { bits: number; signed: boolean }): string | undefined {
  const name = SIGNED_NAMES[bits];
  return name === undefined ? undefined : signed ? name : `U${name}`;
}

/** The DuckDB type `read_parquet` gives a leaf column, for the types named here; undefined otherwise. */
function duckdbType(field: SchemaElement): string | undefined {
  if (field.repetition === REPEATED) return undefined;
  const annotation = annotationOf(field);
  if (annotation === undefined) return undefined;
  switch (field.type) {
    case BOOLEAN:
      return annotation === null ? 'BOOLEAN' : undefined;
    case INT32:
      if (annotation === null) return 'INTEGER';
      if (annotation === 'date') return 'DATE';
      return typeof annotation === 'object' && 'bits' in annotation && annotation.bits <= 32
        ? integerName(annotation)
        : undefined;
    case INT64:
      if (annotation === null) return 'BIGINT';
      if (typeof annotation === 'object' && 'unit' in annotation) {
        // DuckDB reads milli- and microsecond timestamps as TIMESTAMP (µs); nanoseconds stay TIMESTAMP_NS.
        if (annotation.unit === 'ns') return undefined;
        return annotation.utc ? 'TIMESTAMP WITH TIME ZONE' : 'TIMESTAMP';
      }
      return typeof annotation === 'object' && annotation.bits === 64 ? integerName(annotation) : undefined;
    case FLOAT:
      return annotation === null ? 'FLOAT' : undefined;
    case DOUBLE:
      return annotation === null ? 'DOUBLE' : undefined;
    case BYTE_ARRAY:
      return annotation === 'string' ? 'VARCHAR' : undefined;
    default:
      return undefined;
  }
}
