/**
 * File line numbers for CSV errors. DuckDB numbers a CSV's rows by record (a quoted value that
 * spans lines counts once), so past such a value its "line" is not the one an editor shows. These
 * helpers turn a record number into the file line where that record starts (1-based, header and
 * blank or comment lines counted), as every Flywheel CSV error reports it.
 */
import { createReadStream } from 'node:fs';

const LF = 0x0a;
const CR = 0x0d;

/** The quote and escape characters a CSV scan used (both default to `"`). */
export interface CsvQuoting {
  quote?: string;
  escape?: string;
}

/**
 * The 1-based file line where record `record` (DuckDB's line number) starts; undefined when the
 * file ends first or cannot be read as bytes (compressed files, globs, UTF-16).
 */
export async function fileLineOfRecord(
  path: string,
  record: number,
  quoting: CsvQuoting & { encoding?: string } = {},
): Promise<number | undefined> {
  if (!Number.isInteger(record) || record < 1) return undefined;
  if (record === 1) return 1;
  if (/\.(gz|zst)$/i.test(path) || /[*?[]/.test(path) || quoting.encoding === 'utf-16') return undefined;
  const counter = new RecordLines(quoting);
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const found = counter.feed(chunk, record);
      if (found !== undefined) return found;
    }
  } finally {
    stream.destroy();
  }
  return undefined;
}

/** Counts records and physical lines over a byte stream, quotes respected. */
export class RecordLines {
  private readonly quote: number;
  private readonly escape: number;
  private inQuotes = false;
  private escaped = false;
  private lastWasCr = false;
  private record = 1;
  private line = 1;

  constructor(quoting: CsvQuoting = {}) {
    const quote = quoting.quote ?? '"';
    const escapeChar = quoting.escape ?? quote;
    this.quote = quote === '' ? -1 : quote.charCodeAt(0);
    this.escape = escapeChar === '' ? -1 : escapeChar.charCodeAt(0);
  }

  /** Feed bytes; returns the file line where record `want` starts once it is reached. */
  feed(bytes: Uint8Array, want: number): number | undefined {
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      const crlf = b === LF && this.lastWasCr;
      this.lastWasCr = b === CR;
      if (this.escaped) {
        this.escaped = false;
      } else if (this.inQuotes && b === this.escape && this.escape !== this.quote) {
        this.escaped = true;
      } else if (b === this.quote) {
        this.inQuotes = !this.inQuotes;
      }
      if ((b === LF && !crlf) || b === CR) {
        this.line++;
        if (!this.inQuotes) {
          this.record++;
          if (this.record === want) return this.line;
        }
      }
    }
    return undefined;
  }
}
