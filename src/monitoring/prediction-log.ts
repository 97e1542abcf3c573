/**
 * Reading the server's prediction log: JSON-lines segments under
 * `<dir>/model=NAME/hour=YYYY-MM-DDTHH/part-*.jsonl` (written by serving), primary-route
 * predictions only, in time order. Malformed lines are counted and skipped, never fatal.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CellValue } from '../data/index.js';

/** One logged prediction, with its features flattened to cells. */
export interface LoggedPrediction {
  time: number;
  requestId: string;
  version: number;
  features: Record<string, CellValue>;
}

/** The primary-route predictions of `model`, oldest first, and how many lines were unreadable. */
export async function readPredictionLog(
  dir: string,
  model: string,
): Promise<{ records: LoggedPrediction[]; skippedLines: number }> {
  const folder = join(dir, `model=${model.replace(/[^A-Za-z0-9._-]/g, '_')}`);
  const hours = (await readdir(folder).catch(() => [] as string[]))
    .filter((h) => h.startsWith('hour='))
    .sort();
  const records: LoggedPrediction[] = [];
  let skippedLines = 0;
  for (const hour of hours) {
    const files = (await readdir(join(folder, hour))).filter((f) => f.endsWith('.jsonl')).sort();
    for (const file of files) {
      for (const line of (await readFile(join(folder, hour, file), 'utf8')).split('\n')) {
        if (line.trim() === '') continue;
        const r = parseRecord(line);
        if (r === null) skippedLines++;
        else if (r !== undefined) records.push(...r);
      }
    }
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
  return rows.map((row) => ({
    time,
    requestId: String(r.request_id ?? ''),
    version: Number(r.version),
    features: cells(row as Record<string, unknown>),
  }));
}

function cells(row: Record<string, unknown>): Record<string, CellValue> {
  const out: Record<string, CellValue> = {};
  for (const [k, v] of Object.entries(row)) {
    out[k] =
      v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' ? v : String(v);
  }
  return out;
}
