/**
 * What a Parquet file's footer says about its columns and row groups, read without DuckDB.
 *
 * A read of a few columns of a Parquet file used to start with two DuckDB queries, `DESCRIBE` for
 * the columns and `parquet_file_metadata` for the row count, about 2.5 ms together: an eighth of
 * reading 10 columns of a 1M-row file. The footer (the file's last bytes: Thrift-encoded
 * `FileMetaData`, its length, then `PAR1`) holds both, and decoding it takes microseconds.
 *
 * Only what can be named exactly as DuckDB's `read_parquet` would name it is taken from here: flat
 * schemas of booleans, integers, floats, doubles, strings and dates, with unique names. For
 * anything else (nested columns, timestamps, decimals, binary, a hive-partitioned path, columns
 * whose names DuckDB would rename) `columns` is undefined and the caller asks DuckDB, so the
 * schema a read uses never differs from DuckDB's.
 *
 * The encoding is Thrift's compact protocol (thrift-compact.ts) and the structures are those of
 * parquet-format's `parquet.thrift`.
 */

import {
  CompactReader,
  T_BINARY,
  T_BYTE,
  T_FALSE,
  T_I16,
  T_I32,
  T_I64,
  T_LIST,
  T_STRUCT,
  T_TRUE,
} from './thrift-compact.js';

