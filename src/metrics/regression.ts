/** Regression metrics, weighted, following scikit-learn's definitions. */
import { checkInputs, type Numbers, weightAt } from './weights.js';

const EPS = 2.220446049250313e-16;

function weightedMean(n: number, weights: Numbers | undefined, term: (i: number) => number): number {
  let sum = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const w = weightAt(weights, i);
    sum += w * term(i);
    total += w;
  }
  return sum / total;
}

/** Mean absolute error. */
export function meanAbsoluteError(y: Numbers, yHat: Numbers, weights?: Numbers): number {
  const n = checkInputs('MAE', { targets: y, predictions: yHat, weights });
  return weightedMean(n, weights, (i) => Math.abs(y[i]! - yHat[i]!));
}

/** Root mean squared error. */
export function rootMeanSquaredError(y: Numbers, yHat: Numbers, weights?: Numbers): number {
  const n = checkInputs('RMSE', { targets: y, predictions: yHat, weights });
  return Math.sqrt(weightedMean(n, weights, (i) => (y[i]! - yHat[i]!) ** 2));
}

/** R²: 1 − SS_res / SS_tot; for constant targets 1 if the predictions are exact, else 0 (scikit-learn). */
export function r2Score(y: Numbers, yHat: Numbers, weights?: Numbers): number {
  const n = checkInputs('R²', { targets: y, predictions: yHat, weights });
  const mean = weightedMean(n, weights, (i) => y[i]!);
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < n; i++) {
    const w = weightAt(weights, i);
    ssRes += w * (y[i]! - yHat[i]!) ** 2;
    ssTot += w * (y[i]! - mean) ** 2;
  }
  if (ssTot === 0) return ssRes === 0 ? 1 : 0;
  return 1 - ssRes / ssTot;
}

/** Mean absolute percentage error, |y − ŷ| / max(|y|, ε) (a fraction, not a percent). */
export function meanAbsolutePercentageError(y: Numbers, yHat: Numbers, weights?: Numbers): number {
  const n = checkInputs('MAPE', { targets: y, predictions: yHat, weights });
  return weightedMean(n, weights, (i) => Math.abs(y[i]! - yHat[i]!) / Math.max(Math.abs(y[i]!), EPS));
}

/** Pinball (quantile) loss at quantile `alpha`. */
export function quantileLoss(y: Numbers, yHat: Numbers, alpha: number, weights?: Numbers): number {
  const n = checkInputs('quantile loss', { targets: y, predictions: yHat, weights });
  return weightedMean(n, weights, (i) => {
    const d = y[i]! - yHat[i]!;
    return d >= 0 ? alpha * d : (alpha - 1) * d;
  });
}
