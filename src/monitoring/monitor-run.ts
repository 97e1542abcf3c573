/**
 * `flywheel monitor run`: one pass of the workspace's monitoring (for cron) — every model named in
 * `monitor.models` (or on the command line) is monitored over its prediction log with the
 * configured window, each window flattened into named metrics (`windowMetrics`), every alert rule
 * that applies evaluated over them, and new firings recorded and acted on (log, webhook, exit,
 * retrain; the audit log keeps a firing from repeating on the next pass). A retrain's new run is
 * tagged with the alert's event id, which is how the outcome links the alert to the run.
 * `--watch` repeats the pass on an interval.
 */
import { FlywheelError, type Logger, TAGS } from '../core/index.js';
import type { EventLog } from '../storage/metadata/index.js';
import {
  ALERT_ID_PLACEHOLDER,
  type AlertOccurrence,
  type AlertOutcome,
  alertsFor,
  evaluateRule,
  type InvalidRule,
  invalidRulesError,
  recordAndAct,
  ruleProblem,
} from './alerts/index.js';
import { type MonitorReport, windowMetrics } from './monitor.js';
import type { MonitorConfig } from './monitor-config.js';
import type { MonitorRequest } from './monitor-service.js';

/** What one pass reports per model. */
export interface MonitoredModelResult {
  model: string;
  windows: number;
  firstDrift: number | null;
  /** The metrics of the newest window. */
  latest: Record<string, number | null> | null;
  /** New alerts (acted on) and repeats of earlier ones (not acted on again). */
  alerts: Array<AlertOutcome & { rule: string; value: number; windowIndex: number; runs: string[] }>;
  /** Rules whose metric no window has yet (a performance metric waiting for labels). */
  warnings: string[];
  /** Set when the model could not be monitored (no log yet, no reference): the pass goes on. */
  error?: { code: string; message: string };
}

/** One pass over all monitored models. */
export interface MonitorRunReport {
  time: string;
  models: MonitoredModelResult[];
  /** New alerts in this pass. */
  fired: number;
  /** True when a new alert has the `exit` action: the CLI exits non-zero. */
  exit: boolean;
}

/** What a pass uses. */
export interface MonitorRunDeps {
  config: MonitorConfig;
  root: string;
  logger: Logger;
  events: EventLog;
  monitor(request: MonitorRequest): Promise<MonitorReport>;
  /** Runs tagged `flywheel.alert` = the alert's event id (the retrains it started). */
  runsOfAlert(eventId: number): Promise<string[]>;
}

/** Run one monitoring pass. */
export async function monitorOnce(
  deps: MonitorRunDeps,
  models: readonly string[] = [],
): Promise<MonitorRunReport> {
  const { config } = deps;
  const names = models.length > 0 ? [...models] : config.models;
  if (names.length === 0) {
    throw new FlywheelError('USAGE', 'no model to monitor', {
      hint: 'Name models (flywheel monitor run churn) or list them under monitor.models in flywheel.yaml.',
    });
  }
  // Every model is monitored and every rule checked before anything is recorded or acted on: a
  // rule that cannot be evaluated is a config error for the whole pass (exit 78), not a warning.
  const passes: ModelPass[] = [];
  for (const model of names) passes.push(await evaluateModel(deps, model));
  const invalid = passes.flatMap((p) => p.invalid);
  if (invalid.length > 0) throw invalidRulesError(invalid);
  const results: MonitoredModelResult[] = [];
  for (const pass of passes) results.push(await actOn(deps, pass));
  const fresh = results.flatMap((r) => r.alerts.filter((a) => !a.duplicate));
  return {
    time: new Date().toISOString(),
    models: results,
    fired: fresh.length,
    exit: fresh.some((a) => a.exit),
  };
}

/** One model's windows and rule evaluations, before anything is acted on. */
interface ModelPass {
  result: MonitoredModelResult;
  occurrences: AlertOccurrence[];
  invalid: InvalidRule[];
}

async function evaluateModel(deps: MonitorRunDeps, model: string): Promise<ModelPass> {
  const name = model.split(/[:@]/)[0]!;
  let report: MonitorReport;
  try {
    report = await deps.monitor({
      model,
      window: deps.config.window,
      minLabels: deps.config.min_labels,
    });
  } catch (error) {
    if (!(error instanceof FlywheelError)) throw error;
    deps.logger.warn('monitor: model skipped', { model, code: error.code, error: error.message });
    const result = { model, windows: 0, firstDrift: null, latest: null, alerts: [], warnings: [] };
    return {
      result: { ...result, error: { code: error.code, message: error.message } },
      occurrences: [],
      invalid: [],
    };
  }
  const windows = report.windows.map((w, index) => ({
    index,
    start: w.start,
    end: w.end,
    values: windowMetrics(w),
  }));
  const warnings: string[] = [];
  const occurrences: AlertOccurrence[] = [];
  const invalid: InvalidRule[] = [];
  for (const alert of alertsFor(deps.config, name)) {
    const evaluation = evaluateRule(alert.condition, windows);
    if (evaluation.unknownMetric) {
      const problem = ruleProblem(alert.condition, evaluation.unknownMetric, windows);
      if (problem.kind === 'invalid') invalid.push({ alert, model, message: problem.message });
      else warnings.push(`alert "${alert.name}": ${problem.message}`);
    }
    for (const firing of evaluation.firings) occurrences.push({ alert, model: name, firing });
  }
  const result: MonitoredModelResult = {
    model,
    windows: report.windows.length,
    firstDrift: report.firstDrift,
    latest: windows.at(-1)?.values ?? null,
    alerts: [],
    warnings,
  };
  return { result, occurrences, invalid };
}

async function actOn(deps: MonitorRunDeps, pass: ModelPass): Promise<MonitoredModelResult> {
  const { occurrences } = pass;
  const outcomes = await recordAndAct(occurrences, {
    events: deps.events,
    monitor: deps.config,
    root: deps.root,
    logger: deps.logger,
  });
  const alerts = await Promise.all(
    outcomes.map(async (o, i) => ({
      ...o,
      rule: occurrences[i]!.alert.rule,
      value: occurrences[i]!.firing.value,
      windowIndex: occurrences[i]!.firing.window.index,
      runs: occurrences[i]!.alert.actions.includes('retrain') ? await deps.runsOfAlert(o.eventId) : [],
    })),
  );
  // A retrain that ran but started no run tagged with its alert was not passed the alert.
  const unlinked = alerts.filter(
    (a) => !a.duplicate && a.runs.length === 0 && a.results.some((r) => r.action === 'retrain' && r.ok),
  );
  const warnings = unlinked.map(
    (a) =>
      `alert "${a.alert}": the retrain command ran but no run is tagged ${TAGS.alert}=${a.eventId}; give flywheel train --alert ${ALERT_ID_PLACEHOLDER} (in monitor.retrain.command, or passed on by your script)`,
  );
  return { ...pass.result, alerts, warnings: [...pass.result.warnings, ...warnings] };
}

/**
 * `monitor run --watch`: a pass now, then one every `intervalMs`, each handed to `onReport`, until
 * `signal` aborts or a pass raises an alert with the `exit` action (resolves true then).
 */
export async function watchMonitor(
  pass: () => Promise<MonitorRunReport>,
  options: { intervalMs: number; signal?: AbortSignal; onReport(report: MonitorRunReport): void },
): Promise<boolean> {
  const { signal } = options;
  while (!signal?.aborted) {
    const report = await pass();
    options.onReport(report);
    if (report.exit) return true;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, options.intervalMs);
      function done() {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done);
    });
  }
  return false;
}
