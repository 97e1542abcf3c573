/**
 * `/api/v1` monitoring: the models with a prediction log, one model's windows (drift share, the
 * windows × features drift table, realised and CBPE-estimated performance with its band, missing
 * values, fired alerts) through `platform.monitoring.monitor` — the same report `flywheel monitor`
 * prints — and one feature's reference vs window distribution. The work is bounded: a log above
 * MAX_LOG_BYTES is refused, windows are at least MIN_WINDOW_ROWS rows or one minute, at most
 * MAX_WINDOWS windows are sent, and a report is reused for CACHE_MS (a page asks several times).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { FlywheelError, parseDuration } from '../../core/index.js';
import { type MonitorReport, metricKey, parseRule } from '../../monitoring/index.js';
import type { Platform } from '../../platform.js';
import { partitionFolder, workspaceLogDir } from '../../prediction-log/index.js';
import type { EventRecord } from '../../storage/metadata/index.js';
import type { Route } from '../route.js';
import { finite, finiteRecord, integer, required, text } from './input.js';
import type {
  Alert,
  FeatureDistribution,
  FeatureDrift,
  MonitoringDetail,
  MonitoringList,
  MonitorWindow,
} from './schemas.js';

/** The largest prediction log (bytes, one model) the API reads. */
export const MAX_LOG_BYTES = 128 * 1024 * 1024;
/** Logs up to this size are counted (records) on the list page. */
const COUNT_LOG_BYTES = 16 * 1024 * 1024;
/** The most windows one answer holds (the newest). */
export const MAX_WINDOWS = 500;
/** The smallest row window. */
export const MIN_WINDOW_ROWS = 100;
const CACHE_MS = 10_000;
const CACHE_ENTRIES = 32;