/** The facts of one Parquet file a scan can use. */
export interface ParquetFooter {
  /** Rows in the file. */
  rows: number;
  /** Every column with its DuckDB type, or undefined when DuckDB must be asked. */
  columns: { name: string; sourceType: string }[] | undefined;
  /**
   * Rows of each row group, in file order; undefined when they cannot be decoded or do not add up
   * to `rows`. Decoded on the first call: the row groups are most of the footer (every column
   * chunk's metadata), and a read of the whole file needs only `rows`.
   */
  rowGroups(): number[] | undefined;
  /**
   * Every column of a flat schema with unique names (case aside), in file order, with its
   * storage, for readers that decode the pages themselves (parquet-native.ts); defined also when
   * `columns` is not (some column's type is left to DuckDB), undefined for nested schemas.
   */
  leaves: ParquetLeaf[] | undefined;
  /**
   * The footer's bytes from the row groups' list header on (Thrift compact), for a reader that
   * locates the column chunks itself (native/parquet_read.c); undefined when the footer has none.
   */
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

const MAGIC = 0x31524150; // "PAR1", little-endian

/**
 * A footer that decodes but does not add up (a field with another wire type than parquet.thrift
 * gives it, an enum value outside its range, row groups whose rows do not sum to the file's): the
 * file is corrupt. Readers disagree on such files (one skips the field, another reads garbage), so
 * they are refused on every path rather than read by whichever path a read happens to take.
 */
export class CorruptFooterError extends Error {}

/** The wire types of parquet.thrift's SchemaElement fields, by id. */
const SCHEMA_FIELD_TYPES: Record<number, number> = {
  1: T_I32,
  2: T_I32,
  3: T_I32,
  4: T_BINARY,
  5: T_I32,
  6: T_I32,
  7: T_I32,
  8: T_I32,
  9: T_I32,
  10: T_STRUCT,
};
/** The wire types of FileMetaData's and RowGroup's fields, by id. */
const FILE_FIELD_TYPES: Record<number, number> = {
  1: T_I32,
  2: T_LIST,
  3: T_I64,
  4: T_LIST,
  5: T_LIST,
  6: T_BINARY,
  7: T_LIST,
};
const GROUP_FIELD_TYPES: Record<number, number> = {
  1: T_LIST,
  2: T_I64,
  3: T_I64,
  4: T_LIST,
  5: T_I64,
  6: T_I64,
  7: T_I16,
};

/** Throws CorruptFooterError when field `id` of `struct` has another wire type than parquet.thrift's. */
function expectType(table: Record<number, number>, struct: string, id: number, type: number): void {
  const expected = table[id];
  if (expected !== undefined && expected !== type)
    throw new CorruptFooterError(`${struct} field ${id} has wire type ${type}, not ${expected}`);
}

/** Throws CorruptFooterError unless `value` lies in min…max (an enum of parquet.thrift). */
function expectRange(what: string, value: number | undefined, min: number, max: number): void {
  if (value !== undefined && (value < min || value > max))
    throw new CorruptFooterError(`${what} ${value} is not one parquet.thrift defines`);
}

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

/**
 * Decode the footer from the file's last bytes (`tail`, which must end at the end of the file).
 * Undefined when the tail is not a whole plain footer (too short, encrypted, not Parquet, or not
 * decodable), in which case DuckDB reads the file the ordinary way and reports any error.
 */
export function parseParquetFooter(tail: Uint8Array): ParquetFooter | undefined {
  const bytes = footerBytes(tail);
  if (bytes === undefined || bytes > tail.length) return undefined;
  const length = bytes - 8;
  try {
    return decodeFooter(tail, length);
  } catch (error) {
    if (error instanceof CorruptFooterError) throw error;
    return undefined;
  }
}

/** The footer of `length` bytes before the tail's last 8; throws when it does not decode. */
function decodeFooter(tail: Uint8Array, length: number): ParquetFooter {
  const reader = new CompactReader(tail.subarray(tail.length - 8 - length, tail.length - 8));
  const meta = readFileMetaData(reader);
  let groups: number[] | undefined | null = null;
  const rowGroups = () => {
    if (groups === null) groups = readRowGroups(reader, meta);
    return groups;
  };
  const leaves = flatLeaves(meta.schema);
  const columns = leaves?.every((l) => l.sourceType !== undefined)
    ? leaves.map((l) => ({ name: l.name, sourceType: l.sourceType! }))
    : undefined;
  const rowGroupList = meta.rowGroupsAt === undefined ? undefined : reader.rest(meta.rowGroupsAt);
  return { rows: meta.rows, columns, rowGroups, leaves, rowGroupList };
}

/** True when a path has a directory named like a hive partition (`key=value`), which DuckDB turns into columns. */
export function hivePartitioned(path: string): boolean {
  const parts = path.split(/[\\/]/);
  return parts.slice(0, -1).some((part) => /^[^=]+=/.test(part));
}

/** The schema and row count; `rowGroupsAt` is where the reader stopped, at the row groups' list header. */
interface FileMetaData {
  schema: SchemaElement[];
  rows: number;
  /** Where the row groups' list starts in the footer; undefined when it was skipped or is missing. */
  rowGroupsAt: number | undefined;
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

// parquet.thrift enums: Type (exported for parquet-native.ts), FieldRepetitionType, ConvertedType
// and the LogicalType union's ids.
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

/**
 * Read FileMetaData up to its row groups (field 4): the schema (field 2) and num_rows (field 3)
 * come first in every writer's output, as Thrift writes fields in id order. Should the row count
 * come later, the whole struct is read, row groups skipped.
 */
function readFileMetaData(r: CompactReader): FileMetaData {
  const meta: FileMetaData = { schema: [], rows: -1, rowGroupsAt: undefined };
  let version = false;
  r.fields((id, type) => {
    expectType(FILE_FIELD_TYPES, 'FileMetaData', id, type);
    if (id === 1 && type === T_I32) {
      version = true;
      r.integer();
    } else if (id === 2 && type === T_LIST) r.list(() => meta.schema.push(readSchemaElement(r)));
    else if (id === 3 && type === T_I64) meta.rows = r.integer();
    else if (id === 4 && type === T_LIST && meta.rows >= 0 && meta.schema.length > 0) {
      meta.rowGroupsAt = r.offset;
      return false;
    } else r.skip(type);
    return true;
  });
  // Required fields, as Thrift's readers (DuckDB's among them) insist.
  if (!version || meta.rows < 0 || meta.schema.length === 0)
    throw new Error('footer without version, rows or schema');
  return meta;
}

/** The row groups' row counts, read from where `readFileMetaData` stopped; undefined if they do not add up. */
function readRowGroups(r: CompactReader, meta: FileMetaData): number[] | undefined {
  if (meta.rowGroupsAt === undefined) return meta.rows === 0 ? [] : undefined;
  try {
    r.offset = meta.rowGroupsAt;
    const rows: number[] = [];
    let total = 0;
    r.list(() => {
      const n = readRowGroupRows(r);
      total += n;
      if (total > Number.MAX_SAFE_INTEGER) throw new Error('row counts overflow');
      rows.push(n);
    });
    return total === meta.rows ? rows : undefined;
  } catch {
    return undefined;
  }
}

function readSchemaElement(r: CompactReader): SchemaElement {
  const element: SchemaElement = { name: '', children: 0 };
  let named = false;
  r.struct((id, type) => {
    expectType(SCHEMA_FIELD_TYPES, 'SchemaElement', id, type);
    if (id === 1 && type === T_I32) element.type = r.integer();
    else if (id === 3 && type === T_I32) element.repetition = r.integer();
    else if (id === 4 && type === T_BINARY) {
      element.name = r.text();
      named = true;
    } else if (id === 5 && type === T_I32) element.children = r.integer();
    else if (id === 6 && type === T_I32) element.converted = r.integer();
    else if (id === 10 && type === T_STRUCT) element.logical = readLogicalType(r);
    else r.skip(type);
  });
  if (!named) throw new Error('schema element without a name');
  // parquet.thrift's Type 0–7, FieldRepetitionType 0–2, ConvertedType 0–21.
  expectRange('physical type', element.type, 0, 7);
  expectRange('repetition type', element.repetition, 0, 2);
  expectRange('converted type', element.converted, 0, 21);
  if (element.children < 0) throw new CorruptFooterError('a schema element has a negative child count');
  return element;
}

/** The member of the LogicalType union that is set; for INTEGER (10) also its width and sign. */
function readLogicalType(r: CompactReader): SchemaElement['logical'] {
  let logical: SchemaElement['logical'] = { id: -1 };
  r.struct((id, type) => {
    if (id === LOGICAL_INTEGER && type === T_STRUCT) {
      const integer: { id: number; bits?: number; signed?: boolean } = { id };
      r.struct((field, t) => {
        if (field === 1 && t === T_BYTE) integer.bits = r.byte();
        else if (field === 2 && (t === T_TRUE || t === T_FALSE)) integer.signed = r.bool(t);
        else r.skip(t);
      });
      logical = integer;
    } else if (id === LOGICAL_TIMESTAMP && type === T_STRUCT) {
      const timestamp: NonNullable<SchemaElement['logical']> = { id };
      r.struct((field, t) => {
        if (field === 1 && (t === T_TRUE || t === T_FALSE)) timestamp.utc = r.bool(t);
        else if (field === 2 && t === T_STRUCT) timestamp.unit = readTimeUnit(r);
        else r.skip(t);
      });
      logical = timestamp;
    } else {
      logical = { id };
      r.skip(type);
    }
  });
  return logical;
}

/** The member of the TimeUnit union that is set (MILLIS 1, MICROS 2, NANOS 3). */
function readTimeUnit(r: CompactReader): TimeUnit | undefined {
  let unit: TimeUnit | undefined;
  r.struct((id, type) => {
    if (type === T_STRUCT) unit = id === 1 ? 'ms' : id === 2 ? 'us' : id === 3 ? 'ns' : undefined;
    r.skip(type);
  });
  return unit;
}

/** A RowGroup's num_rows (field 3). */
function readRowGroupRows(r: CompactReader): number {
  let rows = -1;
  r.struct((id, type) => {
    expectType(GROUP_FIELD_TYPES, 'RowGroup', id, type);
    if (id === 3 && type === T_I64) rows = r.integer();
    else r.skip(type);
  });
  if (rows < 0) throw new Error('row group without a row count');
  return rows;
}
