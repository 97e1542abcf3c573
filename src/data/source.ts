/**
 * What a data file is and how DuckDB should open it: the read options (parsed with zod where they
 * come in), the format from the extension, the checks made before DuckDB sees the file (so a
 * missing, unreadable or empty file gets a clear error), and the `read_csv` / `read_json` /
 * `read_parquet` call that scans it.
 */
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { z } from 'zod';
import { FlywheelError, fromSystemError } from '../core/errors.js';
import { sniffDelimiter } from './csv-sniff.js';
import { type Filter, filterSchema, quoteLiteral } from './filter.js';
import { nativeCopy } from './native.js';
import { footerBytes } from './parquet/footer.js';

/** File formats Flywheel reads and writes. */
export type DataFormat = 'csv' | 'jsonl' | 'json' | 'parquet';

/** CSV dialect overrides; anything left out is detected. */
export const csvOptionsSchema = z.strictObject({
  /** Field separator (one character, or `\t`). Detected from the first records when omitted. */
  delimiter: z.string().min(1).max(2).optional(),
  /** Whether the first line names the columns. DuckDB detects it when omitted. */
  header: z.boolean().optional(),
  /** Quote character ('' for none). Default `"` (RFC 4180). */
  quote: z.string().max(1).optional(),
  /** Escape character inside quotes. Default: the quote character (`""` is a literal quote). */
  escape: z.string().max(1).optional(),
  /** Lines to skip before the header. */
  skip: z.number().int().nonnegative().optional(),
  /**
   * Fields that mean a missing value, in every column (default `DEFAULT_NA_VALUES`: pandas' list,
   * which has the empty field, `NA`, `N/A`, `NaN`, `null`, `None`…; `?` is not in it). Replaces
   * the default; `[]` leaves only the empty field (an empty numeric field can be nothing else).
   */
  nullStrings: z.array(z.string().max(64)).max(256).optional(),
  /** Lines starting with this character are comments. */
  comment: z.string().max(1).optional(),
  /** Text encoding of the file. */
  encoding: z.enum(['utf-8', 'utf-16', 'latin-1']).optional(),
  /** Lines DuckDB samples to detect types; -1 samples the whole file. Default 20,480. */
  sampleSize: z.number().int().min(-1).optional(),
});

/**
 * The fields a CSV read takes as missing unless told otherwise: pandas' default `na_values`, the
 * convention most users know. `?` is deliberately not in it (a `?` in a numeric column makes it a
 * text column, or an error past the sampled rows); pass `nullStrings` to add it.
 */
export const DEFAULT_NA_VALUES: readonly string[] = Object.freeze([
  '',
  '#N/A',
  '#N/A N/A',
  '#NA',
  '-1.#IND',
  '-1.#QNAN',
  '-NaN',
  '-nan',
  '1.#IND',
  '1.#QNAN',
  '<NA>',
  'N/A',
  'NA',
  'NULL',
  'NaN',
  'None',
  'n/a',
  'nan',
  'null',
]);

let processNaValues: readonly string[] = DEFAULT_NA_VALUES;

/**
 * Set the missing-value fields of every CSV read in this process that does not pass its own
 * (`nullStrings`): the CLI's global `--na-values` flag. Undefined restores `DEFAULT_NA_VALUES`.
 */
export function setDefaultNaValues(values: readonly string[] | undefined): void {
  processNaValues = values === undefined ? DEFAULT_NA_VALUES : Object.freeze([...values]);
}

/** The missing-value fields a CSV read without its own `nullStrings` takes (see `setDefaultNaValues`). */
export function defaultNaValues(): readonly string[] {
  return processNaValues;
}

/**
 * Parse a comma-separated list of missing-value fields from a flag (`NA,,?`: `NA`, the empty
 * field and `?`); an empty string means only the empty field.
 */
export function parseNaValues(list: string): string[] {
  if (list === '') return [];
  const values = list.split(',');
  const bad = values.find((v) => v.length > 64);
  if (values.length > 256 || bad !== undefined) {
    throw new FlywheelError('INVALID_ARGUMENT', 'Too many or too long missing-value fields', {
      hint: 'Give at most 256 comma-separated fields of up to 64 characters each, e.g. --na-values "NA,,?".',
    });
  }
  return values;
}

/** CSV dialect overrides. */
export type CsvOptions = z.infer<typeof csvOptionsSchema>;

