/**
 * Confidence-based performance estimation (CBPE, as NannyML does): the expected accuracy,
 * precision, recall, F1 and (binary) ROC-AUC of a window of classification traffic, from the
 * logged class probabilities and predictions alone, before any label arrives.
 *
 * Assumptions, and where the estimate breaks:
 * - the probabilities are calibrated (on the reference): among rows scored p, a share p is truly
 *   positive. A model that was never calibrated gives biased estimates.
 * - no concept drift: P(y | x) is the same as on the reference. Covariate shift (a change of
 *   P(x)) is what CBPE handles; if the relation between features and label changes, the
 *   probabilities still look confident and the estimate stays high while the realized
 *   performance falls (performance.test.ts shows such a case). Check it against realized
 *   metrics once labels come in.
 * - rows are independent given their probabilities.
 *
 * Under those assumptions each row's label is a draw from its probabilities, so the expected
 * confusion matrix puts p_i of row r in cell (true i, predicted ŷ_r); precision, recall and F1
 * come from it as from a realized matrix (ratios of expectations, as NannyML does), accuracy is
 * its trace over n, and the expected ROC curve accumulates p (positives) and 1 − p (negatives) down
 * the scores, tied scores grouped into one threshold.
 *
 * Standard errors ("how far to trust it"): accuracy's is exact under the assumptions, √Σq(1−q)/n
 * with q the probability of the predicted class (a sum of independent Bernoullis). The others
 * come from a parametric bootstrap: draw each row's label from its probabilities (200 draws by
 * default, fewer for windows over 5,000 rows; seeded), compute the realized metric for each draw, and take their standard deviation.
 * That is the spread of the realized metric around the estimate, so "realized within 3 SE of the
 * estimate" is the check to expect when the assumptions hold.
 */
import { seededUniform } from '../../core/index.js';
import { precisionRecallF, rocAuc } from '../../metrics/index.js';

/** Scored rows: the predicted class index per row and the n×k probabilities, row-major. */
export interface ScoredRows {
  classes: number;
  predicted: Int32Array;
  probabilities: Float64Array;
}

/** Bootstrap settings for the standard errors. */
export interface CbpeOptions {
  /** Number of simulated label sets (default 200; for windows over 5,000 rows, 1,000,000 / rows, at least 50). */
  draws?: number;
  /** Seed of the label simulation (default 1). */
  seed?: number;
}

/** Estimated metrics and their standard errors (same keys). */
export interface CbpeEstimate {
  estimated: Record<string, number>;
  se: Record<string, number>;
}

/** Accuracy, precision, recall and F1 of a confusion matrix (binary: class 1; else macro). */
export function matrixScores(matrix: Float64Array[]): Record<string, number> {
  let right = 0;
  let total = 0;
  matrix.forEach((row, i) => {
    right += row[i]!;
    for (const v of row) total += v;
  });
  const prf =
    matrix.length === 2
      ? precisionRecallF(matrix, 'binary')
      : precisionRecallF(presentClasses(matrix), 'macro');
  return { accuracy: total > 0 ? right / total : 0, precision: prf.precision, recall: prf.recall, f1: prf.f };
}

/**
 * The matrix restricted to classes that occur as a label or a prediction: scikit-learn's macro
 * average (labels=None) leaves out classes absent from both.
 */
export function presentClasses(matrix: Float64Array[]): Float64Array[] {
  const k = matrix.length;
  const keep: number[] = [];
  for (let c = 0; c < k; c++) {
    let mass = 0;
    for (let j = 0; j < k; j++) mass += matrix[c]![j]! + matrix[j]![c]!;
    if (mass > 0) keep.push(c);
  }
  if (keep.length === k) return matrix;
  return keep.map((i) => Float64Array.from(keep, (j) => matrix[i]![j]!));
}

/** The expected confusion matrix: row r adds p_r,i to cell (i, ŷ_r). */
export function expectedConfusion(s: ScoredRows): Float64Array[] {
  const k = s.classes;
  const m = Array.from({ length: k }, () => new Float64Array(k));
  for (let r = 0; r < s.predicted.length; r++) {
    const yHat = s.predicted[r]!;
    for (let i = 0; i < k; i++) m[i]![yHat]! += s.probabilities[r * k + i]!;
  }
  return m;
}

/**
 * The expected ROC-AUC of positive-class scores p: each row counts as a positive of weight p and
 * a negative of weight 1 − p, so scikit-learn's weighted curve (rocAuc) is the expected curve.
 * Null when the expected positives or negatives are zero.
 */
export function expectedRocAuc(p: Float64Array): number | null {
  const n = p.length;
  const y = new Float64Array(2 * n);
  const scores = new Float64Array(2 * n);
  const weights = new Float64Array(2 * n);
  let pos = 0;
  for (let r = 0; r < n; r++) {
    y[r] = 1;
    scores[r] = p[r]!;
    scores[n + r] = p[r]!;
    weights[r] = p[r]!;
    weights[n + r] = 1 - p[r]!;
    pos += p[r]!;
  }
  return pos > 0 && pos < n ? rocAuc(y, scores, weights) : null;
}

