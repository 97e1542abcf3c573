/** evaluation/metrics: classification, ranking, probabilistic and regression metrics; operating points. */
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
export { chooseThreshold, type OperatingPoint, type OperatingTarget, wilsonInterval } from './threshold.js';
export type { Numbers } from './weights.js';
