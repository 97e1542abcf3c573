/**
 * Ranking metrics for binary scores: ROC and precision–recall curves, ROC-AUC and average
 * precision, with tied scores grouped into one threshold and optional sample weights, as
 * scikit-learn's `roc_curve`, `roc_auc_score` and `average_precision_score` define them.
 */
import { checkInputs, type Numbers, undefinedMetric, weightAt } from './weights.js';

/** Cumulative weighted true and false positives at each distinct score, highest score first. */
export interface ThresholdCounts {
  thresholds: Float64Array;
  tps: Float64Array;
  fps: Float64Array;
}

/** Sort by score descending and accumulate positives/negatives at each distinct score. */
export function thresholdCounts(yTrue: Numbers, scores: Numbers, weights?: Numbers): ThresholdCounts {
  const n = checkInputs('ranking metric', { labels: yTrue, scores, weights });
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => scores[b]! - scores[a]!);
  const thresholds: number[] = [];
  const tps: number[] = [];
  const fps: number[] = [];
  let tp = 0;
  let fp = 0;
  for (let j = 0; j < n; j++) {
    const i = order[j]!;
    const w = weightAt(weights, i);
    if (yTrue[i] === 1) tp += w;
    else fp += w;
    if (j === n - 1 || scores[order[j + 1]!] !== scores[i]) {
      thresholds.push(scores[i]!);
      tps.push(tp);
      fps.push(fp);
    }
  }
  return {
    thresholds: Float64Array.from(thresholds),
    tps: Float64Array.from(tps),
    fps: Float64Array.from(fps),
  };
}

/** The ROC curve: false and true positive rates at each threshold, starting at (0, 0). */
export function rocCurve(
  yTrue: Numbers,
  scores: Numbers,
  weights?: Numbers,
): { fpr: Float64Array; tpr: Float64Array; thresholds: Float64Array } {
  const c = thresholdCounts(yTrue, scores, weights);
  const P = c.tps.at(-1)!;
  const N = c.fps.at(-1)!;
  if (P === 0 || N === 0)
    throw undefinedMetric('ROC', `the labels hold only ${P === 0 ? 'negatives' : 'positives'}`);
  const m = c.thresholds.length + 1;
  const fpr = new Float64Array(m);
  const tpr = new Float64Array(m);
  const thresholds = new Float64Array(m);
  thresholds[0] = Number.POSITIVE_INFINITY;
  for (let j = 0; j < c.thresholds.length; j++) {
    fpr[j + 1] = c.fps[j]! / N;
    tpr[j + 1] = c.tps[j]! / P;
    thresholds[j + 1] = c.thresholds[j]!;
  }
  return { fpr, tpr, thresholds };
}

/** Area under the ROC curve (trapezoids; ties count half, as the Mann–Whitney statistic). */
export function rocAuc(yTrue: Numbers, scores: Numbers, weights?: Numbers): number {
  const { fpr, tpr } = rocCurve(yTrue, scores, weights);
  let area = 0;
  for (let j = 1; j < fpr.length; j++) area += ((fpr[j]! - fpr[j - 1]!) * (tpr[j]! + tpr[j - 1]!)) / 2;
  return area;
}

/** The precision–recall curve at each threshold, highest threshold first. */
export function precisionRecallCurve(
  yTrue: Numbers,
  scores: Numbers,
  weights?: Numbers,
): { precision: Float64Array; recall: Float64Array; thresholds: Float64Array } {
  const c = thresholdCounts(yTrue, scores, weights);
  const P = c.tps.at(-1)!;
  if (P === 0) throw undefinedMetric('precision–recall', 'the labels hold no positives');
  const m = c.thresholds.length;
  const precision = new Float64Array(m);
  const recall = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const predicted = c.tps[j]! + c.fps[j]!;
    precision[j] = predicted > 0 ? c.tps[j]! / predicted : 0;
    recall[j] = c.tps[j]! / P;
  }
  return { precision, recall, thresholds: c.thresholds };
}

/** Average precision: Σ (Rₙ − Rₙ₋₁) Pₙ over thresholds, no interpolation (scikit-learn's definition). */
export function averagePrecision(yTrue: Numbers, scores: Numbers, weights?: Numbers): number {
  const { precision, recall } = precisionRecallCurve(yTrue, scores, weights);
  let ap = 0;
  let prev = 0;
  for (let j = 0; j < recall.length; j++) {
    ap += (recall[j]! - prev) * precision[j]!;
    prev = recall[j]!;
  }
  return ap;
}

/** One-vs-rest ROC-AUC for k classes, averaged by `macro` (plain mean) or `weighted` (by prevalence). */
export function rocAucOvr(
  yTrue: Numbers,
  probabilities: Float64Array[],
  average: 'macro' | 'weighted',
  weights?: Numbers,
): number {
  const k = probabilities.length;
  let sum = 0;
  let totalWeight = 0;
  for (let c = 0; c < k; c++) {
    const binary = new Float64Array(yTrue.length);
    let support = 0;
    for (let i = 0; i < yTrue.length; i++) {
      if (yTrue[i] === c) {
        binary[i] = 1;
        support += weightAt(weights, i);
      }
    }
    const auc = rocAuc(binary, probabilities[c]!, weights);
    const w = average === 'macro' ? 1 : support;
    sum += w * auc;
    totalWeight += w;
  }
  return sum / totalWeight;
}
