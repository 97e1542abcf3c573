/**
 * The scores logged at the end of training, on the validation rows when there are some and on the
 * training rows. They come from the one metrics module (src/metrics), the functions `flywheel eval`
 * reports with, so a run's `valid_auc` and an evaluation's `roc_auc` on the same rows are equal.
 */
import { FlywheelError } from '../core/index.js';
import {
  accuracy,
  logLossBinary,
  logLossMulticlass,
  r2Score,
  rocAuc,
  rootMeanSquaredError,
} from '../metrics/index.js';
import { applyLink, type Model, predictedClasses } from '../models/index.js';
import type { FamilyInput } from './family.js';

/** `train_*` and `valid_*` scores: AUC (binary), accuracy and log loss for classifiers; RMSE and R² for regression. */
export function finalMetrics(
  model: Model,
  train: FamilyInput,
  yTrain: Float64Array,
  valid: FamilyInput['valid'],
  yValid: Float64Array | null,
  K: number,
): Record<string, number> {
  const out: Record<string, number> = {};
  Object.assign(out, scoresOf(model, train.X, train.n, yTrain, K, 'train'));
  if (valid !== null && yValid !== null)
    Object.assign(out, scoresOf(model, valid.X, valid.n, yValid, K, 'valid'));
  return out;
}

function scoresOf(
  model: Model,
  X: Float64Array,
  n: number,
  y: Float64Array,
  K: number,
  prefix: string,
): Record<string, number> {
  const raw = new Float64Array(n * model.scorer.outputs);
  model.scorer.scoreBatch(X, n, raw);
  const values = applyLink(model.link, raw, n, model.scorer.outputs);
  const task = model.schema.output.task;
  if (task === 'regression') {
    return {
      [`${prefix}_rmse`]: orNaN(() => rootMeanSquaredError(y, values)),
      [`${prefix}_r2`]: orNaN(() => r2Score(y, values)),
    };
  }
  const prediction = { task, classes: model.schema.output.classes, rowCount: n, width: K, values };
  const out: Record<string, number> = {
    [`${prefix}_accuracy`]: orNaN(() => accuracy(y, predictedClasses(prediction))),
    [`${prefix}_logloss`]: orNaN(() =>
      K === 1 ? logLossBinary(y, values) : logLossMulticlass(y, columns(values, n, K)),
    ),
  };
  if (task === 'binary') out[`${prefix}_auc`] = orNaN(() => rocAuc(y, values));
  return out;
}

/**
 * A metric, or NaN where it is undefined on these rows (one class only, a diverged model's
 * non-finite scores): a run logs NaN and finishes, where `flywheel eval` refuses with the reason.
 */
function orNaN(metric: () => number): number {
  try {
    return metric();
  } catch (error) {
    if (error instanceof FlywheelError && error.code === 'DATA_INVALID') return Number.NaN;
    throw error;
  }
}

/** Row-major class probabilities (n × K) as one column per class. */
function columns(values: Float64Array, n: number, K: number): Float64Array[] {
  const out = Array.from({ length: K }, () => new Float64Array(n));
  for (let r = 0; r < n; r++) for (let k = 0; k < K; k++) out[k]![r] = values[r * K + k]!;
  return out;
}
