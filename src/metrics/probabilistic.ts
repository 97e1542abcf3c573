/** Metrics of predicted probabilities: log loss, Brier score, calibration (reliability curve, ECE). */
import { checkInputs, type Numbers, undefinedMetric, weightAt } from './weights.js';

/** Probabilities are clipped to [ε, 1 − ε] with ε the float64 machine epsilon, as scikit-learn 1.2 does. */
const EPS = 2.220446049250313e-16;

/** Binary log loss from the probability of class 1. */
export function logLossBinary(yTrue: Numbers, p1: Numbers, weights?: Numbers): number {
  const n = checkInputs('log loss', { labels: yTrue, probabilities: p1, weights });
  let sum = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const w = weightAt(weights, i);
    const p = Math.min(Math.max(p1[i]!, EPS), 1 - EPS);
    sum -= w * (yTrue[i] === 1 ? Math.log(p) : Math.log(1 - p));
    total += w;
  }
  return sum / total;
}

/** Multiclass log loss from per-class probability columns (rows are renormalised after clipping). */
export function logLossMulticlass(yTrue: Numbers, probabilities: Float64Array[], weights?: Numbers): number {
  const n = checkInputs('log loss', { labels: yTrue, weights });
  let sum = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    let rowSum = 0;
    for (const col of probabilities) rowSum += Math.min(Math.max(col[i]!, EPS), 1 - EPS);
    const p = Math.min(Math.max(probabilities[yTrue[i]!]![i]!, EPS), 1 - EPS) / rowSum;
    const w = weightAt(weights, i);
    sum -= w * Math.log(p);
    total += w;
  }
  return sum / total;
}

/** Brier score: the weighted mean of (y − p)² for the probability of class 1. */
export function brierScore(yTrue: Numbers, p1: Numbers, weights?: Numbers): number {
  const n = checkInputs('Brier score', { labels: yTrue, probabilities: p1, weights });
  let sum = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const w = weightAt(weights, i);
    sum += w * (yTrue[i]! - p1[i]!) ** 2;
    total += w;
  }
  return sum / total;
}

/** A reliability curve: per non-empty bin, the mean predicted probability and the observed rate. */
export interface ReliabilityCurve {
  probTrue: Float64Array;
  probPred: Float64Array;
  counts: Float64Array;
  /** The index (0 … bins−1) of each kept, non-empty bin. */
  bins: Int32Array;
  /** Expected calibration error: Σ (n_b / N) |observed_b − predicted_b| over the bins. */
  ece: number;
}

/**
 * Uniform bins over [0, 1] like scikit-learn's `calibration_curve(strategy="uniform")`: a value on
 * an inner edge falls into the lower bin (bins are (eₖ, eₖ₊₁], the first one closed at 0).
 */
export function reliabilityCurve(
  yTrue: Numbers,
  p1: Numbers,
  bins = 10,
  weights?: Numbers,
): ReliabilityCurve {
  const n = checkInputs('calibration', { labels: yTrue, probabilities: p1, weights });
  const sumPred = new Float64Array(bins);
  const sumTrue = new Float64Array(bins);
  const count = new Float64Array(bins);
  const step = 1 / bins;
  for (let i = 0; i < n; i++) {
    const p = p1[i]!;
    if (p < 0 || p > 1)
      throw undefinedMetric('calibration', `probability ${p} at row ${i} is outside [0, 1]`);
    const b = binOf(p, step, bins);
    const w = weightAt(weights, i);
    sumPred[b]! += w * p;
    sumTrue[b]! += w * yTrue[i]!;
    count[b]! += w;
  }
  const keep = [...count.keys()].filter((b) => count[b]! > 0);
  const total = keep.reduce((s, b) => s + count[b]!, 0);
  const probTrue = Float64Array.from(keep, (b) => sumTrue[b]! / count[b]!);
  const probPred = Float64Array.from(keep, (b) => sumPred[b]! / count[b]!);
  let ece = 0;
  keep.forEach((b, j) => {
    ece += (count[b]! / total) * Math.abs(probTrue[j]! - probPred[j]!);
  });
  return {
    probTrue,
    probPred,
    counts: Float64Array.from(keep, (b) => count[b]!),
    bins: Int32Array.from(keep),
    ece,
  };
}

/** The bin of p: how many inner edges k·step (k = 1…bins−1, computed as numpy's linspace does) are below p. */
function binOf(p: number, step: number, bins: number): number {
  let lo = 0;
  let hi = bins - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((mid + 1) * step < p) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
