/**
 * The alert rule language of `monitor.alerts[].rule` in flywheel.yaml:
 * `METRIC OP NUMBER [for N window(s)]`, e.g. `drift_share >= 0.3 for 2 windows`, `recall < 0.9`,
 * `missing_rate(age) > 0.05`. The `monitor:` section (monitor-config.ts) checks each rule while
 * flywheel.yaml is read, so a typo is a config error at its line.
 */
import { closestName, FlywheelError } from '../../core/index.js';

/** The comparison operators a rule may use. */
export const RULE_OPERATORS = ['>=', '>', '<=', '<', '==', '!='] as const;
/** A comparison operator. */
export type RuleOperator = (typeof RULE_OPERATORS)[number];

/** A parsed rule: fire when `metric(column) op value` has held for `windows` consecutive windows. */
export interface AlertRule {
  metric: string;
  column?: string;
  op: RuleOperator;
  value: number;
  windows: number;
}

const HINT =
  'Write METRIC OP NUMBER [for N windows], e.g. "drift_share >= 0.3 for 2 windows", "recall < 0.9" ' +
  'or "missing_rate(age) > 0.05"; OP is one of >=, >, <=, <, ==, !=.';

const METRIC = /^([A-Za-z_][A-Za-z0-9_.]*)(?:\s*\(\s*([^()]*?)\s*\))?\s*/;
const OPERATOR = /^(>=|<=|==|!=|>|<)\s*/;
const NUMBER = /^([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)(?=\s|$)\s*/;
const FOR_WINDOWS = /^for\s+(\d+)\s+windows?\s*$/i;

/** Parse rule text; throws INVALID_ARGUMENT saying which part is wrong. */
export function parseRule(text: string): AlertRule {
  const fail = (why: string): never => {
    throw new FlywheelError('INVALID_ARGUMENT', `invalid alert rule "${text}": ${why}`, { hint: HINT });
  };
  let rest = text.trim();
  const metric = METRIC.exec(rest);
  if (!metric) return fail('it must start with a metric name such as drift_share or recall');
  if (metric[2] === '') fail(`"${metric[1]}()" names no column`);
  rest = rest.slice(metric[0].length);
  const op = OPERATOR.exec(rest);
  if (!op) {
    const near = /^(=>|=<|=|<>)/.exec(rest)?.[1];
    const fix = { '=>': '>=', '=<': '<=', '=': '==', '<>': '!=' }[near ?? ''];
    return fail(
      fix ? `"${near}" is not an operator, write "${fix}"` : `expected an operator after "${metric[1]}"`,
    );
  }
  rest = rest.slice(op[0].length);
  const number = NUMBER.exec(rest);
  if (!number) return fail(`expected a number after "${op[1]}"`);
  rest = rest.slice(number[0].length);
  let windows = 1;
  if (rest !== '') {
    const w = FOR_WINDOWS.exec(rest);
    if (!w) return fail(`expected "for N windows" or the end after "${number[1]}", found "${rest}"`);
    windows = Number(w[1]);
    if (windows < 1) fail('the window count must be at least 1');
  }
  const rule: AlertRule = {
    metric: metric[1]!,
    op: op[1] as RuleOperator,
    value: Number(number[1]),
    windows,
  };
  if (metric[2] !== undefined) rule.column = metric[2];
  return rule;
}

/**
 * The metrics a window has, by name: what a rule may name. The monitoring module builds each
 * window's values with these names (`windowMetrics`, checked against this list by its tests).
 * `column`: whether the metric takes a column (`drift(age)`): always, never, or either.
 */
export const ALERT_METRICS = {
  rows: { column: 'never', group: 'window' },
  drift_share: { column: 'never', group: 'window' },
  drifted_columns: { column: 'never', group: 'window' },
  dataset_drift: { column: 'never', group: 'window' },
  missing_rate: { column: 'either', group: 'window' },
  prediction_drift: { column: 'never', group: 'window' },
  label_drift: { column: 'never', group: 'window' },
  drift: { column: 'always', group: 'column' },
  drift_statistic: { column: 'always', group: 'column' },
  labelled: { column: 'never', group: 'labels' },
  label_coverage: { column: 'never', group: 'labels' },
  accuracy: { column: 'never', group: 'classification' },
  precision: { column: 'never', group: 'classification' },
  recall: { column: 'never', group: 'classification' },
  f1: { column: 'never', group: 'classification' },
  roc_auc: { column: 'never', group: 'classification' },
  mae: { column: 'never', group: 'regression' },
  rmse: { column: 'never', group: 'regression' },
  r2: { column: 'never', group: 'regression' },
  estimated_accuracy: { column: 'never', group: 'classification' },
  estimated_precision: { column: 'never', group: 'classification' },
  estimated_recall: { column: 'never', group: 'classification' },
  estimated_f1: { column: 'never', group: 'classification' },
  estimated_roc_auc: { column: 'never', group: 'classification' },
} as const satisfies Record<string, { column: 'never' | 'always' | 'either'; group: string }>;

/** A metric a rule may name. */
export type AlertMetricName = keyof typeof ALERT_METRICS;

/**
 * Check that a parsed rule names a metric windows have (with a column where it takes one):
 * throws INVALID_ARGUMENT with the closest name, so a typo is refused when flywheel.yaml is read
 * instead of never firing.
 */
export function checkRuleMetric(rule: Pick<AlertRule, 'metric' | 'column'>): void {
  const names = Object.keys(ALERT_METRICS);
  const info = Object.hasOwn(ALERT_METRICS, rule.metric)
    ? ALERT_METRICS[rule.metric as AlertMetricName]
    : undefined;
  const fail = (why: string, hint: string): never => {
    throw new FlywheelError('INVALID_ARGUMENT', `alert rule on "${metricKey(rule)}": ${why}`, { hint });
  };
  if (info === undefined) {
    const near = closestName(names, rule.metric);
    fail(
      `unknown metric "${rule.metric}"${near ? ` (did you mean "${near}"?)` : ''}`,
      `A rule names one of: ${names.join(', ')} (docs/monitoring.md).`,
    );
  } else if (info.column === 'always' && rule.column === undefined) {
    fail(`${rule.metric} needs a column`, `Write ${rule.metric}(COLUMN), e.g. ${rule.metric}(age).`);
  } else if (info.column === 'never' && rule.column !== undefined) {
    fail(
      `${rule.metric} takes no column`,
      `Write ${rule.metric} alone; the per-column metrics are drift, drift_statistic and missing_rate.`,
    );
  }
}

/** The key a rule's metric has in a window's values: `recall` or `drift(age)`. */
export function metricKey(rule: Pick<AlertRule, 'metric' | 'column'>): string {
  return rule.column === undefined ? rule.metric : `${rule.metric}(${rule.column})`;
}

/** A rule written back as canonical text. */
export function formatRule(rule: AlertRule): string {
  const base = `${metricKey(rule)} ${rule.op} ${rule.value}`;
  return rule.windows === 1 ? base : `${base} for ${rule.windows} windows`;
}

/** Whether `value op threshold` holds. */
export function compareRule(value: number, op: RuleOperator, threshold: number): boolean {
  switch (op) {
    case '>=':
      return value >= threshold;
    case '>':
      return value > threshold;
    case '<=':
      return value <= threshold;
    case '<':
      return value < threshold;
    case '==':
      return value === threshold;
    case '!=':
      return value !== threshold;
  }
}
