/**
 * Gradient-boosted decision trees, histogram-based: features are binned once, then every iteration
 * computes gradients, grows one tree per output on them, and updates the scores of the training
 * rows from the leaves' row ranges (no tree walk). Row and column subsampling use the seeded RNG,
 * so a seed gives the same model every time. Early stopping watches the validation loss and keeps
 * the trees up to the best iteration; an abort (Ctrl-C) keeps the best model so far.
 */
import { createRng, FlywheelError, type Rng } from '../core/index.js';
import { TreeEnsembleScorer, treeImportance } from '../models/index.js';
import {
  EarlyStopping,
  type FamilyInput,
  type FamilyResult,
  meanLoss,
  type StopReason,
  type TrainHooks,
  yieldToEventLoop,
} from './family.js';
import { binMatrix, computeBins } from './gbdt-bins.js';
import { EnsembleBuilder } from './gbdt-ensemble.js';
import { binnedLeafValue, TreeGrower } from './gbdt-tree.js';
import type { GbdtParams } from './params.js';

/** Train a tree ensemble. */
export async function trainGbdt(input: FamilyInput, p: GbdtParams, hooks: TrainHooks): Promise<FamilyResult> {
  const { X, n, d, objective } = input;
  const K = objective.outputs;
  const layout = computeBins(X, n, d, input.categories, { maxBins: p.max_bins, sampleRows: p.bin_sample });
  const bins = binMatrix(X, n, layout);
  const valid =
    input.valid === null ? null : { ...input.valid, bins: binMatrix(input.valid.X, input.valid.n, layout) };
  const base =
    p.base_score === undefined ? objective.initScore() : baseScoreOf(p.base_score, objective.link, K);
  const scores = fillScores(base, n);
  const validScores = valid === null ? null : fillScores(base, valid.n);
  const grad = new Float64Array(n * K);
  const hess = new Float64Array(n * K);
  const grower = new TreeGrower(bins, n, layout, {
    maxDepth: p.max_depth,
    maxLeaves: p.grow_policy === 'lossguide' ? p.max_leaves : 0,
    policy: p.grow_policy,
    learningRate: p.learning_rate,
    lambda: p.reg_lambda,
    gamma: p.gamma,
    minChildWeight: p.min_child_weight,
    maxCatThreshold: p.max_cat_threshold,
    catSmooth: p.cat_smooth,
  });
  const ensemble = new EnsembleBuilder(layout, K, base);
  const rng = createRng(hooks.seed);
  const stopper = new EarlyStopping(valid === null ? 0 : p.early_stopping_rounds);
  const trainEvery = n * K <= 20_000 ? 1 : 10;
  let stop: StopReason = 'completed';
  let it = 0;
  for (; it < p.n_estimators; it++) {
    if (hooks.signal?.aborted) {
      stop = 'interrupted';
      break;
    }
    objective.gradients(scores, null, 0, n, grad, hess);
    const mask = featureMask(d, p.colsample_bytree, rng);
    const rows = p.subsample < 1 ? sampleRows(n, p.subsample, rng) : null;
    for (let k = 0; k < K; k++) {
      const g = grad.subarray(k * n, (k + 1) * n);
      const h = hess.subarray(k * n, (k + 1) * n);
      const grown = grower.grow(g, h, rows, mask, rng);
      ensemble.add(grown.tree, k);
      const sk = scores.subarray(k * n, (k + 1) * n);
      if (rows === null) {
        for (let l = 0; l < grown.leafStart.length; l++) {
          const v = grown.leafValue[l]!;
          for (let i = grown.leafStart[l]!; i < grown.leafEnd[l]!; i++) sk[grown.rows[i]!]! += v;
        }
      } else for (let r = 0; r < n; r++) sk[r]! += binnedLeafValue(grown.tree, bins, layout.stride, r);
      if (valid !== null) {
        const vk = validScores!.subarray(k * valid.n, (k + 1) * valid.n);
        for (let r = 0; r < valid.n; r++) vk[r]! += binnedLeafValue(grown.tree, valid.bins, layout.stride, r);
      }
    }
    const metrics: Record<string, number> = {};
    if ((it + 1) % trainEvery === 0 || it + 1 === p.n_estimators)
      metrics.train_loss = meanLoss(objective, scores, n);
    if (valid !== null) metrics.valid_loss = meanLoss(valid.objective, validScores!, valid.n);
    hooks.onIteration?.(it + 1, p.n_estimators, metrics);
    if (valid !== null && stopper.update(it, metrics.valid_loss!)) {
      stop = 'early_stopping';
      it++;
      break;
    }
    await yieldToEventLoop();
  }
  const pickBest =
    valid !== null && stopper.bestIteration >= 0 && (p.early_stopping_rounds > 0 || stop === 'interrupted');
  const keep = pickBest ? stopper.bestIteration + 1 : it;
  const { data, gain } = ensemble.build(keep * K);
  const importance = treeImportance(data, gain);
  return {
    scorer: new TreeEnsembleScorer(data),
    iterations: it,
    bestIteration: pickBest ? keep : null,
    stopReason: stop,
    info: {
      trees: keep * K,
      iterations: keep,
      bins: Array.from(layout.binCounts),
      importance: { gain: importance.gain, splits: importance.splits },
    },
  };
}

function baseScoreOf(value: number, link: string, K: number): Float64Array {
  if (link === 'sigmoid') {
    if (!(value > 0 && value < 1)) {
      throw new FlywheelError(
        'INVALID_ARGUMENT',
        `base_score of a binary model is a probability in (0, 1), got ${value}`,
      );
    }
    return Float64Array.of(Math.log(value / (1 - value)));
  }
  if (link === 'softmax') {
    throw new FlywheelError('UNSUPPORTED', 'base_score is not supported for multiclass models', {
      hint: 'Remove base_score; class priors are used.',
    });
  }
  return new Float64Array(K).fill(value);
}

function fillScores(base: Float64Array, n: number): Float64Array {
  const s = new Float64Array(n * base.length);
  for (let k = 0; k < base.length; k++) s.fill(base[k]!, k * n, (k + 1) * n);
  return s;
}

function featureMask(d: number, fraction: number, rng: Rng): Uint8Array {
  const mask = new Uint8Array(d).fill(1);
  if (fraction >= 1) return mask;
  const keep = Math.max(1, Math.round(d * fraction));
  const order = rng.shuffle(Int32Array.from({ length: d }, (_, i) => i));
  mask.fill(0);
  for (let i = 0; i < keep; i++) mask[order[i]!] = 1;
  return mask;
}

function sampleRows(n: number, fraction: number, rng: Rng): Int32Array {
  const out: number[] = [];
  for (let r = 0; r < n; r++) if (rng.next() < fraction) out.push(r);
  if (out.length === 0) out.push(rng.int(n));
  return Int32Array.from(out);
}
