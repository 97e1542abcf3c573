/**
 * CSV dialect detection on the first bytes of a file.
 *
 * DuckDB's own sniffer is good on clean files, but on a small file with one ragged row or an
 * unclosed quote it can settle on "one column, no quoting" and read garbage without complaint.
 * So Flywheel picks the delimiter itself and passes it (and RFC 4180 quoting) to DuckDB explicitly;
 * DuckDB then still detects the header and the column types, and reports malformed rows with their
 * line numbers instead of silently reinterpreting the file.
 *
 * Rule: for each candidate delimiter (`,` tab `;` `|`), count its occurrences outside quotes in
 * each of the first records. The winner is the candidate whose most common non-zero count is shared
 * by the largest fraction of records; ties go to the larger count, then to the candidate order.
 * No candidate at all means a single-column file.
 */

/** Candidate delimiters, in order of preference on ties. */
export const DELIMITER_CANDIDATES = [',', '\t', ';', '|'] as const;

const MAX_RECORDS = 100;

/** Split the start of a CSV text into records (newlines inside quotes do not end a record). */
export function splitRecords(head: string, quote: string, complete: boolean): string[] {
  const records: string[] = [];
  let inQuotes = false;
  let start = 0;
  for (let i = 0; i < head.length && records.length < MAX_RECORDS; i++) {
    const ch = head[i];
    if (quote !== '' && ch === quote) inQuotes = !inQuotes;
    else if (!inQuotes && (ch === '\n' || ch === '\r')) {
      if (i > start) records.push(head.slice(start, i));
      if (ch === '\r' && head[i + 1] === '\n') i++;
      start = i + 1;
    }
  }
  // The last record of a partial read may be cut off; keep it only when the text is the whole file.
  if (complete && start < head.length && records.length < MAX_RECORDS) records.push(head.slice(start));
  return records.filter((record) => record.trim() !== '');
}

/** Count `delimiter` outside quotes in one record. */
export function countFields(record: string, delimiter: string, quote: string): number {
  let inQuotes = false;
  let fields = 1;
  for (const ch of record) {
    if (quote !== '' && ch === quote) inQuotes = !inQuotes;
    else if (!inQuotes && ch === delimiter) fields++;
  }
  return fields;
}

/** The delimiter of a CSV text, or undefined when no candidate splits it (a single column). */
export function sniffDelimiter(head: string, quote = '"', complete = false): string | undefined {
  const records = splitRecords(head, quote, complete);
  if (records.length === 0) return undefined;
  let best: { delimiter: string; share: number; fields: number } | undefined;
  for (const delimiter of DELIMITER_CANDIDATES) {
    const counts = records.map((record) => countFields(record, delimiter, quote));
    const mode = mostCommon(counts);
    if (mode.value <= 1) continue;
    const share = mode.count / counts.length;
    if (best === undefined || share > best.share || (share === best.share && mode.value > best.fields)) {
      best = { delimiter, share, fields: mode.value };
    }
  }
  return best?.delimiter;
}

function mostCommon(values: readonly number[]): { value: number; count: number } {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = { value: 0, count: 0 };
  for (const [value, count] of counts) {
    if (count > best.count || (count === best.count && value > best.value)) best = { value, count };
  }
  return best;
}
