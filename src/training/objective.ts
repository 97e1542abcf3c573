/**
 * Objectives: the loss a trainer minimises, as per-row gradients and hessians of the model's raw
 * scores. One objective can combine several weighted loss terms (log loss on the label plus a
 * squared loss on a second target, say) and carries sample weights (which also express class
 * weights and business costs). Every trainer uses this one interface: boosting takes the gradient
 * and hessian per row, the linear and MLP trainers chain the gradient through their weights.
 *
 * Layout: scores, gradients and hessians of `count` rows and K outputs are class-major
 * (`scores[k * count + j]` for output k of the j-th row of the range).
 */
import { FlywheelError } from '../core/index.js';

/** How raw scores become predictions. */
export type Link = 'identity' | 'sigmoid' | 'softmax';

/** A loss on one target: `logloss`/`softmax` on class labels, `squared` on the raw score, `brier` on the probability. */
export type LossKind = 'logloss' | 'softmax' | 'squared' | 'brier';

/** One weighted term of an objective, with its target values (class indices for log loss and softmax). */
export interface LossTerm {
  kind: LossKind;
  weight: number;
  /** The target column the term compares with. */
  column: string;
  target: Float64Array;
}

/** A differentiable training objective over K raw scores per row. */
export interface Objective {
  readonly outputs: number;
  readonly link: Link;
  readonly terms: readonly LossTerm[];
  /** Per-row weights (sample weights times class weights), or null for all ones. */
  readonly weights: Float64Array | null;
  /** The best constant score per output (the model's starting point). */
  initScore(): Float64Array;
  /**
   * Gradient and hessian of each row's weighted loss; data row j is `rows ? rows[start + j] : start + j`.
   * With `withLoss`, also returns the weighted loss sum of the rows (computed in the same pass), else 0.
   */
  gradients(
    scores: Float64Array,
    rows: Int32Array | null,
    start: number,
    count: number,
    grad: Float64Array,
    hess: Float64Array,
    withLoss?: boolean,
  ): number;
  /** The weighted sum of losses and the sum of weights over the same rows. */
  loss(
    scores: Float64Array,
    rows: Int32Array | null,
    start: number,
    count: number,
  ): { sum: number; weight: number };
}

const EPS = 1e-16;

/** The logistic function (exp overflow gives 1/(1+∞) = 0, never NaN; no branch to mispredict). */
export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** log(1 + e^z) without overflow. */
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/** Build an objective from its terms; K is 1 except for softmax, which must then be the only term. */
export function createObjective(terms: LossTerm[], weights: Float64Array | null, classes = 2): Objective {
  if (terms.length === 0)
    throw new FlywheelError('INVALID_ARGUMENT', 'An objective needs at least one loss term');
  const softmax = terms[0]!.kind === 'softmax';
  if (softmax && terms.length > 1) {
    throw new FlywheelError(
      'UNSUPPORTED',
      'A multiclass (softmax) objective cannot be combined with other losses',
      {
        hint: 'Use sample or class weights to express costs for multiclass targets.',
      },
    );
  }
  for (const t of terms) {
    if (!(t.weight >= 0) || !Number.isFinite(t.weight)) {
      throw new FlywheelError(
        'INVALID_ARGUMENT',
        `Loss weight for ${t.kind}(${t.column}) must be a finite number >= 0`,
      );
    }
  }
  if (softmax) return softmaxObjective(terms[0]!, weights, classes);
  const link: Link = terms[0]!.kind === 'squared' ? 'identity' : 'sigmoid';
  return pointwiseObjective(terms, weights, link);
}

function pointwiseObjective(terms: LossTerm[], weights: Float64Array | null, link: Link): Objective {
  const kinds = terms.map((t) => t.kind);
  const w = terms.map((t) => t.weight);
  const targets = terms.map((t) => t.target);
  const T = terms.length;
  return {
    outputs: 1,
    link,
    terms,
    weights,
    initScore() {
      const first = terms[0]!;
      const y = first.target;
      let sw = 0;
      let sy = 0;
      for (let r = 0; r < y.length; r++) {
        const s = weights ? weights[r]! : 1;
        sw += s;
        sy += s * y[r]!;
      }
      const mean = sw > 0 ? sy / sw : 0;
      if (first.kind === 'squared') return Float64Array.of(mean);
      const p = Math.min(Math.max(mean, 1e-6), 1 - 1e-6);
      return Float64Array.of(Math.log(p / (1 - p)));
    },
    gradients(scores, rows, start, count, grad, hess, withLoss = false) {
      if (T === 1 && kinds[0] === 'logloss' && rows === null) {
        return logisticGradients(scores, targets[0]!, weights, w[0]!, start, count, grad, hess, withLoss);
      }
      for (let j = 0; j < count; j++) {
        const r = rows ? rows[start + j]! : start + j;
        const z = scores[j]!;
        const p = sigmoid(z);
        let g = 0;
        let h = 0;
        for (let t = 0; t < T; t++) {
          const y = targets[t]![r]!;
          const kind = kinds[t];
          if (kind === 'logloss') {
            g += w[t]! * (p - y);
            h += w[t]! * Math.max(p * (1 - p), EPS);
          } else if (kind === 'squared') {
            g += w[t]! * (z - y);
            h += w[t]!;
          } else {
            const d = p * (1 - p);
            g += w[t]! * (p - y) * d;
            h += w[t]! * Math.max(d * d, EPS);
          }
        }
        const s = weights ? weights[r]! : 1;
        grad[j] = s * g;
        hess[j] = s * h;
      }
      return withLoss ? this.loss(scores, rows, start, count).sum : 0;
    },
    loss(scores, rows, start, count) {
      if (T === 1 && kinds[0] === 'logloss' && rows === null)
        return logisticLoss(scores, targets[0]!, weights, w[0]!, start, count);
      let sum = 0;
      let weight = 0;
      for (let j = 0; j < count; j++) {
        const r = rows ? rows[start + j]! : start + j;
        const z = scores[j]!;
        let l = 0;
        for (let t = 0; t < T; t++) {
          const y = targets[t]![r]!;
          const kind = kinds[t];
          if (kind === 'logloss') l += w[t]! * (softplus(z) - y * z);
          else if (kind === 'squared') l += w[t]! * 0.5 * (z - y) * (z - y);
          else {
            const d = sigmoid(z) - y;
            l += w[t]! * 0.5 * d * d;
          }
        }
        const s = weights ? weights[r]! : 1;
        sum += s * l;
        weight += s;
      }
      return { sum, weight };
    },
  };
}