/** Options for reading a file. */
export interface ReadOptions {
  /** Only these columns, in this order (default: all). Only they are read from disk where the format allows. */
  columns?: readonly string[];
  /** Keep only rows that match; pushed into the scan where DuckDB can. */
  where?: Filter | readonly Filter[];
  /** The format, overriding the file extension. */
  format?: DataFormat;
  /** CSV dialect overrides. */
  csv?: CsvOptions;
  /** Read at most this many rows. */
  limit?: number;
}

/** Parses read options from untrusted input (CLI flags, config, HTTP bodies). */
export const readOptionsSchema = z.strictObject({
  columns: z.array(z.string()).optional(),
  where: z.union([filterSchema, z.array(filterSchema)]).optional(),
  format: z.enum(['csv', 'jsonl', 'json', 'parquet']).optional(),
  csv: csvOptionsSchema.optional(),
  limit: z.number().int().nonnegative().optional(),
});

const EXTENSIONS: Record<string, DataFormat> = {
  csv: 'csv',
  tsv: 'csv',
  txt: 'csv',
  jsonl: 'jsonl',
  ndjson: 'jsonl',
  json: 'json',
  parquet: 'parquet',
  pq: 'parquet',
};

/** The format of a file from its extension (compression suffixes .gz and .zst are looked through). */
export function detectFormat(path: string, override?: DataFormat): DataFormat {
  if (override !== undefined) return override;
  const parts = basename(path).toLowerCase().split('.');
  if (parts.length > 1 && (parts.at(-1) === 'gz' || parts.at(-1) === 'zst')) parts.pop();
  const format = parts.length > 1 ? EXTENSIONS[parts.at(-1)!] : undefined;
  if (format === undefined) {
    throw new FlywheelError('INVALID_ARGUMENT', `Cannot tell the format of ${path} from its name`, {
      where: { file: path },
      hint: 'Use a .csv, .tsv, .jsonl, .json or .parquet extension, or pass the format explicitly (--format).',
    });
  }
  return format;
}

