/**
 * The scores trainers report for a finished model on held-out rows: ROC-AUC, accuracy and log loss
 * for classifiers, RMSE and R² for regression. (Evaluation proper, with slices and baselines, lives
 * in the evaluation module; these are the few a training run logs.)
 */

import { sortNumbers } from '../core/sort-numbers.js';

/**
 * ROC-AUC of scores against 0/1 labels (ties count one half): the probability that a positive
 * scores above a negative, from the two groups' scores sorted (radix, core/sort-numbers.ts) and merged.
 */
export function rocAuc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  let pos = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) pos++;
  const neg = labels.length - pos;
  if (pos === 0 || neg === 0) return Number.NaN;
  const P = new Float64Array(pos);
  const N = new Float64Array(neg);
  let a = 0;
  let b = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] === 1) P[a++] = scores[i]!;
    else N[b++] = scores[i]!;
  }
  sortNumbers(P);
  sortNumbers(N);
  // For each positive, count negatives strictly below it and tied with it.
  let below = 0;
  let wins = 0;
  for (let i = 0; i < pos; ) {
    const v = P[i]!;
    let j = i;
    while (j < pos && P[j] === v) j++;
    while (below < neg && N[below]! < v) below++;
    let tie = below;
    while (tie < neg && N[tie] === v) tie++;
    wins += (j - i) * (below + 0.5 * (tie - below));
    i = j;
  }
  return wins / (pos * neg);
}

/** The share of rows whose predicted class equals the label. */
export function accuracy(labels: ArrayLike<number>, predicted: ArrayLike<number>): number {
  let hit = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === predicted[i]) hit++;
  return labels.length === 0 ? Number.NaN : hit / labels.length;
}

/** Mean log loss of row-major probabilities (width 1: P(class 1); width K: per class) against class indices. */
export function logLoss(labels: ArrayLike<number>, probabilities: ArrayLike<number>, width: number): number {
  let sum = 0;
  const eps = 1e-15;
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i]!;
    const p =
      width === 1 ? (y === 1 ? probabilities[i]! : 1 - probabilities[i]!) : probabilities[i * width + y]!;
    sum -= Math.log(Math.min(Math.max(p, eps), 1 - eps));
  }
  return sum / labels.length;
}

/** Root mean squared error. */
export function rmse(y: ArrayLike<number>, predicted: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (y[i]! - predicted[i]!) ** 2;
  return Math.sqrt(s / y.length);
}

/** Coefficient of determination R² (1 − SS_res / SS_tot). */
export function r2(y: ArrayLike<number>, predicted: ArrayLike<number>): number {
  let mean = 0;
  for (let i = 0; i < y.length; i++) mean += y[i]!;
  mean /= y.length;
  let res = 0;
  let tot = 0;
  for (let i = 0; i < y.length; i++) {
    res += (y[i]! - predicted[i]!) ** 2;
    tot += (y[i]! - mean) ** 2;
  }
  return 1 - res / tot;
}
