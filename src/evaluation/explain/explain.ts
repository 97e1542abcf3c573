/**
 * Explanations of single predictions, in raw-score (margin) space, per preprocessed input column:
 * exact TreeSHAP for tree ensembles, exact contributions w·(x − mean) for linear models (the
 * Shapley values of a linear function with independent features), and for other models a sampling
 * estimate of Shapley values (random feature orders against background rows). Every method's
 * attributions sum to the score minus the base value (exactly for the first two; the sampling
 * method's base is the mean background score, its sum exact by construction per permutation).
 */
import { createRng, FlywheelError } from '../../core/index.js';
import type { Table } from '../../data/index.js';
import { LinearScorer, type Model, stepOutputNames, TreeEnsembleScorer } from '../../models/index.js';
import { nodeCovers, treeShap } from './tree-shap.js';

/** The attributions of one row. */
export interface Explanation {
  method: 'tree_shap' | 'linear_exact' | 'sampling_shapley';
  /** Names of the preprocessed columns the attributions refer to. */
  features: string[];
  /** One attribution vector per output (1 for binary and regression). */
  attributions: number[][];
  /** The expected raw score per output; base + Σ attributions = the row's raw score. */
  base: number[];
  score: number[];
}

/** Explain the rows of `rows` against `background` (training rows are the usual choice). */
export function explainRows(model: Model, rows: Table, background: Table, samples = 64): Explanation[] {
  if (background.rowCount === 0)
    throw new FlywheelError('DATA_INVALID', 'explanations need at least one background row', {
      hint: 'Pass the training data (or a sample of it) as background.',
    });
  const X = model.preprocessor.transform(rows);
  const B = model.preprocessor.transform(background);
  const d = model.scorer.inputs;
  const K = model.scorer.outputs;
  const features = model.preprocessor.steps.flatMap((s) => stepOutputNames(s));
  const scorer = model.scorer;
  const out: Explanation[] = [];
  const cover =
    scorer instanceof TreeEnsembleScorer ? nodeCovers(scorer.data, B, background.rowCount) : undefined;
  for (let r = 0; r < rows.rowCount; r++) {
    const x = X.subarray(r * d, (r + 1) * d);
    const score = new Float64Array(K);
    scorer.scoreRow(x, score);
    if (scorer instanceof TreeEnsembleScorer) {
      const { phi, base } = treeShap(scorer.data, cover!, x);
      out.push({
        method: 'tree_shap',
        features,
        attributions: phi.map((p) => [...p]),
        base: [...base],
        score: [...score],
      });
    } else if (scorer instanceof LinearScorer)
      out.push(linearExplanation(scorer, x, B, background.rowCount, features, score));
    else out.push(samplingShapley(model, x, B, background.rowCount, features, score, samples));
  }
  return out;
}

function columnMeans(B: Float64Array, n: number, d: number): Float64Array {
  const mean = new Float64Array(d);
  for (let r = 0; r < n; r++) for (let j = 0; j < d; j++) mean[j]! += B[r * d + j]! / n;
  return mean;
}

function linearExplanation(
  s: LinearScorer,
  x: Float64Array,
  B: Float64Array,
  n: number,
  features: string[],
  score: Float64Array,
): Explanation {
  const mean = columnMeans(B, n, s.inputs);
  const base = new Float64Array(s.outputs);
  s.scoreRow(mean, base);
  const attributions = Array.from({ length: s.outputs }, (_, k) =>
    Array.from({ length: s.inputs }, (_, j) => s.weights[j * s.outputs + k]! * (x[j]! - mean[j]!)),
  );
  return { method: 'linear_exact', features, attributions, base: [...base], score: [...score] };
}

function samplingShapley(
  model: Model,
  x: Float64Array,
  B: Float64Array,
  n: number,
  features: string[],
  score: Float64Array,
  samples: number,
): Explanation {
  const d = model.scorer.inputs;
  const K = model.scorer.outputs;
  const rng = createRng(7);
  const phi = Array.from({ length: K }, () => new Float64Array(d));
  const base = new Float64Array(K);
  const z = new Float64Array(d);
  const prev = new Float64Array(K);
  const next = new Float64Array(K);
  for (let s = 0; s < samples; s++) {
    const b = Math.floor(rng.next() * n);
    z.set(B.subarray(b * d, (b + 1) * d));
    model.scorer.scoreRow(z, prev);
    for (let k = 0; k < K; k++) base[k]! += prev[k]! / samples;
    const order = Array.from({ length: d }, (_, i) => i);
    for (let i = d - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const f of order) {
      z[f] = x[f]!;
      model.scorer.scoreRow(z, next);
      for (let k = 0; k < K; k++) phi[k]![f]! += (next[k]! - prev[k]!) / samples;
      prev.set(next);
    }
  }
  return {
    method: 'sampling_shapley',
    features,
    attributions: phi.map((p) => [...p]),
    base: [...base],
    score: [...score],
  };
}
