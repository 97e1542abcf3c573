/**
 * Turning DuckDB's error text into FlywheelErrors that name the file, the line when DuckDB reports
 * one, what is wrong and what to do. DuckDB's messages are stable enough to match on their key
 * phrases; anything unrecognised keeps DuckDB's first line so nothing is lost.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { FlywheelError } from '../core/errors.js';
import { type CsvQuoting, fileLineOfRecord } from './csv-lines.js';
import type { DataFormat } from './source.js';

interface Rule {
  test: RegExp;
  build: (file: string, line: number | undefined, match: RegExpMatchArray, text: string) => FlywheelError;
}

const at = (file: string, line: number | undefined): string =>
  line === undefined ? file : `${file}:${line}`;

const invalid = (file: string, line: number | undefined, what: string, hint: string, text: string) =>
  new FlywheelError('DATA_INVALID', `${at(file, line)}: ${what}`, {
    where: line === undefined ? { file } : { file, line },
    hint,
    details: { duckdb: firstLine(text) },
  });

const RULES: Rule[] = [
  {
    test: /Expected Number of Columns: (\d+) Found: (\d+)/,
    build: (file, line, m, text) =>
      invalid(
        file,
        line,
        `row has ${m[2]} fields, expected ${m[1]}`,
        `Give every row ${m[1]} fields: quote values that contain the delimiter, or fix the row. ` +
          'If the delimiter was guessed wrong, pass it explicitly (--delimiter).',
        text,
      ),
  },
  {
    test: /unterminated quote/i,
    build: (file, line, _m, text) =>
      invalid(
        file,
        line,
        'a quoted value is never closed',
        'Close the quote on that line; write a quote inside a quoted value as two quotes (""). ' +
          "If the file does not use quoting, pass quote '' (--quote '').",
        text,
      ),
  },
  {
    test: /Invalid unicode|not utf-8 encoded|invalid UTF-?8/i,
    build: (file, line, _m, text) =>
      invalid(
        file,
        line,
        'the text is not valid UTF-8',
        'Convert the file to UTF-8 (for example `iconv -f latin1 -t utf-8`), or pass its encoding (--encoding latin-1).',
        text,
      ),
  },
  {
    test: /Could not convert string "?'?(.*?)'?"? to '?(\w+)'?/,
    build: (file, line, m, text) =>
      invalid(
        file,
        line,
        `value "${m[1]}" is not a valid ${m[2]}`,
        'Type detection only samples the start of the file: pass a larger sample (csv.sampleSize = -1 reads it all), ' +
          'or fix the value. If it marks a missing value, add it to the missing-value fields ' +
          '(csv.nullStrings, or --na-values "NA,,?" where a command reads the file).',
        text,
      ),
  },
  {
    test: /Malformed JSON/i,
    build: (file, line, _m, text) =>
      invalid(
        file,
        line,
        `malformed JSON (${firstLine(text)
          .replace(/^.*?: /, '')
          .replace(/^.*\d+: /, '')})`,
        'Each line of a JSONL file must be one complete JSON object; fix or remove that line.',
        text,
      ),
  },
  {
    test: /No magic bytes|too small to be a Parquet file|Invalid Parquet|Corrupt|truncated|Couldn't deserialize thrift/i,
    build: (file, _line, _m, text) =>
      invalid(file, undefined, 'not a valid Parquet file (truncated or corrupt)', PARQUET_HINT, text),
  },
  {
    test: /Out of Memory Error/i,
    build: (file, _line, _m, text) =>
      new FlywheelError(
        'PAYLOAD_TOO_LARGE',
        `${file}: reading it needs more memory than the data engine may use`,
        {
          where: { file },
          hint:
            'A small file that needs this much is likely damaged; otherwise raise the limit ' +
            '(FLYWHEEL_DUCKDB_MEMORY, e.g. 8GB) or read fewer columns or rows at a time (readChunks).',
          details: { duckdb: firstLine(text) },
        },
      ),
  },
  {
    test: /No files found|No such file/i,
    build: (file, _line, _m, text) =>
      new FlywheelError('NOT_FOUND', `Cannot read ${file}: no such file`, {
        where: { file },
        hint: 'Check the path; relative paths are resolved from the current directory.',
        details: { duckdb: firstLine(text) },
      }),
  },
  {
    test: /Permission denied/i,
    build: (file, _line, _m, text) =>
      new FlywheelError('PERMISSION_DENIED', `Cannot read ${file}: permission denied`, {
        where: { file },
        hint: 'Check the file permissions (ls -l) or run as a user who may read it.',
        details: { duckdb: firstLine(text) },
      }),
  },
];

/** What to do about a damaged Parquet file (every reader's message about one gives it). */
const PARQUET_HINT =
  'Copy or export the file again and check that the transfer finished; a Parquet file ends with the bytes PAR1.';

