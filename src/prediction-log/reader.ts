/**
 * Reading the prediction log (the layout of layout.ts, the lines of schema.ts): primary-route
 * predictions only, in time order, one record per row of a request with its logged prediction and
 * class probabilities; and the delayed labels of `POST /feedback`, joined to the rows by request
 * id. Malformed lines are counted and skipped, never fatal.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CellValue } from '../data/index.js';
import { FEEDBACK_FOLDER, isHourFolder, isSegmentFile, partitionFolder } from './layout.js';

/** One logged prediction, with its features flattened to cells. */
export interface LoggedPrediction {
  time: number;
  requestId: string;
  version: number;
  /** Index of this row in its request. */
  row: number;
  features: Record<string, CellValue>;
  /** The prediction logged for this row (null when the log has none). */
  prediction: CellValue;
  /** The class probabilities logged for this row, in the model's class order; null if none. */
  probabilities: number[] | null;
  /** The true label from feedback, once attachLabels has joined it (undefined: none yet). */
  label?: CellValue | undefined;
}

/** The non-blank lines of the segments under a partition `folder`, in hour and file order. */
async function* logLines(folder: string): AsyncGenerator<string> {
  const hours = (await readdir(folder).catch(() => [] as string[])).filter(isHourFolder).sort();
  for (const hour of hours) {
    const files = (await readdir(join(folder, hour))).filter(isSegmentFile).sort();
    for (const file of files) {
      for (const line of (await readFile(join(folder, hour, file), 'utf8')).split('\n'))
        if (line.trim() !== '') yield line;
    }
  }
}

/** The primary-route predictions of `model`, oldest first, and how many lines were unreadable. */
export async function readPredictionLog(
  dir: string,
  model: string,
): Promise<{ records: LoggedPrediction[]; skippedLines: number }> {
  const folder = join(dir, partitionFolder(model));
  const records: LoggedPrediction[] = [];
  let skippedLines = 0;
  for await (const line of logLines(folder)) {
    const r = parseRecord(line);
    if (r === null) skippedLines++;
    else if (r !== undefined) records.push(...r);
  }
  records.sort((a, b) => a.time - b.time);
  return { records, skippedLines };
}

/**
 * The rows of a logged prediction (a request may carry several rows), undefined for other records
 * (shadow, feedback), null for a broken line.
 */
function parseRecord(line: string): LoggedPrediction[] | undefined | null {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as Record<string, unknown>;
  if (r.kind !== 'prediction' || r.route !== 'primary') return undefined;
  const time = Date.parse(String(r.time));
  if (!Number.isFinite(time) || typeof r.features !== 'object' || r.features === null) return null;
  const rows = (Array.isArray(r.features) ? r.features : [r.features]) as unknown[];
  if (rows.some((row) => typeof row !== 'object' || row === null)) return null;
  // A request logged with one feature object (not an array) carries its outputs unwrapped too.
  const single = !Array.isArray(r.features);
  return rows.map((row, i) => ({
    time,
    requestId: String(r.request_id ?? ''),
    version: Number(r.version),
    row: i,
    features: cells(row as Record<string, unknown>),
    prediction: cell(single && !Array.isArray(r.prediction) ? r.prediction : elementAt(r.prediction, i)),
    probabilities: probabilitiesOf(
      single && isNumbers(r.probabilities) ? r.probabilities : elementAt(r.probabilities, i),
    ),
  }));
}

const elementAt = (v: unknown, i: number): unknown => (Array.isArray(v) ? v[i] : undefined);

const isNumbers = (v: unknown): v is number[] =>
  Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number' && Number.isFinite(x));

const probabilitiesOf = (v: unknown): number[] | null => (isNumbers(v) ? v : null);

/** A JSON value as a cell: scalars as they are, null for nothing, objects as JSON text. */
function cell(v: unknown): CellValue {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  return JSON.stringify(v);
}

/** Feedback labels by request id: a scalar (one-row request) or an array (one label per row). */
export async function readFeedback(
  dir: string,
  model?: string,
): Promise<{ labels: Map<string, unknown>; skippedLines: number }> {
  const found: Array<{ time: number; id: string; label: unknown }> = [];
  let skippedLines = 0;
  for await (const line of logLines(join(dir, FEEDBACK_FOLDER))) {
    const f = parseFeedback(line);
    if (f === null) skippedLines++;
    else if (f !== undefined && (model === undefined || f.model === undefined || f.model === model))
      found.push(f);
  }
  // Last label wins: by time, and by reading order within the same millisecond (sort is stable).
  found.sort((a, b) => a.time - b.time);
  const labels = new Map<string, unknown>();
  for (const f of found) labels.set(f.id, f.label);
  return { labels, skippedLines };
}

/** One feedback line; undefined for other records, null for a broken one. */
function parseFeedback(
  line: string,
): { time: number; id: string; label: unknown; model?: string } | undefined | null {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const r = raw as Record<string, unknown>;
  if (r.kind !== undefined && r.kind !== 'feedback') return undefined;
  const label = 'label' in r ? r.label : r.outcome;
  const time = Date.parse(String(r.time));
  if (
    typeof r.request_id !== 'string' ||
    r.request_id === '' ||
    label === undefined ||
    !Number.isFinite(time)
  )
    return null;
  return { time, id: r.request_id, label, model: typeof r.model === 'string' ? r.model : undefined };
}

/**
 * Set `label` on each record from the feedback labels (in place; returns the same array). An
 * array label gives row i its element i; a scalar label labels a one-row request only, since it
 * cannot say which row of a larger request it means. A null or non-scalar label leaves it unset.
 */
export function attachLabels(
  records: LoggedPrediction[],
  labels: ReadonlyMap<string, unknown>,
): LoggedPrediction[] {
  const rowsPerRequest = new Map<string, number>();
  for (const r of records)
    rowsPerRequest.set(r.requestId, Math.max(rowsPerRequest.get(r.requestId) ?? 0, r.row + 1));
  for (const r of records) {
    const label = labels.get(r.requestId);
    const value = Array.isArray(label)
      ? label[r.row]
      : rowsPerRequest.get(r.requestId) === 1
        ? label
        : undefined;
    r.label =
      typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean'
        ? value
        : undefined;
  }
  return records;
}

/** The row's cells: the parsed object itself when every value is a scalar (the usual case), else a copy with the others as text. */
function cells(row: Record<string, unknown>): Record<string, CellValue> {
  let out: Record<string, unknown> = row;
  for (const k in row) {
    const v = row[k];
    if (v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') continue;
    if (out === row) out = { ...row };
    out[k] = String(v);
  }
  return out as Record<string, CellValue>;
}
