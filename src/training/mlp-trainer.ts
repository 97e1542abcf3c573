/**
 * The MLP trainer: mini-batches in a seeded shuffled order, forward, loss gradient from the shared
 * objective, backward, Adam (or momentum SGD). After each epoch the training loss (mean over the
 * batches, as scikit-learn reports it) and the validation loss are logged. With a validation set,
 * training stops after `early_stopping_rounds` epochs without improvement and keeps the best
 * weights; without one, it stops when the training loss stops improving by `tol` (scikit-learn's rule).
 */

import { createRng } from '../core/index.js';
import { type DenseLayer, MlpScorer } from '../models/index.js';
import {
  type FamilyInput,
  type FamilyResult,
  type StopReason,
  type TrainHooks,
  yieldToEventLoop,
} from './family.js';
import { backward, createBatchState, forward, initLayers, Optimizer } from './mlp-network.js';
import { createObjective, type Objective } from './objective.js';
import type { MlpParams } from './params.js';

/** Train a multilayer perceptron. */
export async function trainMlp(input: FamilyInput, p: MlpParams, hooks: TrainHooks): Promise<FamilyResult> {
  const { X, n, d } = input;
  const scaled = scaleTarget(input.objective, p);
  const objective = scaled.objective;
  const validObjective =
    input.valid === null ? null : rescale(input.valid.objective, scaled.shift, scaled.scale);
  const K = objective.outputs;
  const rng = createRng(hooks.seed);
  const layers = initLayers([d, ...p.hidden_layers, K], p.activation, rng);
  const B = Math.min(p.batch_size, n);
  const state = createBatchState(layers, B, p.dropout);
  const optimizer = new Optimizer(
    layers.flatMap((l) => [l.weights, l.bias]),
    p.solver,
    p.learning_rate,
    p.momentum,
  );
  const order = Int32Array.from({ length: n }, (_, i) => i);
  let best = snapshot(layers);
  let bestLoss = Number.POSITIVE_INFINITY;
  let bestEpoch = -1;
  let stale = 0;
  let stop: StopReason = 'completed';
  let epoch = 0;
  for (; epoch < p.epochs; epoch++) {
    if (hooks.signal?.aborted) {
      stop = 'interrupted';
      break;
    }
    rng.shuffle(order);
    const trainLoss = runEpoch(layers, state, optimizer, objective, X, d, order, B, p, rng);
    const metrics: Record<string, number> = { train_loss: trainLoss };
    if (validObjective !== null)
      metrics.valid_loss = evaluate(layers, input.valid!.X, input.valid!.n, validObjective);
    hooks.onIteration?.(epoch + 1, p.epochs, metrics);
    // scikit-learn's rule: an epoch counts as stale unless it beats the best loss by tol.
    const watched = metrics.valid_loss ?? trainLoss;
    stale = watched > bestLoss - p.tol ? stale + 1 : 0;
    if (watched < bestLoss) {
      bestLoss = watched;
      bestEpoch = epoch;
      if (validObjective !== null) best = snapshot(layers);
    }
    if (p.early_stopping_rounds > 0 && stale >= p.early_stopping_rounds) {
      stop = 'early_stopping';
      epoch++;
      break;
    }
    await yieldToEventLoop();
  }
  // With a validation set the best epoch's weights are kept; without one, the last (scikit-learn's behaviour).
  const kept = validObjective !== null ? best : snapshot(layers);
  return {
    scorer: new MlpScorer(kept, scaled.shift, scaled.scale),
    iterations: epoch,
    bestIteration: validObjective !== null ? bestEpoch + 1 : null,
    stopReason: stop,
    info: {
      layers: [d, ...p.hidden_layers, K],
      epochs: epoch,
      target_shift: scaled.shift,
      target_scale: scaled.scale,
    },
  };
}

function runEpoch(
  layers: DenseLayer[],
  state: ReturnType<typeof createBatchState>,
  optimizer: Optimizer,
  objective: Objective,
  X: Float64Array,
  d: number,
  order: Int32Array,
  B: number,
  p: MlpParams,
  rng: ReturnType<typeof createRng>,
): number {
  const n = order.length;
  const K = objective.outputs;
  const z = new Float64Array(B * K);
  const g = new Float64Array(B * K);
  const h = new Float64Array(B * K);
  let lossSum = 0;
  let weightSum = 0;
  for (let b0 = 0; b0 < n; b0 += B) {
    const bl = Math.min(B, n - b0);
    const input = state.acts[0]!;
    for (let j = 0; j < bl; j++) input.set(X.subarray(order[b0 + j]! * d, (order[b0 + j]! + 1) * d), j * d);
    forward(layers, state, bl, p.dropout, p.dropout > 0 ? rng : null);
    const out = state.acts[layers.length]!;
    for (let j = 0; j < bl; j++) for (let k = 0; k < K; k++) z[k * bl + j] = out[j * K + k]!;
    objective.gradients(z, order, b0, bl, g, h);
    const { sum, weight } = objective.loss(z, order, b0, bl);
    lossSum += sum;
    weightSum += weight;
    const delta = state.deltas[layers.length - 1]!;
    const inv = weight > 0 ? 1 / weight : 0;
    for (let j = 0; j < bl; j++) for (let k = 0; k < K; k++) delta[j * K + k] = g[k * bl + j]! * inv;
    backward(layers, state, bl, p.alpha, p.dropout);
    optimizer.step(state.gradW.flatMap((w, i) => [w, state.gradB[i]!]));
  }
  return weightSum > 0 ? lossSum / weightSum : 0;
}

function evaluate(layers: DenseLayer[], X: Float64Array, n: number, objective: Objective): number {
  const K = objective.outputs;
  const rows = new Float64Array(n * K);
  new MlpScorer(layers).scoreBatch(X, n, rows);
  const z = new Float64Array(n * K);
  for (let j = 0; j < n; j++) for (let k = 0; k < K; k++) z[k * n + j] = rows[j * K + k]!;
  const { sum, weight } = objective.loss(z, null, 0, n);
  return weight > 0 ? sum / weight : 0;
}

function snapshot(layers: DenseLayer[]): DenseLayer[] {
  return layers.map((l) => ({
    ...l,
    weights: Float64Array.from(l.weights),
    bias: Float64Array.from(l.bias),
  }));
}

/** A regression network learns a standardised target (one squared term only); returns how to undo it. */
function scaleTarget(
  objective: Objective,
  p: MlpParams,
): { objective: Objective; shift: number; scale: number } {
  const t = objective.terms;
  if (!p.standardize_target || t.length !== 1 || t[0]!.kind !== 'squared')
    return { objective, shift: 0, scale: 1 };
  const y = t[0]!.target;
  let mean = 0;
  for (const v of y) mean += v / y.length;
  let ss = 0;
  for (const v of y) ss += (v - mean) ** 2;
  const scale = Math.sqrt(ss / y.length) || 1;
  return { objective: rescale(objective, mean, scale), shift: mean, scale };
}

function rescale(objective: Objective, shift: number, scale: number): Objective {
  if (shift === 0 && scale === 1) return objective;
  const term = objective.terms[0]!;
  const target = Float64Array.from(term.target, (v) => (v - shift) / scale);
  return createObjective([{ ...term, target }], objective.weights, objective.outputs);
}