/**
 * The DATA_INVALID error for a Parquet file that a check of ours found damaged (`what`: which
 * part does not add up). Such a file is reported, never handed to another decoder.
 */
export function corruptParquet(file: string, what: string): FlywheelError {
  return new FlywheelError('DATA_INVALID', `${file}: not a valid Parquet file (${what})`, {
    where: { file },
    hint: PARQUET_HINT,
    details: { check: what },
  });
}

/** The line DuckDB reports in an error message, if any. */
export function reportedLine(text: string): number | undefined {
  const match = /(?:on Line|\bLine|in line|at line)[:\s]+(\d+)/i.exec(text);
  return match ? Number(match[1]) : undefined;
}

/** A FlywheelError for a DuckDB failure while reading `file`. */
export function readError(error: unknown, file: string, format: DataFormat): FlywheelError {
  if (error instanceof FlywheelError) return error;
  const text = error instanceof Error ? error.message : String(error);
  const line = reportedLine(text);
  for (const rule of RULES) {
    const match = text.match(rule.test);
    if (match) return withCause(rule.build(file, line, match, text), error);
  }
  return withCause(
    invalid(
      file,
      line,
      `cannot read this ${format.toUpperCase()} file: ${firstLine(text)}`,
      format === 'csv'
        ? 'Check the dialect (delimiter, quote, header) and pass it explicitly if detection got it wrong.'
        : `Check that the file is valid ${format.toUpperCase()}.`,
      text,
    ),
    error,
  );
}

/**
 * `readError`, with the line made the file's line where DuckDB's number is not one: for JSONL it
 * counts one past the malformed line (DuckDB 1.5), so the lines around it are parsed to find the
 * bad one; for CSV it counts records, so a quoted value spanning lines shifts it (csv-lines.ts).
 * `csv` is the scan's dialect (its quote and escape characters).
 */
export async function readFailure(
  error: unknown,
  file: string,
  format: DataFormat,
  csv?: CsvQuoting & { encoding?: string },
): Promise<FlywheelError> {
  const mapped = readError(error, file, format);
  const line = mapped.where?.line;
  if (error instanceof FlywheelError || line === undefined || mapped.code !== 'DATA_INVALID') return mapped;
  const bad =
    format === 'jsonl'
      ? await firstBadJsonLine(file, [line - 1, line]).catch(() => undefined)
      : format === 'csv'
        ? await fileLineOfRecord(file, line, csv).catch(() => undefined)
        : undefined;
  if (bad === undefined || bad === line) return mapped;
  return new FlywheelError(mapped.code, mapped.message.replace(`${file}:${line}:`, `${file}:${bad}:`), {
    hint: mapped.hint,
    where: { ...mapped.where, line: bad },
    details: mapped.details,
    cause: error,
  });
}

async function firstBadJsonLine(file: string, candidates: readonly number[]): Promise<number | undefined> {
  const last = Math.max(...candidates);
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
  let number = 0;
  try {
    for await (const text of lines) {
      number++;
      if (candidates.includes(number) && text.trim() !== '' && !parsesAsJson(text)) return number;
      if (number >= last) break;
    }
  } finally {
    lines.close();
  }
  return undefined;
}

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** True for DuckDB's "could not detect the CSV dialect" failure. */
export function isSniffFailure(error: unknown): boolean {
  return (
    error instanceof Error &&
    /Error when sniffing file|not possible to automatically detect/i.test(error.message)
  );
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? text).trim();
}

function withCause(error: FlywheelError, cause: unknown): FlywheelError {
  return new FlywheelError(error.code, error.message, {
    hint: error.hint,
    where: error.where,
    details: error.details,
    cause,
  });
}
