/**
 * `flywheel monitor`: what a served model sees, window by window, against a reference (by default
 * the reference rows stored with the model version at training): per window and feature the drift
 * statistic, threshold and verdict, the share of drifted features, missing values, prediction drift
 * and label drift, and — once delayed labels arrive through `/feedback` — the model's performance,
 * with a label-free estimate (CBPE) before that. `windowMetrics` flattens a window into the named
 * numbers alert rules test (`drift_share`, `recall`, `missing_rate(age)`, …).
 */
import { FlywheelError, parseDuration } from '../core/index.js';
import { type CellValue, type Table, tableFromCells, tableFromRows } from '../data/index.js';
import {
  attachLabels,
  type LoggedPrediction,
  readFeedback,
  readPredictionLog,
} from '../prediction-log/index.js';
import type { ColumnDrift, DriftOptionsInput } from './drift/index.js';
import { compareWithReference, prepareReference } from './drift/index.js';
import { type PerformanceModel, type WindowPerformance, windowPerformance } from './performance/index.js';

/** The drift verdict of one column in one window. */
export interface MonitorColumn {
  column: string;
  method: string;
  /** The method's statistic: KS D, chi-square, z (signed: its sign is the direction), or the distance. */
  statistic: number;
  /** A test's p-value before any correction; null for distances. */
  pValue: number | null;
  /** What is compared with `threshold`: the (corrected) p-value of a test, or the distance. */
  score: number;
  threshold: number;
  drift: boolean;
}

/** One window of traffic compared with the reference. */
export interface MonitorWindow {
  start: string;
  end: string;
  rows: number;
  versions: number[];
  drifted: number;
  share: number;
  drift: boolean;
  columns: MonitorColumn[];
  /** Share of missing feature cells, overall and per feature. */
  missingRate: number;
  missing: Record<string, number>;
  /** Drift of the model's predictions and of the delayed labels (when the reference has them). */
  prediction?: MonitorColumn;
  label?: MonitorColumn;
  /** Realised performance once enough labels arrived, and the label-free estimate. */
  performance?: WindowPerformance;
}

