/**
 * metrics: every metric Flywheel reports — classification, ranking, probabilistic and regression —
 * equal to scikit-learn. Training's logged scores (`train_auc`, `valid_logloss`, …) and `flywheel
 * eval`'s come from these functions; the module depends on core only, so the models, training,
 * evaluation and monitoring layers can all use it.
 */
export {
  type Average,
  accuracy,
  balancedAccuracy,
  type ClassReport,
  classReport,
  confusionMatrix,
  precisionRecallF,
} from './classification.js';
export {
  brierScore,
  logLossBinary,
  logLossMulticlass,
  type ReliabilityCurve,
  reliabilityCurve,
} from './probabilistic.js';
export {
  averagePrecision,
  precisionRecallCurve,
  rocAuc,
  rocAucOvr,
  rocCurve,
  type ThresholdCounts,
  thresholdCounts,
} from './ranking.js';
export {
  meanAbsoluteError,
  meanAbsolutePercentageError,
  quantileLoss,
  r2Score,
  rootMeanSquaredError,
} from './regression.js';
export type { Numbers } from './weights.js';
