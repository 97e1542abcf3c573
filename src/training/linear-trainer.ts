/**
 * Linear, logistic and softmax regression with L2, L1 or elastic-net penalties, fitted by L-BFGS
 * (OWL-QN when there is an L1 part). The objective is scikit-learn's, per sample:
 *   (1/S) Σ s_r loss_r + (alpha/S) (½(1−ρ)‖W‖² + ρ‖W‖₁),  S = Σ s_r,
 * so alpha = 1 matches LogisticRegression(C=1) and Ridge(alpha=1); the intercept is not penalised.
 * One pass over the rows computes the loss and the gradient, in blocks that stay in cache; for a
 * single output the two matrix passes run in WebAssembly SIMD (src/kernels/linear.ts) when available.
 */
import {
  compileWasmLinear,
  type KernelChoice,
  kernelChoice,
  type LogisticLabels,
  WASM_BLOCK,
  type WasmLinear,
} from '../kernels/index.js';
import { LinearScorer } from '../models/index.js';
import type { FamilyInput, FamilyResult, TrainHooks } from './family.js';
import { minimize, type SmoothObjective } from './lbfgs.js';
import type { Objective } from './objective.js';
import type { LinearParams } from './params.js';

const BLOCK = 512;

/**
 * Fit a linear model with L-BFGS / OWL-QN. `kernel: 'js'` keeps the JavaScript kernel even where
 * WebAssembly SIMD would run (the tests compare the two); the default is FLYWHEEL_KERNELS's.
 */
export async function trainLinear(
  input: FamilyInput,
  p: LinearParams,
  hooks: TrainHooks,
  kernel: KernelChoice = kernelChoice(),
): Promise<FamilyResult> {
  const { X, n, d, objective } = input;
  const K = objective.outputs;
  const size = d * K + K;
  const S = totalWeight(objective, n);
  const rho = p.penalty === 'l2' ? 0 : p.penalty === 'l1' ? 1 : p.penalty === 'elasticnet' ? p.l1_ratio : 0;
  const alpha = p.penalty === 'none' ? 0 : p.alpha / S;
  const l2 = alpha * (1 - rho);
  const l1 = rho > 0 && alpha > 0 ? new Float64Array(size).fill(alpha * rho, 0, d * K) : null;
  const w0 = new Float64Array(size);
  w0.set(objective.initScore(), d * K);
  const wasm = K === 1 && kernel === 'auto' ? compileWasmLinear(X, n, d, plainLogLoss(objective)) : null;
  const f: SmoothObjective =
    wasm === null
      ? (w, grad) => lossAndGradient(objective, X, n, d, K, w, grad, S, l2)
      : (w, grad) => wasmLossAndGradient(objective, wasm, n, d, w, grad, S, l2);
  const result = await minimize(f, w0, {
    maxIter: p.max_iter,
    tol: p.tol,
    history: p.history,
    l1,
    onIteration: (it, value) => {
      hooks.onIteration?.(it, p.max_iter, { train_loss: value });
      return !hooks.signal?.aborted;
    },
  });
  const weights = result.w.slice(0, d * K);
  const bias = result.w.slice(d * K);
  const validLoss = input.valid === null ? undefined : validationLoss(input.valid, weights, bias, d, K);
  return {
    scorer: new LinearScorer(d, K, weights, bias),
    iterations: result.iterations,
    bestIteration: null,
    stopReason: result.stopped ? 'interrupted' : result.converged ? 'converged' : 'completed',
    info: {
      objective: result.value,
      converged: result.converged,
      evaluations: result.evaluations,
      nonzero: countNonzero(weights),
      ...(validLoss === undefined ? {} : { valid_loss: validLoss }),
    },
  };
}

function totalWeight(objective: Objective, n: number): number {
  if (objective.weights === null) return n;
  let s = 0;
  for (let r = 0; r < n; r++) s += objective.weights[r]!;
  return s > 0 ? s : n;
}

/** Objective (smooth part) and its gradient with respect to [W, b]. */
function lossAndGradient(
  objective: Objective,
  X: Float64Array,
  n: number,
  d: number,
  K: number,
  w: Float64Array,
  grad: Float64Array,
  S: number,
  l2: number,
): number {
  grad.fill(0);
  const z = new Float64Array(BLOCK * K);
  const g = new Float64Array(BLOCK * K);
  const h = new Float64Array(BLOCK * K);
  const bias = d * K;
  let loss = 0;
  for (let b0 = 0; b0 < n; b0 += BLOCK) {
    const bl = Math.min(BLOCK, n - b0);
    if (K === 1) {
      loss += binaryBlock(objective, X, b0, bl, d, w, grad, z, g, h);
      continue;
    }
    scoresOf(X, b0, bl, d, K, w, z);
    loss += objective.gradients(z, null, b0, bl, g, h, true);
    for (let j = 0; j < bl; j++) {
      const o = (b0 + j) * d;
      for (let k = 0; k < K; k++) {
        const gk = g[k * bl + j]!;
        if (gk === 0) continue;
        grad[bias + k]! += gk;
        for (let c = 0; c < d; c++) grad[c * K + k]! += gk * X[o + c]!;
      }
    }
  }
  return loss / S + penalize(w, grad, bias, K, S, l2);
}

