/**
 * Classification metrics from labels (integers 0…k-1) and predicted labels, with optional sample
 * weights; the definitions follow scikit-learn (zero_division = 0), against which they are tested.
 */
import { checkInputs, type Numbers, undefinedMetric, weightAt } from './weights.js';

/** A k×k confusion matrix (rows: true class, columns: predicted class), weighted counts. */
export function confusionMatrix(
  yTrue: Numbers,
  yPred: Numbers,
  classes: number,
  weights?: Numbers,
): Float64Array[] {
  const n = checkInputs('confusion matrix', { labels: yTrue, predictions: yPred, weights });
  const m = Array.from({ length: classes }, () => new Float64Array(classes));
  for (let i = 0; i < n; i++) m[yTrue[i]!]![yPred[i]!]! += weightAt(weights, i);
  return m;
}

/** Share of rows predicted right (weighted). */
export function accuracy(yTrue: Numbers, yPred: Numbers, weights?: Numbers): number {
  const n = checkInputs('accuracy', { labels: yTrue, predictions: yPred, weights });
  let right = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const w = weightAt(weights, i);
    total += w;
    if (yTrue[i] === yPred[i]) right += w;
  }
  return right / total;
}

/** Per-class precision, recall, F-beta and support. */
export interface ClassReport {
  precision: Float64Array;
  recall: Float64Array;
  f: Float64Array;
  support: Float64Array;
}

/** Precision, recall and F-beta per class from a confusion matrix (0 where undefined). */
export function classReport(matrix: Float64Array[], beta = 1): ClassReport {
  const k = matrix.length;
  const out: ClassReport = {
    precision: new Float64Array(k),
    recall: new Float64Array(k),
    f: new Float64Array(k),
    support: new Float64Array(k),
  };
  const b2 = beta * beta;
  for (let c = 0; c < k; c++) {
    let predicted = 0;
    let actual = 0;
    for (let j = 0; j < k; j++) {
      predicted += matrix[j]![c]!;
      actual += matrix[c]![j]!;
    }
    const tp = matrix[c]![c]!;
    const p = predicted > 0 ? tp / predicted : 0;
    const r = actual > 0 ? tp / actual : 0;
    out.precision[c] = p;
    out.recall[c] = r;
    out.f[c] = p + r > 0 ? ((1 + b2) * p * r) / (b2 * p + r) : 0;
    out.support[c] = actual;
  }
  return out;
}

/** How per-class scores are combined. */
export type Average = 'binary' | 'macro' | 'micro' | 'weighted';

/** Precision, recall and F-beta averaged as scikit-learn does (`binary` reports class 1). */
export function precisionRecallF(
  matrix: Float64Array[],
  average: Average,
  beta = 1,
): { precision: number; recall: number; f: number } {
  const r = classReport(matrix, beta);
  if (average === 'binary')
    return { precision: r.precision[1] ?? 0, recall: r.recall[1] ?? 0, f: r.f[1] ?? 0 };
  if (average === 'micro') {
    let tp = 0;
    let total = 0;
    matrix.forEach((row, c) => {
      tp += row[c]!;
      for (const v of row) total += v;
    });
    const acc = total > 0 ? tp / total : 0;
    return { precision: acc, recall: acc, f: acc };
  }
  const k = matrix.length;
  const totalSupport = r.support.reduce((s, x) => s + x, 0);
  const w = (c: number) => (average === 'macro' ? 1 / k : r.support[c]! / totalSupport);
  let precision = 0;
  let recall = 0;
  let f = 0;
  for (let c = 0; c < k; c++) {
    precision += w(c) * r.precision[c]!;
    recall += w(c) * r.recall[c]!;
    f += w(c) * r.f[c]!;
  }
  return { precision, recall, f };
}

/** Mean recall over the classes present in the labels. */
export function balancedAccuracy(matrix: Float64Array[]): number {
  const r = classReport(matrix);
  let sum = 0;
  let present = 0;
  for (let c = 0; c < matrix.length; c++) {
    if (r.support[c]! > 0) {
      sum += r.recall[c]!;
      present++;
    }
  }
  if (present === 0) throw undefinedMetric('balanced accuracy', 'no labelled rows');
  return sum / present;
}
