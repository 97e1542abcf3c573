/**
 * Monitoring alerts: `monitor.alerts` rules in flywheel.yaml evaluated over per-window metrics,
 * one firing per episode (the condition held for N consecutive windows, and fires again only after
 * it was false in between), deduplicated across runs through the audit log so a cron job does not
 * repeat an alert, and acted on (log, webhook, exit, retrain; see alert-actions.ts).
 */
import { closestName } from '../../core/index.js';
import { modelSubject } from '../../registry/index.js';
import type { EventLog } from '../../storage/metadata/index.js';
import type { MonitorAlert, MonitorConfig } from '../monitor-config.js';
import { type ActionResult, type AlertActionDeps, runAlertActions } from './alert-actions.js';
import { type AlertRule, compareRule, metricKey } from './alert-rule.js';

export {
  type ActionContext,
  type ActionResult,
  ALERT_LOG_DIR,
  type AlertActionDeps,
  runAlertActions,
  webhookBody,
} from './alert-actions.js';
export {
  type AlertRule,
  formatRule,
  metricKey,
  parseRule,
  RULE_OPERATORS,
  type RuleOperator,
} from './alert-rule.js';

/** The metrics of one window: `drift_share`, `recall`, `drift(age)`, `missing_rate(age)` … (null: not available). */
export interface WindowMetrics {
  index: number;
  start: string;
  end: string;
  values: Record<string, number | null | undefined>;
}

/** One window of a firing's streak, with the metric's value in it. */
export interface StreakWindow {
  index: number;
  start: string;
  end: string;
  value: number;
}

/** A rule that fired: at `window`, after the condition held over every window of `streak`. */
export interface AlertFiring {
  /** The metric key, e.g. `drift_share` or `drift(age)`. */
  metric: string;
  op: AlertRule['op'];
  threshold: number;
  /** The metric's value in the firing window. */
  value: number;
  window: { index: number; start: string; end: string };
  /** The consecutive windows that made it, oldest first (the last is `window`). */
  streak: StreakWindow[];
}

/** A metric no window had at all (likely a typo), with the metrics they did have. */
export interface UnknownMetric {
  metric: string;
  known: string[];
  suggestion: string | undefined;
}

/** What evaluating one rule over a series of windows found. */
export interface RuleEvaluation {
  firings: AlertFiring[];
  /** Set when no window has the metric at all (a null value counts as present). */
  unknownMetric: UnknownMetric | undefined;
}

/** Evaluate `rule` over `windows` (oldest first); a missing or null value breaks a streak without firing. */
export function evaluateRule(rule: AlertRule, windows: readonly WindowMetrics[]): RuleEvaluation {
  const key = metricKey(rule);
  const firings: AlertFiring[] = [];
  let streak: StreakWindow[] = [];
  let fired = false;
  let present = false;
  for (const w of windows) {
    if (Object.hasOwn(w.values, key)) present = true;
    const value = w.values[key];
    if (typeof value !== 'number' || Number.isNaN(value) || !compareRule(value, rule.op, rule.value)) {
      streak = [];
      fired = false;
      continue;
    }
    streak.push({ index: w.index, start: w.start, end: w.end, value });
    if (!fired && streak.length >= rule.windows) {
      fired = true;
      firings.push({
        metric: key,
        op: rule.op,
        threshold: rule.value,
        value,
        window: { index: w.index, start: w.start, end: w.end },
        streak: streak.slice(-rule.windows),
      });
    }
  }
  return {
    firings,
    unknownMetric: present || windows.length === 0 ? undefined : unknownMetric(key, windows),
  };
}

function unknownMetric(metric: string, windows: readonly WindowMetrics[]): UnknownMetric {
  const known = [...new Set(windows.flatMap((w) => Object.keys(w.values)))].sort();
  return { metric, known, suggestion: closestName(known, metric) };
}

/** The alerts of `monitor` that apply to `model` (those naming it, and those naming no model). */
export function alertsFor(monitor: Pick<MonitorConfig, 'alerts'>, model: string): MonitorAlert[] {
  return monitor.alerts.filter((a) => a.model === undefined || a.model === model);
}

/** A firing of one configured alert for one model, as `recordAndAct` takes it. */
export interface AlertOccurrence {
  alert: MonitorAlert;
  model: string;
  firing: AlertFiring;
}

/** Everything `recordAndAct` needs: the audit log plus what the actions need. */
export interface AlertDeps extends AlertActionDeps {
  events: EventLog;
  /** The clock (ms since the epoch); defaults to Date.now. */
  now?: () => number;
}

/** What happened to one occurrence. */
export interface AlertOutcome {
  alert: string;
  model: string;
  windowStart: string;
  /** True when an earlier run already recorded this (alert, model, window start): nothing was done. */
  duplicate: boolean;
  /** The `alert` event's id (the earlier one's for a duplicate). */
  eventId: number;
  results: ActionResult[];
  /** True when an `exit` action ran: the CLI should end with a non-zero code. */
  exit: boolean;
}

/** The audit-log subject alerts of `model` are recorded under: the model's own (`models history`). */
export function alertSubject(model: string): string {
  return modelSubject(model);
}

/**
 * Record each new occurrence as an `alert` event, run its actions, and record their results as an
 * `alert.actions` event (`data.alert_event` = the alert event's id). An occurrence whose
 * (alert, model, window start) is already in the log is skipped.
 */
export async function recordAndAct(
  occurrences: readonly AlertOccurrence[],
  deps: AlertDeps,
): Promise<AlertOutcome[]> {
  const now = deps.now ?? Date.now;
  const recorded = new Map<string, Map<string, number>>();
  const outcomes: AlertOutcome[] = [];
  for (const { alert, model, firing } of occurrences) {
    const subject = alertSubject(model);
    let seen = recorded.get(subject);
    if (!seen) {
      seen = await recordedAlerts(deps.events, subject);
      recorded.set(subject, seen);
    }
    const key = dedupeKey(alert.name, firing.window.start);
    const base = { alert: alert.name, model, windowStart: firing.window.start };
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      outcomes.push({ ...base, duplicate: true, eventId: earlier, results: [], exit: false });
      continue;
    }
    const time = now();
    const eventId = await deps.events.append({
      kind: 'alert',
      subject,
      time,
      data: {
        alert: alert.name,
        rule: alert.rule,
        window_start: firing.window.start,
        window_end: firing.window.end,
        window_index: firing.window.index,
        value: firing.value,
        threshold: firing.threshold,
        actions: alert.actions,
      },
    });
    seen.set(key, eventId);
    const results = await runAlertActions(firing, alert, deps, { model, eventId, time });
    await deps.events.append({
      kind: 'alert.actions',
      subject,
      time: now(),
      data: { alert_event: eventId, alert: alert.name, results },
    });
    outcomes.push({ ...base, duplicate: false, eventId, results, exit: results.some((r) => r.exit) });
  }
  return outcomes;
}

function dedupeKey(alert: string, windowStart: string): string {
  return JSON.stringify([alert, windowStart]);
}

/** (alert, window start) → event id of the alerts already recorded for `subject`. */
async function recordedAlerts(events: EventLog, subject: string): Promise<Map<string, number>> {
  const seen = new Map<string, number>();
  for (const e of await events.list({ subject, kind: 'alert' })) {
    const { alert, window_start } = e.data;
    if (typeof alert === 'string' && typeof window_start === 'string') {
      seen.set(dedupeKey(alert, window_start), e.id);
    }
  }
  return seen;
}