/** True when DuckDB would read `path` as a glob pattern (it has `*`, `?` or `[`). */
export function isGlobPattern(path: string): boolean {
  return /[*?[]/.test(path);
}

/** What the checks before reading learned about a file. */
export interface FileFacts {
  path: string;
  size: number;
  /** The first bytes as text (up to 64 KiB), for CSV dialect detection; empty for Parquet. */
  head: string;
  /** True when `head` is the whole file. */
  complete: boolean;
  /** For Parquet, the last bytes (64 KiB, or the whole footer when longer), where the footer is (parquet/footer.ts). */
  tail?: Uint8Array;
}

const HEAD_BYTES = 64 * 1024;

/**
 * Check that `path` is a readable, non-empty file and read its first bytes (for a Parquet file,
 * its last bytes instead: the footer).
 */
export async function inspectFile(path: string, format?: DataFormat): Promise<FileFacts> {
  if (format === 'parquet') {
    // One trip to the thread pool instead of node:fs's four (open, stat, read, close); any
    // failure is left to node:fs below, whose errors name the cause.
    const tail = await readTail(path, HEAD_BYTES);
    if (tail !== undefined && tail.size > 0)
      return withWholeFooter({ path, size: tail.size, head: '', complete: false, tail: tail.bytes });
  }
  let size: number;
  let bytes: Buffer;
  const fromEnd = format === 'parquet';
  try {
    const handle = await open(path, 'r');
    try {
      const info = await handle.stat();
      if (info.isDirectory()) {
        throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
      }
      size = info.size;
      bytes = Buffer.allocUnsafe(Math.min(HEAD_BYTES, size));
      const { bytesRead } = await handle.read(bytes, 0, bytes.length, fromEnd ? size - bytes.length : 0);
      bytes = bytes.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw fromSystemError(error, path, 'read');
  }
  if (size === 0) {
    throw new FlywheelError('DATA_INVALID', `${path} is empty`, {
      where: { file: path },
      hint: 'An empty file has no header and no rows; check the step that produced it and write it again.',
    });
  }
  if (fromEnd) return withWholeFooter({ path, size, head: '', complete: false, tail: bytes });
  return { path, size, head: bytes.toString('utf8'), complete: bytes.length === size };
}

/**
 * A file's size and its last `want` bytes (fewer if it is shorter) through the addon, in one trip
 * to the thread pool; undefined without the addon or on any failure (callers then use node:fs).
 */
async function readTail(path: string, want: number): Promise<{ size: number; bytes: Buffer } | undefined> {
  const addon = nativeCopy();
  if (addon === null) return undefined;
  const buffer = Buffer.allocUnsafe(want);
  const read = await addon.readTail(path, buffer).catch(() => undefined);
  return read === undefined ? undefined : { size: read.size, bytes: buffer.subarray(0, read.length) };
}

/** Footers past this size are left to DuckDB. */
const MAX_FOOTER_BYTES = 16 * 1024 * 1024;

/**
 * A Parquet file's facts with its whole footer in `tail`: a large file's footer (many row groups
 * and columns, each chunk with statistics) can be longer than the bytes read first, and is then
 * read again at its full length. Any failure leaves the facts as they were (DuckDB then reads the
 * footer itself).
 */
async function withWholeFooter(facts: FileFacts): Promise<FileFacts> {
  const need = facts.tail === undefined ? undefined : footerBytes(facts.tail);
  if (need === undefined || need <= facts.tail!.length || need > MAX_FOOTER_BYTES || need > facts.size)
    return facts;
  const again = await readTail(facts.path, need);
  if (again !== undefined)
    return again.size === facts.size && again.bytes.length === need ? { ...facts, tail: again.bytes } : facts;
  const bytes = Buffer.allocUnsafe(need);
  try {
    const handle = await open(facts.path, 'r');
    try {
      const { bytesRead } = await handle.read(bytes, 0, need, facts.size - need);
      return bytesRead === need ? { ...facts, tail: bytes } : facts;
    } finally {
      await handle.close();
    }
  } catch {
    return facts;
  }
}

/** The CSV dialect used for a scan: the user's overrides plus the detected delimiter. */
export function csvDialect(facts: FileFacts, csv: CsvOptions = {}): CsvOptions {
  const quote = csv.quote ?? '"';
  // A compressed file's first bytes are not text: DuckDB detects its delimiter after decompressing.
  const sniff = () =>
    isCompressed(facts.path) ? undefined : sniffDelimiter(facts.head, quote, facts.complete);
  const delimiter = csv.delimiter ?? (isTsv(facts.path) ? '\t' : sniff());
  return { ...csv, quote, ...(delimiter === undefined ? {} : { delimiter }) };
}

/** The table function call that scans a file, e.g. `read_csv('x.csv', delim=',')`. */
export function sourceSql(path: string, format: DataFormat, csv: CsvOptions = {}): string {
  const file = quoteLiteral(path);
  switch (format) {
    case 'parquet':
      return `read_parquet(${file})`;
    case 'jsonl':
      return `read_json(${file}, format='newline_delimited')`;
    case 'json':
      return `read_json(${file}, format='auto')`;
    case 'csv':
      return `read_csv(${[file, ...csvArguments(csv)].join(', ')})`;
  }
}

/** `read_csv` arguments for a dialect. */
export function csvArguments(csv: CsvOptions): string[] {
  const args: string[] = [];
  const text = (name: string, value: string | undefined) => {
    if (value !== undefined) args.push(`${name}=${quoteLiteral(value)}`);
  };
  text('delim', csv.delimiter);
  text('quote', csv.quote);
  text('escape', csv.escape ?? (csv.quote === '' ? '' : undefined));
  text('comment', csv.comment);
  if (csv.header !== undefined) args.push(`header=${csv.header}`);
  // Always explicit: DuckDB's sniffer may otherwise decide that leading rows are a preamble and drop
  // them silently when a later row is malformed.
  args.push(`skip=${csv.skip ?? 0}`);
  if (csv.sampleSize !== undefined) args.push(`sample_size=${csv.sampleSize}`);
  if (csv.encoding !== undefined) args.push(`encoding=${quoteLiteral(csv.encoding)}`);
  // Always explicit: DuckDB's own default takes only the empty field as missing.
  const na = csv.nullStrings ?? processNaValues;
  args.push(`nullstr=[${(na.length === 0 ? [''] : na).map(quoteLiteral).join(', ')}]`);
  return args;
}

/** True for a path ending in .tsv (optionally compressed). */
export function isTsv(path: string): boolean {
  return /\.tsv(\.gz|\.zst)?$/i.test(path);
}

function isCompressed(path: string): boolean {
  return /\.(gz|zst)$/i.test(path);
}
