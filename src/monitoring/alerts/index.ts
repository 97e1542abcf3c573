/**
 * The alert engine: `monitor.alerts` rules, evaluated over per-window metrics (one firing per episode,
 * deduplicated across runs through the audit log), and the actions a firing takes (log, webhook,
 * exit, retrain).
 */
export { ALERT_ID_PLACEHOLDER } from './alert-actions.js';
export { type InvalidRule, invalidRulesError, ruleProblem } from './alert-check.js';
export {
  ALERT_METRICS,
  type AlertMetricName,
  type AlertRule,
  checkRuleMetric,
  compareRule,
  formatRule,
  metricKey,
  parseRule,
  RULE_OPERATORS,
  type RuleOperator,
} from './alert-rule.js';
export {
  type ActionContext,
  type ActionResult,
  ALERT_LOG_DIR,
  type AlertActionDeps,
  type AlertDeps,
  type AlertFiring,
  type AlertOccurrence,
  type AlertOutcome,
  alertSubject,
  alertsFor,
  evaluateRule,
  type RuleEvaluation,
  recordAndAct,
  runAlertActions,
  type StreakWindow,
  type UnknownMetric,
  type WindowMetrics,
  webhookBody,
} from './alerts.js';
