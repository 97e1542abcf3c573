/** The scores logged at the end of training: on the validation rows when there are some, and on the training rows. */
import { applyLink, type Model, predictedClasses } from '../models/index.js';
import type { FamilyInput } from './family.js';
import { accuracy, logLoss, r2, rmse, rocAuc } from './metrics.js';

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
  if (task === 'regression') return { [`${prefix}_rmse`]: rmse(y, values), [`${prefix}_r2`]: r2(y, values) };
  const prediction = { task, classes: model.schema.output.classes, rowCount: n, width: K, values };
  const out: Record<string, number> = {
    [`${prefix}_accuracy`]: accuracy(y, predictedClasses(prediction)),
    [`${prefix}_logloss`]: logLoss(y, values, K),
  };
  if (task === 'binary') out[`${prefix}_auc`] = rocAuc(y, values);
  return out;
}
