/**
 * Rules that cannot be evaluated. flywheel.yaml refuses a rule naming a metric no window ever has
 * (alert-rule.ts: ALERT_METRICS); what only the model's windows tell is checked here, once a
 * pass has them: a column the model does not have (`drift(agee)`), or a metric of the other task
 * (`recall` for a regression model). Those are config errors (a cron job must notice), not warnings;
 * a performance metric that only waits for labels to arrive stays a warning.
 */
import { closestName, FlywheelError } from '../../core/index.js';
import type { MonitorAlert } from '../monitor-config.js';
import { ALERT_METRICS, type AlertMetricName, type AlertRule } from './alert-rule.js';
import type { UnknownMetric, WindowMetrics } from './alerts.js';

/** Why a rule's metric is in no window: it never can be (`invalid`), or labels have not arrived (`waiting`). */
export interface RuleProblem {
  kind: 'invalid' | 'waiting';
  message: string;
}

const COLUMN_KEY = /^([a-z_]+)\((.*)\)$/;

/** Judge a rule whose metric no window has (`unknown`, from evaluateRule) against those windows. */
export function ruleProblem(
  rule: Pick<AlertRule, 'metric' | 'column'>,
  unknown: UnknownMetric,
  windows: readonly WindowMetrics[],
): RuleProblem {
  const keys = unknown.known;
  const info = Object.hasOwn(ALERT_METRICS, rule.metric)
    ? ALERT_METRICS[rule.metric as AlertMetricName]
    : undefined;
  const near = (names: string[], name: string) => {
    const s = closestName(names, name);
    return s === undefined ? '' : ` (did you mean "${s}"?)`;
  };
  if (info === undefined) {
    return {
      kind: 'invalid',
      message: `no window has the metric "${rule.metric}"${near(keys, rule.metric)}`,
    };
  }
  if (rule.column !== undefined) {
    const columns = [...new Set(keys.map((k) => COLUMN_KEY.exec(k)?.[2]).filter((c) => c !== undefined))];
    const shown = columns.slice(0, 12).join(', ') + (columns.length > 12 ? ', …' : '');
    return {
      kind: 'invalid',
      message: `the model has no column "${rule.column}"${near(columns, rule.column)}; its columns: ${shown}`,
    };
  }
  const other = info.group === 'classification' ? 'regression' : 'classification';
  if ((info.group === 'classification' || info.group === 'regression') && hasGroup(windows, other)) {
    const own = keys.filter((k) => groupOf(k) === other);
    return {
      kind: 'invalid',
      message: `"${rule.metric}" is a ${info.group} metric and the model's task is ${other} (its metrics: ${own.join(', ')})`,
    };
  }
  return {
    kind: 'waiting',
    message: `no window has "${rule.metric}" yet: it needs delayed labels (monitor.min_labels per window)`,
  };
}

function groupOf(key: string): string | undefined {
  return Object.hasOwn(ALERT_METRICS, key) ? ALERT_METRICS[key as AlertMetricName].group : undefined;
}

function hasGroup(windows: readonly WindowMetrics[], group: string): boolean {
  return windows.some((w) =>
    Object.entries(w.values).some(([k, v]) => typeof v === 'number' && groupOf(k) === group),
  );
}

/** One rule that cannot be evaluated, for one model. */
export interface InvalidRule {
  alert: MonitorAlert;
  model: string;
  message: string;
}

/** The config error for rules that cannot be evaluated: the first named with its file:line, all in details. */
export function invalidRulesError(invalid: readonly InvalidRule[]): FlywheelError {
  const first = invalid[0]!;
  const at = first.alert.where ? `${first.alert.where.file}:${first.alert.where.line}: ` : '';
  const more = invalid.length > 1 ? ` (and ${invalid.length - 1} more rule(s))` : '';
  return new FlywheelError(
    'CONFIG_INVALID',
    `${at}alert "${first.alert.name}" (${first.alert.rule}) cannot be evaluated for ${first.model}: ${first.message}${more}`,
    {
      where: first.alert.where && { ...first.alert.where, path: 'monitor.alerts' },
      hint: 'Fix the rule in flywheel.yaml; nothing was recorded or acted on in this pass. docs/monitoring.md lists the metrics a rule may name.',
      details: {
        rules: invalid.map((r) => ({
          alert: r.alert.name,
          rule: r.alert.rule,
          model: r.model,
          problem: r.message,
          ...(r.alert.where ? { line: r.alert.where.line } : {}),
        })),
      },
    },
  );
}
