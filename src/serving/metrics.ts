/**
 * Prometheus metrics for serving, in the text exposition format (version 0.0.4): counters,
 * gauges and histograms keyed by label values. Hand-written and small: a series is found by one
 * Map lookup on a joined label key, so recording costs a few hundred nanoseconds per request.
 */

import { FlywheelError } from '../core/index.js';

type Labels = Record<string, string>;

/** A series resolved once (see `ServingMetrics.handle`). */
export interface Handle {
  inc(by?: number): void;
  observe(value: number): void;
}

/** Latency buckets in seconds (100 µs to 5 s). */
export const LATENCY_BUCKETS = [
  0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1, 5,
];
/** Batch-size buckets (rows). */
export const BATCH_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256];

interface Series {
  labels: Labels;
  value: number;
  counts?: Float64Array;
  sum?: number;
}

interface Family {
  name: string;
  help: string;
  type: 'counter' | 'gauge' | 'histogram';
  buckets?: number[];
  series: Map<string, Series>;
}

const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

function labelText(labels: Labels, extra?: [string, string]): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
  if (extra) parts.push(`${extra[0]}="${extra[1]}"`);
  return parts.length === 0 ? '' : `{${parts.join(',')}}`;
}

const formatNumber = (v: number) =>
  v === Infinity ? '+Inf' : Number.isInteger(v) ? String(v) : v.toPrecision(12);

/** The metrics registry of one serving process. */
export class ServingMetrics {
  private readonly collectors: Array<() => void> = [];
  private readonly families = new Map<string, Family>();

  constructor() {
    this.define(
      'flywheel_serving_requests_total',
      'counter',
      'Prediction requests answered, by model, version, route and status.',
    );
    this.define(
      'flywheel_serving_request_duration_seconds',
      'histogram',
      'Request latency in seconds, by model, version and route.',
      LATENCY_BUCKETS,
    );
    this.define(
      'flywheel_serving_batch_size',
      'histogram',
      'Rows per executed batch, by model and version.',
      BATCH_BUCKETS,
    );
    this.define(
      'flywheel_serving_queue_depth',
      'gauge',
      'Rows waiting in the batch queue, by model and version.',
    );
    this.define('flywheel_serving_swaps_total', 'counter', 'Version swaps attempted, by model and result.');
    this.define('flywheel_serving_errors_total', 'counter', 'Failed requests, by model and error code.');
    this.define(
      'flywheel_serving_features_imputed_total',
      'counter',
      'Rows answered without an optional feature (absent from the request, scored as a missing value), by model and feature.',
    );
    this.define('flywheel_serving_shadow_errors_total', 'counter', 'Failed shadow predictions, by model.');
    this.define(
      'flywheel_serving_prediction_log_dropped_total',
      'counter',
      'Prediction log records dropped (buffer full or store down).',
    );
    this.define(
      'flywheel_serving_prediction_log_written_total',
      'counter',
      'Prediction log records written to the store.',
    );
    this.define(
      'flywheel_server_requests_refused_total',
      'counter',
      'Requests the server refused before routing them: a Host it does not answer for, or a client over its rate limit.',
    );
  }

  private define(name: string, type: Family['type'], help: string, buckets?: number[]): void {
    this.families.set(name, { name, help, type, buckets, series: new Map() });
  }

  private series(name: string, labels: Labels): Series {
    const family = this.families.get(name);
    if (!family) throw new Error(`unknown metric ${name}`);
    const key = Object.values(labels).join('\u0000');
    let s = family.series.get(key);
    if (!s) {
      s = { labels: { ...labels }, value: 0 };
      if (family.buckets) {
        s.counts = new Float64Array(family.buckets.length);
        s.sum = 0;
      }
      family.series.set(key, s);
    }
    return s;
  }

  /** Add to a counter. */
  inc(name: string, labels: Labels = {}, by = 1): void {
    this.series(name, labels).value += by;
  }

  /** Set a gauge. */
  set(name: string, labels: Labels, value: number): void {
    this.series(name, labels).value = value;
  }

  /** Record one observation in a histogram. */
  observe(name: string, labels: Labels, value: number): void {
    const s = this.series(name, labels);
    const buckets = this.families.get(name)?.buckets ?? [];
    s.value += 1;
    s.sum = (s.sum ?? 0) + value;
    for (let i = 0; i < buckets.length; i++) if (value <= buckets[i]!) s.counts![i]! += 1;
  }

  /** A series resolved once, for the hot path: `inc` for counters, `observe` for histograms. */
  handle(name: string, labels: Labels): Handle {
    const s = this.series(name, labels);
    const buckets = this.families.get(name)?.buckets ?? [];
    return {
      inc: (by = 1) => {
        s.value += by;
      },
      observe: (value) => {
        s.value += 1;
        s.sum = (s.sum ?? 0) + value;
        for (let i = buckets.length - 1; i >= 0 && value <= buckets[i]!; i--) s.counts![i]! += 1;
      },
    };
  }

  /** Count a failed request of `model` under its error code (INTERNAL for anything unexpected); returns the error. */
  countError(model: string, error: unknown): unknown {
    const code = error instanceof FlywheelError ? error.code : 'INTERNAL';
    this.inc('flywheel_serving_errors_total', { model, code });
    return error;
  }

  /** The per-request series of one served version's primary route: latency and answered count. */
  requestHandles(model: string, version: number): { duration: Handle; ok: Handle } {
    const labels = { model, version: String(version), route: 'primary' };
    return {
      duration: this.handle('flywheel_serving_request_duration_seconds', labels),
      ok: this.handle('flywheel_serving_requests_total', { ...labels, status: 'ok' }),
    };
  }

  /** The current value of a counter or gauge (tests, health). */
  value(name: string, labels: Labels = {}): number {
    return this.families.get(name)?.series.get(Object.values(labels).join('\u0000'))?.value ?? 0;
  }

  /**
   * Run `fn` before every `render`, to set series whose values live elsewhere (counts kept by
   * another layer).
   */
  collect(fn: () => void): void {
    this.collectors.push(fn);
  }

  /** The exposition text. */
  render(): string {
    for (const fn of this.collectors) fn();
    const out: string[] = [];
    for (const f of this.families.values()) {
      out.push(`# HELP ${f.name} ${f.help}`, `# TYPE ${f.name} ${f.type}`);
      for (const s of f.series.values()) {
        if (f.type !== 'histogram') {
          out.push(`${f.name}${labelText(s.labels)} ${formatNumber(s.value)}`);
          continue;
        }
        f.buckets!.forEach((b, i) => {
          out.push(`${f.name}_bucket${labelText(s.labels, ['le', formatNumber(b)])} ${s.counts![i]}`);
        });
        out.push(`${f.name}_bucket${labelText(s.labels, ['le', '+Inf'])} ${s.value}`);
        out.push(`${f.name}_sum${labelText(s.labels)} ${formatNumber(s.sum ?? 0)}`);
        out.push(`${f.name}_count${labelText(s.labels)} ${s.value}`);
      }
    }
    return `${out.join('\n')}\n`;
  }
}
