/** The demo's online steps: serve `churn@production` in-process, send traffic, hot-swap under traffic. */
import { readFileSync } from 'node:fs';
import type { Platform } from '../platform.js';
import type { ServingService } from '../serving/index.js';
import { FEATURES } from './churn-data.js';
import { MODEL, type StepOutcome } from './model-steps.js';

type Row = Record<string, string | number | null>;

/** Feature rows of a generated CSV file (the demo writes them: no quoting, numbers or words). */
export function readFeatureRows(path: string): Row[] {
  const [header, ...lines] = readFileSync(path, 'utf8').trimEnd().split('\n');
  const names = header!.split(',');
  const keep = FEATURES.map((f) => names.indexOf(f));
  return lines.map((line) => {
    const cells = line.split(',');
    const row: Row = {};
    keep.forEach((i, k) => {
      const cell = cells[i] ?? '';
      const value = Number(cell);
      row[FEATURES[k]!] = cell === '' ? null : Number.isFinite(value) ? value : cell;
    });
    return row;
  });
}

/** What a burst of traffic did. */
interface Traffic {
  requests: number;
  failed: number;
  versions: number[];
  meanScore: number;
  p50: number;
  p99: number;
}

/** Send `requests` requests of `size` rows from `rows`, `concurrency` at a time; `during` runs mid-way. */
export async function sendTraffic(
  serving: ServingService,
  rows: Row[],
  options: { requests: number; size: number; concurrency: number; during?: () => Promise<unknown> },
): Promise<Traffic> {
  const latencies: number[] = [];
  const versions = new Set<number>();
  let failed = 0;
  let scoreSum = 0;
  let scored = 0;
  let next = 0;
  const one = async (i: number) => {
    const start = (i * options.size) % Math.max(1, rows.length - options.size);
    const t0 = performance.now();
    try {
      const r = await serving.predict(MODEL, { rows: rows.slice(start, start + options.size) });
      latencies.push(performance.now() - t0);
      versions.add(r.model_version);
      for (const p of r.probabilities ?? []) {
        scoreSum += p[p.length - 1] ?? 0;
        scored++;
      }
    } catch {
      failed++;
    }
  };
  const worker = async () => {
    while (next < options.requests) {
      const i = next++;
      if (options.during && i === Math.floor(options.requests / 2)) await options.during();
      await one(i);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return summarise(
    options.requests,
    failed,
    latencies,
    [...versions],
    scored === 0 ? Number.NaN : scoreSum / scored,
  );
}

/** Versions in the order they first answered; latency quantiles from the sorted latencies. */
function summarise(
  requests: number,
  failed: number,
  latencies: number[],
  versions: number[],
  meanScore: number,
): Traffic {
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { requests, failed, versions, meanScore, p50: at(0.5), p99: at(0.99) };
}

/** Open serving for `churn@production`. */
export async function startServing(
  p: Platform,
  dir: string,
): Promise<{ serving: ServingService; step: StepOutcome }> {
  const serving = await p.serving.serve({ refs: [`${MODEL}@production`], cwd: dir });
  const version = (await p.registry.resolve(`${MODEL}@production`)).version;
  return {
    serving,
    step: {
      figure: `${MODEL}@production (${MODEL}:${version}) served in-process`,
      values: { version, ready: serving.ready },
    },
  };
}

/** Describe a burst of traffic as a step. */
export function trafficStep(t: Traffic, rowsPerRequest: number, label: string): StepOutcome {
  const versions = t.versions.map((v) => `${MODEL}:${v}`).join(' → ');
  return {
    figure: `${t.requests} requests × ${rowsPerRequest} ${label} rows, ${t.failed} failed, p50 ${t.p50.toFixed(1)} ms, p99 ${t.p99.toFixed(1)} ms, mean churn score ${t.meanScore.toFixed(3)} (${versions})`,
    values: {
      requests: t.requests,
      failed: t.failed,
      p50Ms: t.p50,
      p99Ms: t.p99,
      meanScore: t.meanScore,
      versions: t.versions.join(','),
    },
  };
}

/** Move `production` to `version` (with `reason`) while traffic flows; serving follows the alias. */
export async function hotSwap(
  p: Platform,
  serving: ServingService,
  rows: Row[],
  move: { version: number; reason: string } | undefined,
): Promise<StepOutcome> {
  const during = async () => {
    if (!move) return;
    await p.registry.setAlias(MODEL, 'production', move.version, {
      actor: 'flywheel demo',
      reason: move.reason,
    });
    await serving.pollAliases();
  };
  const t = await sendTraffic(serving, rows, { requests: 200, size: 20, concurrency: 8, during });
  const step = trafficStep(t, 20, '2025-H2');
  const swap = t.versions.map((v) => `${MODEL}:${v}`).join(' → ');
  return {
    figure: `${move ? `swapped ${swap}` : 'no swap (gate kept production)'} under ${t.requests} requests, ${t.failed} failed, p99 ${t.p99.toFixed(1)} ms`,
    values: { ...step.values, swapped: move !== undefined && t.versions.length === 2 },
  };
}

/**
 * Monitor the served traffic: flush the server's prediction log and compare each window of 1,000
 * logged rows with the training data; the drifted 2025-H2 traffic must show up in its own windows.
 */
export async function monitorServedTraffic(p: Platform, serving: ServingService): Promise<StepOutcome> {
  await serving.log.flush();
  const report = await p.monitoring.monitor({
    model: MODEL,
    reference: 'churn-clean:1',
    window: '1000',
    columns: [...FEATURES],
  });
  const flagged = report.windows.map((w) => w.drifted);
  const first = report.firstDrift;
  return {
    figure:
      first === null
        ? `no drift in ${report.windows.length} windows of logged traffic`
        : `drift from window ${first} of ${report.windows.length} (1,000 logged rows each; drifted features per window: ${flagged.join(' ')})`,
    values: { windows: report.windows.length, firstDrift: first ?? -1, drifted: flagged.join(' ') },
  };
}

/** The demo's alert rule, written into its flywheel.yaml (the `monitor:` section of docs/config.md). */
export const DEMO_MONITOR_CONFIG = [
  'monitor:',
  '  window: 1000',
  `  models: [${MODEL}]`,
  '  alerts:',
  '    - name: feature-drift',
  '      rule: drift_share >= 0.3 for 2 windows',
  '      actions: [log]',
  '',
].join('\n');

/** `flywheel monitor run`: the alert over the served traffic, and the label-free accuracy estimate. */
export async function alertOnTraffic(p: Platform, serving: ServingService): Promise<StepOutcome> {
  await serving.log.flush();
  const run = await p.monitoring.run([MODEL]);
  const model = run.models[0]!;
  const fired = model.alerts.filter((a) => !a.duplicate);
  const report = await p.monitoring.monitor({ model: `${MODEL}@production`, window: '1000' });
  const estimated = report.windows.map((w) => w.performance?.estimated?.accuracy ?? Number.NaN);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const half = Math.floor(estimated.length / 2);
  const before = mean(estimated.slice(0, half));
  const after = mean(estimated.slice(half));
  const alert = fired[0];
  return {
    figure: `${alert ? `alert ${alert.alert} (${alert.rule}) fired at window ${alert.windowIndex}` : 'no alert fired'}; estimated accuracy without labels (CBPE) ${before.toFixed(3)} before the drift, ${after.toFixed(3)} after`,
    values: {
      alerts: fired.length,
      alertWindow: alert?.windowIndex ?? -1,
      estimatedBefore: before,
      estimatedAfter: after,
    },
  };
}
