/**
 * The monitoring module: drift statistics whose numbers match scipy's (KS with exact and
 * asymptotic p-values, chi-square, two-proportion z, PSI, KL, Jensen–Shannon, Hellinger,
 * normalised Wasserstein, L-infinity), the per-column automatic choice with thresholds per
 * column, kind and globally, multiple-testing corrections, dataset, label and prediction drift,
 * a multivariate detector (PCA reconstruction error), HTML reports, and the streaming detectors
 * ADWIN and Page–Hinkley; realized performance from delayed feedback labels and the label-free
 * CBPE estimate.
 */
export { Adwin, type AdwinOptions } from './adwin.js';
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
export { chiSquareTest, type TestResult, twoProportionZTest } from './categorical-tests.js';
export {
  type CbpeEstimate,
  type CbpeOptions,
  estimatePerformance,
  expectedConfusion,
  expectedRocAuc,
  type ScoredRows,
} from './cbpe.js';
export {
  type ColumnDrift,
  type ColumnHistogram,
  type ColumnStatistics,
  categoricalStatistics,
  columnStatistics,
  isDrift,
  methodScore,
  numericStatistics,
} from './column-drift.js';
export { adjustPValues, type Correction } from './correction.js';
export {
  compareWithReference,
  type DriftReport,
  driftTables,
  type PreparedReference,
  prepareReference,
} from './dataset-drift.js';
export {
  hellinger,
  jensenShannon,
  klDivergence,
  lInfinity,
  normalisedWasserstein,
  psi,
  SHARE_FLOOR,
  toShares,
} from './distances.js';
export {
  type CategoryCounts,
  categoryCounts,
  type NumericColumn,
  type PreparedColumn,
  prepareCurrentColumn,
  prepareReferenceColumn,
} from './drift-columns.js';
export { type DriftHtmlOptions, renderDriftHtml } from './drift-html.js';
export {
  autoMethod,
  CORRECTIONS,
  DRIFT_METHODS,
  type DriftKind,
  type DriftMethod,
  type DriftOptions,
  type DriftOptionsInput,
  driftOptionsSchema,
  METHODS,
  type MethodInfo,
  parseDriftOptions,
} from './drift-options.js';
export {
  createMonitoring,
  type DataDriftReport,
  type DriftDeps,
  driftData,
  type MonitoringOperations,
} from './drift-service.js';
export { kolmogorovSf } from './kolmogorov.js';
export { KS_MAX_EXACT_N, type KsResult, ks2Samp, ksPValue } from './ks.js';
export {
  type MonitorColumn,
  type MonitorOptions,
  type MonitorReport,
  type MonitorWindow,
  monitorLog,
  monitorTraffic,
  windowMetrics,
  windowsOf,
} from './monitor.js';
export {
  type AlertActionName,
  type AlertWhere,
  type MonitorAlert,
  type MonitorConfig,
  monitorSchema,
  monitorSection,
} from './monitor-config.js';
export { featuresByDrift, MAX_COLUMNS } from './monitor-heat.js';
export { renderMonitorHtml } from './monitor-html.js';
export {
  type MonitoredModelResult,
  type MonitorRunDeps,
  type MonitorRunReport,
  monitorOnce,
  watchMonitor,
} from './monitor-run.js';
export { type MonitorDeps, type MonitorRequest, monitorModel } from './monitor-service.js';
export { driftRule, driftText, isTest, windowText } from './monitor-text.js';
export {
  fitReconstruction,
  type MultivariateDrift,
  multivariateDrift,
  type ReconstructionModel,
} from './multivariate.js';
export { PageHinkley, type PageHinkleyOptions } from './page-hinkley.js';
export {
  type PerformanceModel,
  type PerformanceOptions,
  type WindowPerformance,
  windowPerformance,
} from './performance.js';
export { smirnovSf } from './smirnov.js';
export { chiSquareSf, normalSf } from './special.js';