/** The monitor's report. */
export interface MonitorReport {
  model: string;
  reference: string;
  window: string;
  windows: MonitorWindow[];
  /**
   * Index of the first window with dataset drift (`drift`: the share of drifted features reached
   * `datasetThreshold`), or null. The one definition of "a window drifted" the report uses.
   */
  firstDrift: number | null;
  skippedLines: number;
  /** Primary-route rows read from the log, in all windows. */
  loggedRows: number;
  /**
   * Windows left out because they hold fewer than `minRows` rows (too few to compare; usually the
   * newest, still filling), and the rows in them.
   */
  shortWindows: { windows: number; rows: number; minRows: number };
  /** The share of drifted features at which a window counts as dataset drift. */
  datasetThreshold: number;
  /**
   * With `histograms`: the reference and current histograms of every compared column for one
   * window — the first with dataset drift, else the last (one window only: they are large).
   */
  histograms?: { window: number; columns: ColumnDrift[] };
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

/** How to monitor: the window, the drift settings and what the model is. */
export interface MonitorOptions {
  model: string;
  referenceName: string;
  window: string;
  drift?: DriftOptionsInput;
  skippedLines?: number;
  /** Windows with fewer rows are left out (default 30). */
  minRows?: number;
  /** The model's task, classes and target: enables performance, prediction and label drift. */
  output?: PerformanceModel & { target: string };
  /** The model's predictions on the reference rows (prediction drift), one per reference row. */
  referencePredictions?: CellValue[];
  /** Labelled rows a window needs before its performance metrics are reported (default 50). */
  minLabels?: number;
  /** Add the histograms of one window (the first with dataset drift, else the last): for HTML. */
  histograms?: boolean;
  /** With `histograms`: chart this window (an index into `windows`) instead. */
  histogramWindow?: number;
}

/** The column names the prediction is compared under (one that no feature uses). */
function predictionColumn(reference: Table): string {
  let name = 'prediction';
  while (reference.names.includes(name)) name = `_${name}`;
  return name;
}

/** Monitor logged traffic of `model` (found under `logDir`) against `reference`. */
export function monitorTraffic(
  records: LoggedPrediction[],
  reference: Table,
  options: MonitorOptions,
): MonitorReport {
  requireTraffic(records, options.model);
  const logged = new Set<string>();
  for (const r of records) for (const k in r.features) logged.add(k);
  const target = options.output?.target;
  const columns = options.drift?.columns ?? reference.names.filter((n) => logged.has(n) && n !== target);
  const withTarget = target !== undefined && reference.names.includes(target) ? target : undefined;
  let base = reference;
  let prediction: string | undefined;
  if (options.referencePredictions && options.referencePredictions.length === reference.rowCount) {
    prediction = predictionColumn(reference);
    const column = tableFromRows(
      options.referencePredictions.map((v) => [v]),
      { names: [prediction] },
    );
    base = {
      names: [...reference.names, prediction],
      columns: [...reference.columns, column.columns[0]!],
      rowCount: reference.rowCount,
    };
  }
  const prepared = prepareReference(base, { ...options.drift, columns, target: withTarget, prediction });
  const context: WindowContext = {
    prepared,
    columns,
    target: withTarget,
    prediction,
    output: options.output,
    minLabels: options.minLabels ?? 50,
  };
  const minRows = options.minRows ?? 30;
  const all = windowsOf(records, options.window);
  const groups = all.filter((w) => w.length >= minRows);
  const short = all.filter((w) => w.length < minRows);
  const windows = groups.map((w) => windowReport(context, w));
  const first = windows.findIndex((w) => w.drift);
  const report: MonitorReport = {
    model: options.model,
    reference: options.referenceName,
    window: options.window,
    windows,
    firstDrift: first < 0 ? null : first,
    skippedLines: options.skippedLines ?? 0,
    loggedRows: records.length,
    shortWindows: { windows: short.length, rows: short.reduce((k, w) => k + w.length, 0), minRows },
    datasetThreshold: prepared.options.datasetThreshold,
  };
  if (options.histograms && groups.length > 0) {
    const drifted = windows.findIndex((w) => w.drift);
    const chosen = options.histogramWindow;
    const index =
      chosen !== undefined && chosen >= 0 && chosen < windows.length
        ? chosen
        : drifted < 0
          ? windows.length - 1
          : drifted;
    // The prepared summaries are what histograms are drawn from; only the option differs, so the
    // reference is not summarised a second time.
    const charted = { ...prepared, options: { ...prepared.options, histograms: true } };
    const drift = compareWithReference(charted, windowTable(context, groups[index]!).table);
    report.histograms = { window: index, columns: drift.columns };
  }
  return report;
}

interface WindowContext {
  prepared: ReturnType<typeof prepareReference>;
  columns: string[];
  target: string | undefined;
  prediction: string | undefined;
  output: (PerformanceModel & { target: string }) | undefined;
  minLabels: number;
}

const isMissing = (v: CellValue | undefined) =>
  v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));

/** A window's rows as the table compared with the reference: features, prediction, label. */
/** The window as a table (features, then prediction and label), and each feature's missing count. */
function windowTable(context: WindowContext, w: LoggedPrediction[]): { table: Table; missing: number[] } {
  const { columns, target, prediction } = context;
  const names = [...columns, ...(prediction ? [prediction] : []), ...(target ? [target] : [])];
  const missing = columns.map(() => 0);
  const cells = columns.map((c, j) =>
    w.map((r) => {
      const v = r.features[c];
      if (isMissing(v)) missing[j]!++;
      return v;
    }),
  );
  if (prediction !== undefined) cells.push(w.map((r) => r.prediction ?? null));
  if (target !== undefined) cells.push(w.map((r) => r.label ?? null));
  return { table: tableFromCells(names, cells), missing };
}

