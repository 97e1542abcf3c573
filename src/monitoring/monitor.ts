/**
 * `flywheel monitor`: the drift of what a served model sees, window by window, against a
 * reference (by default the model version's training data): per window and feature the statistic,
 * threshold and verdict, the share of drifted features, and the first window that drifted.
 */
import { FlywheelError, parseDuration } from '../core/index.js';
import { type Table, tableFromRows } from '../data/index.js';
import { compareWithReference, prepareReference } from './dataset-drift.js';
import type { DriftOptionsInput } from './drift-options.js';
import { type LoggedPrediction, readPredictionLog } from './prediction-log.js';

/** One window of traffic compared with the reference. */
export interface MonitorWindow {
  start: string;
  end: string;
  rows: number;
  versions: number[];
  drifted: number;
  share: number;
  drift: boolean;
  columns: Array<{ column: string; method: string; statistic: number; threshold: number; drift: boolean }>;
}

/** The monitor's report. */
export interface MonitorReport {
  model: string;
  reference: string;
  window: string;
  windows: MonitorWindow[];
  /** Index of the first window in which any feature drifted, or null. */
  firstDrift: number | null;
  skippedLines: number;
}

/** Split records into windows of `spec` rows (`10000`) or of a duration (`1h`, `15m`). */
export function windowsOf(records: LoggedPrediction[], spec: string): LoggedPrediction[][] {
  if (/^\d+$/.test(spec)) {
    const n = Number(spec);
    if (n < 1)
      throw new FlywheelError('INVALID_ARGUMENT', '--window must be at least 1 row', {
        hint: 'e.g. --window 1000 or --window 1h',
      });
    return Array.from({ length: Math.ceil(records.length / n) }, (_, i) => records.slice(i * n, (i + 1) * n));
  }
  const ms = parseDuration(spec);
  const groups = new Map<number, LoggedPrediction[]>();
  for (const r of records) {
    const key = Math.floor(r.time / ms);
    const g = groups.get(key) ?? [];
    if (g.length === 0) groups.set(key, g);
    g.push(r);
  }
  return [...groups.entries()].sort(([a], [b]) => a - b).map(([, g]) => g);
}

/** Monitor logged traffic of `model` (found under `logDir`) against `reference`. */
export function monitorTraffic(
  records: LoggedPrediction[],
  reference: Table,
  options: {
    model: string;
    referenceName: string;
    window: string;
    drift?: DriftOptionsInput;
    skippedLines?: number;
    minRows?: number;
  },
): MonitorReport {
  if (records.length === 0) {
    throw new FlywheelError('NOT_FOUND', `no logged predictions for model ${options.model}`, {
      hint: 'Serve the model (flywheel serve) and send traffic; the server logs every prediction.',
    });
  }
  const logged = new Set(records.flatMap((r) => Object.keys(r.features)));
  const columns = options.drift?.columns ?? reference.names.filter((n) => logged.has(n));
  const prepared = prepareReference(reference, { ...options.drift, columns });
  const windows = windowsOf(records, options.window)
    .filter((w) => w.length >= (options.minRows ?? 30))
    .map((w) => windowReport(prepared, w));
  const first = windows.findIndex((w) => w.drifted > 0);
  return {
    model: options.model,
    reference: options.referenceName,
    window: options.window,
    windows,
    firstDrift: first < 0 ? null : first,
    skippedLines: options.skippedLines ?? 0,
  };
}

function windowReport(prepared: ReturnType<typeof prepareReference>, w: LoggedPrediction[]): MonitorWindow {
  const report = compareWithReference(prepared, tableFromRows(w.map((r) => r.features)));
  return {
    start: new Date(w[0]!.time).toISOString(),
    end: new Date(w.at(-1)!.time).toISOString(),
    rows: w.length,
    versions: [...new Set(w.map((r) => r.version))].sort((a, b) => a - b),
    drifted: report.dataset.drifted,
    share: report.dataset.share,
    drift: report.dataset.drift,
    columns: report.columns
      .filter((c) => c.role === 'feature')
      .map((c) => ({
        column: c.column,
        method: c.method,
        statistic: c.statistic,
        threshold: c.threshold,
        drift: c.drift,
      })),
  };
}

/** Read the log and monitor it (the I/O half of `flywheel monitor`). */
export async function monitorLog(
  logDir: string,
  reference: Table,
  options: {
    model: string;
    referenceName: string;
    window: string;
    drift?: DriftOptionsInput;
    minRows?: number;
  },
): Promise<MonitorReport> {
  const { records, skippedLines } = await readPredictionLog(logDir, options.model);
  return monitorTraffic(records, reference, { ...options, skippedLines });
}