/** CBPE over all scored rows: estimates, and standard errors as the file comment describes. */
export function estimatePerformance(s: ScoredRows, options: CbpeOptions = {}): CbpeEstimate {
  const n = s.predicted.length;
  const k = s.classes;
  const estimated = matrixScores(expectedConfusion(s));
  const positive = k === 2 ? Float64Array.from({ length: n }, (_, r) => s.probabilities[r * k + 1]!) : null;
  const auc = positive === null ? null : expectedRocAuc(positive);
  if (auc !== null) estimated.roc_auc = auc;
  const se = bootstrapSe(s, positive, Object.keys(estimated), options);
  let variance = 0;
  for (let r = 0; r < n; r++) {
    const q = s.probabilities[r * k + s.predicted[r]!]!;
    variance += q * (1 - q);
  }
  se.accuracy = Math.sqrt(variance) / n;
  return { estimated, se };
}

/** The standard deviation of each realized metric over label sets drawn from the probabilities. */
function bootstrapSe(
  s: ScoredRows,
  positive: Float64Array | null,
  keys: string[],
  options: CbpeOptions,
): Record<string, number> {
  const n = s.predicted.length;
  const k = s.classes;
  const rand = seededUniform(options.seed ?? 1);
  const sum = new Map<string, number>();
  const sumSq = new Map<string, number>();
  const count = new Map<string, number>();
  const labels = new Float64Array(n);
  // Rows in descending score order, sorted once: each draw's ROC-AUC is then one pass over the
  // groups of tied scores (sortedAuc), not a sort per draw.
  const order = Uint32Array.from({ length: n }, (_, r) => r);
  if (positive !== null) order.sort((a, b) => positive[b]! - positive[a]!);
  const groups = positive === null ? null : tieGroups(order, positive);
  // 200 draws by default; fewer for large windows (their SE is small, and 50 draws still pin it
  // to about 10%): at most about a million simulated labels per window.
  const draws = options.draws ?? Math.max(50, Math.min(200, Math.floor(1_000_000 / Math.max(1, n))));
  for (let b = 0; b < draws; b++) {
    const m = Array.from({ length: k }, () => new Float64Array(k));
    for (let j = 0; j < n; j++) {
      const r = order[j]!;
      const y = drawClass(s.probabilities, r * k, k, rand());
      labels[j] = y;
      m[y]![s.predicted[r]!]! += 1;
    }
    const realized = matrixScores(m);
    const both = m[1]![0]! + m[1]![1]! > 0 && m[0]![0]! + m[0]![1]! > 0;
    if (groups !== null && keys.includes('roc_auc') && both) realized.roc_auc = sortedAuc(labels, groups);
    for (const [key, v] of Object.entries(realized)) {
      sum.set(key, (sum.get(key) ?? 0) + v);
      sumSq.set(key, (sumSq.get(key) ?? 0) + v * v);
      count.set(key, (count.get(key) ?? 0) + 1);
    }
  }
  const se: Record<string, number> = {};
  for (const key of keys) {
    const c = count.get(key) ?? 0;
    if (c < 2) continue;
    const mean = sum.get(key)! / c;
    se[key] = Math.sqrt(Math.max(0, (sumSq.get(key)! - c * mean * mean) / (c - 1)));
  }
  return se;
}

/** The end index of each run of equal scores along `order` (descending scores). */
function tieGroups(order: Uint32Array, score: Float64Array): Int32Array {
  const ends: number[] = [];
  for (let j = 1; j < order.length; j++) if (score[order[j]!] !== score[order[j - 1]!]) ends.push(j);
  ends.push(order.length);
  return Int32Array.from(ends);
}

/**
 * ROC-AUC of 0/1 labels already in descending score order, ties grouped by `ends`: the trapezoids
 * under the ROC curve with one point per distinct score, as scikit-learn's roc_auc_score (and
 * `rocAuc`) compute it, in one pass.
 */
export function sortedAuc(labels: Float64Array, ends: Int32Array): number {
  let tp = 0;
  let fp = 0;
  let area = 0;
  let start = 0;
  for (let g = 0; g < ends.length; g++) {
    const end = ends[g]!;
    const tp0 = tp;
    const fp0 = fp;
    for (let j = start; j < end; j++) {
      if (labels[j] === 1) tp++;
      else fp++;
    }
    area += ((fp - fp0) * (tp + tp0)) / 2;
    start = end;
  }
  return area / (tp * fp);
}

/** The class whose cumulative probability first exceeds u (the last one absorbs rounding). */
function drawClass(p: Float64Array, offset: number, k: number, u: number): number {
  let acc = 0;
  for (let i = 0; i < k - 1; i++) {
    acc += p[offset + i]!;
    if (u < acc) return i;
  }
  return k - 1;
}