/** The monitoring routes of `/api/v1`, and the alerts of the workspace's monitored models (overview). */
export function monitoringApi(p: Platform): {
  routes: Route[];
  recentAlerts(sinceMs: number): Promise<Alert[]>;
} {
  const logDir = () => workspaceLogDir(p.config, (m) => p.logger.warn(m));
  const cache = new Map<string, { at: number; report: Promise<MonitorReport> }>();

  async function models(): Promise<Array<{ model: string; folder: string }>> {
    const dir = logDir();
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    return entries
      .filter((e) => e.isDirectory() && e.name.startsWith('model='))
      .map((e) => {
        const raw = e.name.slice('model='.length);
        const model = raw.startsWith('~') ? Buffer.from(raw.slice(1), 'hex').toString('utf8') : raw;
        return { model, folder: join(dir, e.name) };
      })
      .sort((a, b) => (a.model < b.model ? -1 : 1));
  }

  async function alertsOf(model: string): Promise<Alert[]> {
    const events = await p.registry.history(model).catch(() => [] as EventRecord[]);
    return events.filter((e) => e.kind === 'alert').map((e) => alert(model, e));
  }

  function report(model: string, window: string, histogramWindow?: number): Promise<MonitorReport> {
    const key = `${model}\u0000${window}\u0000${histogramWindow ?? ''}`;
    const now = Date.now();
    const hit = cache.get(key);
    if (hit && now - hit.at < CACHE_MS) return hit.report;
    const made = (async () => {
      const size = await logBytes(join(logDir(), partitionFolder(model)));
      if (size === 0) {
        throw new FlywheelError('NOT_FOUND', `no prediction log for model "${model}"`, {
          hint: 'Models appear here once `flywheel serve` has logged predictions for them; GET /api/v1/monitoring lists them.',
        });
      }
      if (size > MAX_LOG_BYTES) {
        throw new FlywheelError(
          'PAYLOAD_TOO_LARGE',
          `the prediction log of ${model} is ${size} bytes; the API reads logs of at most ${MAX_LOG_BYTES} bytes`,
          {
            hint: `Run \`flywheel monitor ${model}\` instead (or rotate the log, prediction_log in docs/monitoring.md).`,
          },
        );
      }
      return p.monitoring.monitor({ model, window, histogramWindow });
    })();
    made.catch(() => cache.delete(key));
    if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
    cache.set(key, { at: now, report: made });
    return made;
  }

  const routes: Route[] = [
    {
      method: 'GET',
      path: '/monitoring',
      write: false,
      async handle(): Promise<MonitoringList> {
        const out: MonitoringList['models'] = [];
        for (const { model, folder } of await models()) {
          const bytes = await logBytes(folder);
          const counted = bytes <= COUNT_LOG_BYTES;
          const alerts = await alertsOf(model);
          out.push({
            model,
            rows: counted ? await countLines(folder) : 0,
            rows_counted: counted,
            bytes,
            alerts: alerts.length,
            last_alert: alerts.at(-1)?.time ?? null,
          });
        }
        return { models: out };
      },
    },
    {
      method: 'GET',
      path: '/monitoring/:model',
      write: false,
      async handle(input): Promise<MonitoringDetail> {
        const model = required(input, 'model', 200);
        const window = windowSpec(input);
        const [r, alerts] = await Promise.all([report(model, window), alertsOf(model)]);
        const from = timeParam(input, 'from');
        const to = timeParam(input, 'to');
        let windows = r.windows.map((w, index) => windowJson(w, index, alerts));
        windows = windows.filter(
          (w) =>
            (from === undefined || Date.parse(w.end) >= from) &&
            (to === undefined || Date.parse(w.start) <= to),
        );
        const truncated = windows.length > MAX_WINDOWS;
        const features = [...new Set(r.windows.flatMap((w) => w.columns.map((c) => c.column)))];
        return {
          model: r.model,
          reference: r.reference,
          window: r.window,
          features,
          windows: windows.slice(-MAX_WINDOWS),
          first_drift: r.firstDrift,
          dataset_threshold: r.datasetThreshold,
          logged_rows: r.loggedRows,
          skipped_lines: r.skippedLines,
          short_windows: {
            windows: r.shortWindows.windows,
            rows: r.shortWindows.rows,
            min_rows: r.shortWindows.minRows,
          },
          truncated,
          max_windows: MAX_WINDOWS,
        };
      },
    },
    {
      method: 'GET',
      path: '/monitoring/:model/features/:feature',
      write: false,
      async handle(input): Promise<FeatureDistribution> {
        const model = required(input, 'model', 200);
        const feature = required(input, 'feature', 1000);
        const window = windowSpec(input);
        const asked =
          text(input, 'index') === undefined
            ? undefined
            : integer(input, 'index', { min: 0, max: 10_000_000, fallback: 0 });
        const r = await report(model, window, asked);
        if (!r.histograms || (asked !== undefined && r.histograms.window !== asked)) {
          throw new FlywheelError(
            'NOT_FOUND',
            `model ${model} has no window ${asked ?? ''} at window size ${window}`.replace('  ', ' '),
            {
              hint: `It has ${r.windows.length} windows (0 to ${r.windows.length - 1}).`,
            },
          );
        }
        const c = r.histograms.columns.find((x) => x.column === feature && x.role === 'feature');
        if (!c?.histogram) {
          throw new FlywheelError('NOT_FOUND', `model ${model} has no monitored feature "${feature}"`, {
            hint: `Its features: ${r.histograms.columns
              .filter((x) => x.role === 'feature')
              .map((x) => x.column)
              .join(', ')}.`,
          });
        }
        const w = r.windows[r.histograms.window]!;
        return {
          model: r.model,
          feature,
          window: r.histograms.window,
          start: w.start,
          end: w.end,
          kind: c.histogram.edges ? 'numeric' : 'categorical',
          edges: c.histogram.edges ? c.histogram.edges.map((e) => finite(e) ?? 0) : null,
          labels: c.histogram.labels ?? null,
          reference: c.histogram.reference,
          current: c.histogram.current,
          drift: drift(c),
        };
      },
    },
  ];

  async function recentAlerts(sinceMs: number): Promise<Alert[]> {
    const all: Alert[] = [];
    for (const { model } of (await models()).slice(0, 100)) all.push(...(await alertsOf(model)));
    return all
      .filter((a) => a.time >= sinceMs)
      .sort((a, b) => b.time - a.time)
      .slice(0, 50);
  }
  return { routes, recentAlerts };
}