/** The common case, kept tight: one log-loss term over a contiguous range of rows. */
function logisticGradients(
  scores: Float64Array,
  y: Float64Array,
  weights: Float64Array | null,
  w: number,
  start: number,
  count: number,
  grad: Float64Array,
  hess: Float64Array,
  withLoss: boolean,
): number {
  if (!withLoss) {
    for (let j = 0; j < count; j++) {
      const p = 1 / (1 + Math.exp(-scores[j]!));
      const s = weights === null ? w : w * weights[start + j]!;
      grad[j] = s * (p - y[start + j]!);
      hess[j] = s * Math.max(p * (1 - p), EPS);
    }
    return 0;
  }
  // One exp and one log1p per row give both: e = exp(−|z|), p from e, loss = max(z,0) − yz + log1p(e).
  let sum = 0;
  for (let j = 0; j < count; j++) {
    const z = scores[j]!;
    const e = Math.exp(-Math.abs(z));
    const p = z >= 0 ? 1 / (1 + e) : e / (1 + e);
    const yv = y[start + j]!;
    const s = weights === null ? w : w * weights[start + j]!;
    grad[j] = s * (p - yv);
    hess[j] = s * Math.max(p * (1 - p), EPS);
    sum += s * (Math.max(z, 0) - yv * z + Math.log1p(e));
  }
  return sum;
}

function logisticLoss(
  scores: Float64Array,
  y: Float64Array,
  weights: Float64Array | null,
  w: number,
  start: number,
  count: number,
): { sum: number; weight: number } {
  let sum = 0;
  let weight = 0;
  for (let j = 0; j < count; j++) {
    const z = scores[j]!;
    const s = weights === null ? 1 : weights[start + j]!;
    sum += s * (Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - y[start + j]! * z);
    weight += s;
  }
  return { sum: sum * w, weight };
}

function softmaxObjective(term: LossTerm, weights: Float64Array | null, K: number): Objective {
  const y = term.target;
  const scale = term.weight;
  const p = new Float64Array(K);
  const probabilities = (scores: Float64Array, j: number, count: number): void => {
    let max = -Infinity;
    for (let k = 0; k < K; k++) max = Math.max(max, scores[k * count + j]!);
    let sum = 0;
    for (let k = 0; k < K; k++) {
      p[k] = Math.exp(scores[k * count + j]! - max);
      sum += p[k]!;
    }
    for (let k = 0; k < K; k++) p[k]! /= sum;
  };
  return {
    outputs: K,
    link: 'softmax',
    terms: [term],
    weights,
    initScore() {
      const counts = new Float64Array(K);
      for (let r = 0; r < y.length; r++) counts[y[r]!]! += weights ? weights[r]! : 1;
      const total = counts.reduce((a, b) => a + b, 0);
      const logs = counts.map((c) => Math.log(Math.max(c / total, 1e-6)));
      const mean = logs.reduce((a, b) => a + b, 0) / K;
      return logs.map((l) => l - mean);
    },
    gradients(scores, rows, start, count, grad, hess, withLoss = false) {
      let sum = 0;
      for (let j = 0; j < count; j++) {
        const r = rows ? rows[start + j]! : start + j;
        probabilities(scores, j, count);
        const s = scale * (weights ? weights[r]! : 1);
        const label = y[r]!;
        for (let k = 0; k < K; k++) {
          const pk = p[k]!;
          grad[k * count + j] = s * (pk - (k === label ? 1 : 0));
          hess[k * count + j] = s * Math.max(pk * (1 - pk), EPS);
        }
        if (withLoss) sum -= s * Math.log(Math.max(p[label]!, 1e-300));
      }
      return sum;
    },
    loss(scores, rows, start, count) {
      let sum = 0;
      let weight = 0;
      for (let j = 0; j < count; j++) {
        const r = rows ? rows[start + j]! : start + j;
        probabilities(scores, j, count);
        const s = weights ? weights[r]! : 1;
        sum += s * scale * -Math.log(Math.max(p[y[r]!]!, 1e-300));
        weight += s;
      }
      return { sum, weight };
    },
  };
}
