/** The full metric set of one task, from labels and a model's predicted values. */

import {
  accuracy,
  averagePrecision,
  balancedAccuracy,
  brierScore,
  confusionMatrix,
  logLossBinary,
  logLossMulticlass,
  meanAbsoluteError,
  meanAbsolutePercentageError,
  precisionRecallF,
  r2Score,
  reliabilityCurve,
  rocAuc,
  rocAucOvr,
  rootMeanSquaredError,
} from '../metrics/index.js';
import type { Task } from '../models/index.js';

/** Metric name → value. */
export type MetricValues = Record<string, number>;

/** Predicted values as the models return them: row-major rowCount×width. */
export interface Scores {
  values: Float64Array;
  width: number;
}

/** Which metric ranks models of a task ("higher is better" for all but the error metrics). */
export const PRIMARY_METRIC: Record<Task, string> = {
  binary: 'roc_auc',
  multiclass: 'accuracy',
  regression: 'r2',
};

/** Metrics where lower is better. */
export const LOWER_IS_BETTER = new Set(['log_loss', 'brier', 'ece', 'mae', 'rmse', 'mape']);

/** Every metric of the task; ranking metrics are left out (not NaN) when only one class is present. */
export function computeMetricSet(
  task: Task,
  y: Float64Array,
  s: Scores,
  threshold = 0.5,
  weights?: Float64Array,
): MetricValues {
  if (task === 'regression') {
    return {
      mae: meanAbsoluteError(y, s.values, weights),
      rmse: rootMeanSquaredError(y, s.values, weights),
      r2: r2Score(y, s.values, weights),
      mape: meanAbsolutePercentageError(y, s.values, weights),
    };
  }
  if (task === 'binary') return binaryMetrics(y, s.values, threshold, weights);
  return multiclassMetrics(y, s, weights);
}

function binaryMetrics(
  y: Float64Array,
  p: Float64Array,
  threshold: number,
  weights?: Float64Array,
): MetricValues {
  const pred = p.map((v) => (v >= threshold ? 1 : 0));
  const cm = confusionMatrix(y, pred, 2, weights);
  const prf = precisionRecallF(cm, 'binary');
  const out: MetricValues = {
    accuracy: accuracy(y, pred, weights),
    balanced_accuracy: balancedAccuracy(cm),
    precision: prf.precision,
    recall: prf.recall,
    f1: prf.f,
    log_loss: logLossBinary(y, p, weights),
    brier: brierScore(y, p, weights),
    ece: reliabilityCurve(y, p, 10, weights).ece,
  };
  if (bothClasses(y)) {
    out.roc_auc = rocAuc(y, p, weights);
    out.average_precision = averagePrecision(y, p, weights);
  }
  return out;
}

function multiclassMetrics(y: Float64Array, s: Scores, weights?: Float64Array): MetricValues {
  const n = y.length;
  const k = s.width;
  const proba = Array.from({ length: k }, (_, c) =>
    Float64Array.from({ length: n }, (_, r) => s.values[r * k + c]!),
  );
  const pred = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (proba[c]![r]! > proba[best]![r]!) best = c;
    pred[r] = best;
  }
  const cm = confusionMatrix(y, pred, k, weights);
  const out: MetricValues = {
    accuracy: accuracy(y, pred, weights),
    balanced_accuracy: balancedAccuracy(cm),
    f1_macro: precisionRecallF(cm, 'macro').f,
    f1_weighted: precisionRecallF(cm, 'weighted').f,
    log_loss: logLossMulticlass(y, proba, weights),
  };
  if (new Set(y).size === k) out.roc_auc_ovr = rocAucOvr(y, proba, 'macro', weights);
  return out;
}

function bothClasses(y: Float64Array): boolean {
  let pos = false;
  let neg = false;
  for (const v of y) {
    if (v === 1) pos = true;
    else neg = true;
    if (pos && neg) return true;
  }
  return false;
}