function windowSpec(input: Record<string, unknown>): string {
  const w = text(input, 'window', 20) ?? '1000';
  if (/^\d+$/.test(w)) {
    if (Number(w) < MIN_WINDOW_ROWS)
      throw new FlywheelError(
        'INVALID_ARGUMENT',
        `window must be at least ${MIN_WINDOW_ROWS} rows, got ${w}`,
        {
          where: { field: 'window' },
          hint: 'e.g. window=1000 or window=1h',
        },
      );
    return w;
  }
  if (parseDuration(w) < 60_000)
    throw new FlywheelError('INVALID_ARGUMENT', `window must be at least one minute, got ${w}`, {
      where: { field: 'window' },
      hint: 'e.g. window=1000 or window=1h',
    });
  return w;
}

function timeParam(input: Record<string, unknown>, name: string): number | undefined {
  const s = text(input, name, 40);
  if (s === undefined) return undefined;
  const t = /^\d+$/.test(s) ? Number(s) : Date.parse(s);
  if (!Number.isFinite(t))
    throw new FlywheelError(
      'INVALID_ARGUMENT',
      `${name} must be an ISO 8601 time or epoch milliseconds, got ${s}`,
      {
        where: { field: name },
        hint: 'e.g. from=2026-01-01T00:00:00Z',
      },
    );
  return t;
}

function drift(c: {
  column: string;
  method: string;
  statistic: number;
  pValue: number | null;
  score: number;
  threshold: number;
  drift: boolean;
}): FeatureDrift {
  return {
    column: c.column,
    method: c.method,
    statistic: finite(c.statistic),
    p_value: finite(c.pValue),
    score: finite(c.score),
    threshold: finite(c.threshold),
    drift: c.drift,
  };
}

function windowJson(w: MonitorReport['windows'][number], index: number, alerts: Alert[]): MonitorWindow {
  const perf = w.performance;
  const band = (sign: number) =>
    perf?.estimated && perf.estimatedSe
      ? finiteRecord(
          Object.fromEntries(
            Object.entries(perf.estimated).map(([k, v]) => [
              k,
              v + sign * 2 * (perf.estimatedSe?.[k] ?? Number.NaN),
            ]),
          ),
        )
      : null;
  return {
    index,
    start: w.start,
    end: w.end,
    rows: w.rows,
    versions: w.versions,
    drift_share: w.share,
    drifted: w.drifted,
    drift: w.drift,
    features: w.columns.map(drift),
    prediction: w.prediction ? drift(w.prediction) : null,
    missing_rate: w.missingRate,
    missing: w.missing,
    performance: perf
      ? {
          rows: perf.rows,
          labelled: perf.labelled,
          coverage: perf.coverage,
          realised: perf.metrics ? finiteRecord(perf.metrics) : null,
          estimated: perf.estimated ? finiteRecord(perf.estimated) : null,
          estimated_low: band(-1),
          estimated_high: band(1),
        }
      : null,
    alerts: alerts.filter((a) => a.window_start === w.start),
  };
}

function alert(model: string, e: EventRecord): Alert {
  const d = e.data;
  const rule = typeof d.rule === 'string' ? d.rule : null;
  let metric: string | null = null;
  try {
    metric = rule === null ? null : metricKey(parseRule(rule));
  } catch {
    metric = null;
  }
  return {
    id: e.id,
    time: e.time,
    model,
    alert: String(d.alert ?? ''),
    rule,
    metric,
    value: typeof d.value === 'number' ? finite(d.value) : null,
    threshold: typeof d.threshold === 'number' ? finite(d.threshold) : null,
    window_start: typeof d.window_start === 'string' ? d.window_start : null,
    window_end: typeof d.window_end === 'string' ? d.window_end : null,
  };
}

/** Bytes of the files under a folder (two levels: hour folders, then segments). */
async function logBytes(folder: string): Promise<number> {
  let total = 0;
  for (const f of await logFiles(folder)) total += (await stat(f).catch(() => ({ size: 0 }))).size;
  return total;
}

async function logFiles(folder: string): Promise<string[]> {
  const out: string[] = [];
  const hours = await readdir(folder, { withFileTypes: true }).catch(() => []);
  for (const h of hours) {
    if (!h.isDirectory()) continue;
    const files = await readdir(join(folder, h.name)).catch(() => [] as string[]);
    for (const f of files) if (f.endsWith('.jsonl')) out.push(join(folder, h.name, f));
  }
  return out;
}

async function countLines(folder: string): Promise<number> {
  let n = 0;
  for (const f of await logFiles(folder)) {
    const bytes = await readFile(f).catch(() => Buffer.alloc(0));
    for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, i + 1)) n++;
  }
  return n;
}