/** Scale the summed gradient by 1/S and add the L2 part; returns the penalty term of the objective. */
function penalize(
  w: Float64Array,
  grad: Float64Array,
  bias: number,
  K: number,
  S: number,
  l2: number,
): number {
  let penalty = 0;
  for (let i = 0; i < bias; i++) {
    grad[i] = grad[i]! / S + l2 * w[i]!;
    penalty += w[i]! * w[i]!;
  }
  for (let k = 0; k < K; k++) grad[bias + k]! /= S;
  return 0.5 * l2 * penalty;
}

/** Labels and weight when the objective is one unweighted log-loss term (its gradients can then run in WebAssembly). */
function plainLogLoss(objective: Objective): LogisticLabels | null {
  const t = objective.terms;
  if (objective.outputs !== 1 || objective.weights !== null || t.length !== 1 || t[0]!.kind !== 'logloss')
    return null;
  return { y: t[0]!.target, weight: t[0]!.weight };
}

/** The single-output objective with the matrix passes in WebAssembly (X already in its memory). */
function wasmLossAndGradient(
  objective: Objective,
  k: WasmLinear,
  n: number,
  d: number,
  w: Float64Array,
  grad: Float64Array,
  S: number,
  l2: number,
): number {
  k.w.set(w);
  k.grad.fill(0);
  const h = new Float64Array(WASM_BLOCK);
  const logistic = plainLogLoss(objective) !== null;
  let loss = 0;
  let gb = 0;
  for (let b0 = 0; b0 < n; b0 += WASM_BLOCK) {
    const bl = Math.min(WASM_BLOCK, n - b0);
    k.scores(b0, bl);
    loss += logistic ? k.logistic(b0, bl) : objective.gradients(k.z, null, b0, bl, k.g, h, true);
    for (let j = 0; j < bl; j++) gb += k.g[j]!;
    k.gradient(b0, bl);
  }
  grad.set(k.grad);
  grad[d] = gb;
  return loss / S + penalize(w, grad, d, 1, S, l2);
}

/** One block of a single-output model: scores, loss and gradients in two tight passes over the rows. */
function binaryBlock(
  objective: Objective,
  X: Float64Array,
  b0: number,
  bl: number,
  d: number,
  w: Float64Array,
  grad: Float64Array,
  z: Float64Array,
  g: Float64Array,
  h: Float64Array,
): number {
  const b = w[d]!;
  const d4 = d & ~3;
  for (let j = 0; j < bl; j++) {
    const o = (b0 + j) * d;
    // Four partial sums: the additions do not wait on each other.
    let s0 = b;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let c = 0;
    for (; c < d4; c += 4) {
      s0 += X[o + c]! * w[c]!;
      s1 += X[o + c + 1]! * w[c + 1]!;
      s2 += X[o + c + 2]! * w[c + 2]!;
      s3 += X[o + c + 3]! * w[c + 3]!;
    }
    for (; c < d; c++) s0 += X[o + c]! * w[c]!;
    z[j] = s0 + s1 + s2 + s3;
  }
  const loss = objective.gradients(z, null, b0, bl, g, h, true);
  let gb = 0;
  let j = 0;
  // Four rows at a time: each gradient entry is read and written once per four rows.
  for (; j + 3 < bl; j += 4) {
    const g0 = g[j]!;
    const g1 = g[j + 1]!;
    const g2 = g[j + 2]!;
    const g3 = g[j + 3]!;
    gb += g0 + g1 + g2 + g3;
    const o0 = (b0 + j) * d;
    const o1 = o0 + d;
    const o2 = o1 + d;
    const o3 = o2 + d;
    for (let c = 0; c < d; c++)
      grad[c]! += g0 * X[o0 + c]! + g1 * X[o1 + c]! + g2 * X[o2 + c]! + g3 * X[o3 + c]!;
  }
  for (; j < bl; j++) {
    const gj = g[j]!;
    const o = (b0 + j) * d;
    gb += gj;
    for (let c = 0; c < d; c++) grad[c]! += gj * X[o + c]!;
  }
  grad[d]! += gb;
  return loss;
}

/** Class-major raw scores of rows b0..b0+bl. */
function scoresOf(
  X: Float64Array,
  b0: number,
  bl: number,
  d: number,
  K: number,
  w: Float64Array,
  z: Float64Array,
): void {
  const bias = d * K;
  for (let j = 0; j < bl; j++) {
    const o = (b0 + j) * d;
    for (let k = 0; k < K; k++) {
      let s = w[bias + k]!;
      for (let c = 0; c < d; c++) s += X[o + c]! * w[c * K + k]!;
      z[k * bl + j] = s;
    }
  }
}

function validationLoss(
  valid: NonNullable<FamilyInput['valid']>,
  W: Float64Array,
  b: Float64Array,
  d: number,
  K: number,
): number {
  const z = new Float64Array(valid.n * K);
  const w = new Float64Array(d * K + K);
  w.set(W);
  w.set(b, d * K);
  scoresOf(valid.X, 0, valid.n, d, K, w, z);
  const { sum, weight } = valid.objective.loss(z, null, 0, valid.n);
  return weight > 0 ? sum / weight : 0;
}

function countNonzero(w: Float64Array): number {
  let c = 0;
  for (const v of w) if (v !== 0) c++;
  return c;
}