function windowReport(context: WindowContext, w: LoggedPrediction[]): MonitorWindow {
  const { prepared, columns } = context;
  const { table, missing: counts } = windowTable(context, w);
  const report = compareWithReference(prepared, table);
  const missing: Record<string, number> = {};
  let missed = 0;
  columns.forEach((c, j) => {
    missing[c] = counts[j]! / w.length;
    missed += counts[j]!;
  });
  const verdict = (c: (typeof report.columns)[number]): MonitorColumn => ({
    column: c.column,
    method: c.method,
    statistic: c.statistic,
    pValue: c.pValue,
    score: c.score,
    threshold: c.threshold,
    drift: c.drift,
  });
  const out: MonitorWindow = {
    start: new Date(w[0]!.time).toISOString(),
    end: new Date(w.at(-1)!.time).toISOString(),
    rows: w.length,
    versions: [...new Set(w.map((r) => r.version))].sort((a, b) => a - b),
    drifted: report.dataset.drifted,
    share: report.dataset.share,
    drift: report.dataset.drift,
    columns: report.columns.filter((c) => c.role === 'feature').map(verdict),
    missingRate: columns.length > 0 ? missed / (columns.length * w.length) : 0,
    missing,
  };
  if (report.prediction) out.prediction = verdict(report.prediction);
  if (report.target) out.label = verdict(report.target);
  if (context.output)
    out.performance = windowPerformance(w, context.output, { minLabels: context.minLabels });
  return out;
}

/**
 * The named numbers of a window that alert rules test: `rows`, `drift_share`, `drifted_columns`,
 * `dataset_drift`, `missing_rate`, per column `drift(COL)` (0 or 1), `drift_statistic(COL)` and
 * `missing_rate(COL)`, `prediction_drift` and `label_drift` (0 or 1), `labelled`,
 * `label_coverage`, the realised metrics (`accuracy`, `precision`, `recall`, `f1`, `roc_auc`;
 * `mae`, `rmse`, `r2`) once the window has enough labels, and the estimates as `estimated_NAME`.
 * A number that does not exist in a window (recall before the labels arrive) is null.
 */
export function windowMetrics(w: MonitorWindow): Record<string, number | null> {
  const values: Record<string, number | null> = {
    rows: w.rows,
    drift_share: w.share,
    drifted_columns: w.drifted,
    dataset_drift: w.drift ? 1 : 0,
    missing_rate: w.missingRate,
    prediction_drift: w.prediction ? Number(w.prediction.drift) : null,
    label_drift: w.label ? Number(w.label.drift) : null,
  };
  for (const c of w.columns) {
    values[`drift(${c.column})`] = c.drift ? 1 : 0;
    values[`drift_statistic(${c.column})`] = c.statistic;
  }
  for (const [c, rate] of Object.entries(w.missing)) values[`missing_rate(${c})`] = rate;
  const p = w.performance;
  if (p) {
    values.labelled = p.labelled;
    values.label_coverage = p.coverage;
    for (const [k, v] of Object.entries(p.metrics ?? {})) values[k] = v;
    for (const [k, v] of Object.entries(p.estimated ?? {})) values[`estimated_${k}`] = v;
  }
  return values;
}

/** Read the log and monitor it (the I/O half of `flywheel monitor`). */
export async function monitorLog(
  logDir: string,
  reference: Table,
  options: Omit<MonitorOptions, 'skippedLines'>,
): Promise<MonitorReport> {
  const { records, skippedLines } = await readLabelledLog(logDir, options.model);
  return monitorTraffic(records, reference, { ...options, skippedLines });
}

/** The logged predictions of `model` with their delayed labels attached, and the unreadable lines. */
export async function readLabelledLog(
  logDir: string,
  model: string,
): Promise<{ records: LoggedPrediction[]; skippedLines: number }> {
  const { records, skippedLines } = await readPredictionLog(logDir, model);
  const feedback = await readFeedback(logDir, model);
  attachLabels(records, feedback.labels);
  return { records, skippedLines: skippedLines + feedback.skippedLines };
}

/** Throw NOT_FOUND when the log holds no prediction of `model`. */
export function requireTraffic(records: readonly LoggedPrediction[], model: string): void {
  if (records.length === 0) {
    throw new FlywheelError('NOT_FOUND', `no logged predictions for model ${model}`, {
      hint: 'Serve the model (flywheel serve) and send traffic; the server logs every prediction.',
    });
  }
}

/** The model version that answered most of the logged rows (null for an empty log). */
export function mainVersion(records: readonly LoggedPrediction[]): number | null {
  const counts = new Map<number, number>();
  for (const r of records) counts.set(r.version, (counts.get(r.version) ?? 0) + 1);
  let best: number | null = null;
  for (const [v, n] of counts) if (best === null || n > counts.get(best)!) best = v;
  return best;
}
