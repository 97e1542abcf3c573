/** Hand-built models for the models tests: one per family, small enough to check by hand. */
import { LinearScorer } from './linear.js';
import { MlpScorer } from './mlp.js';
import { createModel, type Model } from './model.js';
import type { PreprocessStep } from './preprocess.js';
import type { ModelSchema } from './schema.js';
import { type TreeEnsembleData, TreeEnsembleScorer } from './trees.js';

/** Steps for features x (numeric, mean 1, sd 2, missing → 1) and c (categorical a/b/c, one-hot). */
export const LINEAR_STEPS: PreprocessStep[] = [
  { kind: 'numeric', source: 'x', impute: 1, center: 1, scale: 2 },
  { kind: 'onehot', source: 'c', categories: ['a', 'b', 'c'] },
];

const binarySchema = (features: ModelSchema['features']): ModelSchema => ({
  features,
  output: { task: 'binary', target: 'y', classes: [0, 1] },
});

/** z = 0.5·x' + 1·[c=a] − 1·[c=b] + 0·[c=c] − 0.25, with a sigmoid link. */
export function linearModel(): Model {
  return createModel({
    family: 'linear',
    schema: binarySchema([
      { name: 'x', type: 'numeric' },
      { name: 'c', type: 'categorical', categories: ['a', 'b', 'c'] },
    ]),
    steps: LINEAR_STEPS,
    scorer: new LinearScorer(4, 1, Float64Array.of(0.5, 1, -1, 0), Float64Array.of(-0.25)),
  });
}

/**
 * One tree over x (numeric, NaN kept) and c (native categorical codes of a/b/c/d):
 * root: x <= 0.5 (missing left) → node 1, else leaf 0.75;
 * node 1: c in {a, c} → leaf −1, else leaf 0.25. Base score 0.1.
 */
export function treeData(): TreeEnsembleData {
  return {
    features: 2,
    outputs: 1,
    baseScore: Float64Array.of(0.1),
    treeStart: Int32Array.of(0, 5),
    treeOutput: Int32Array.of(0),
    feature: Int32Array.of(0, 1, -1, -1, -1),
    threshold: Float64Array.of(0.5, 0, 0, 0, 0),
    value: Float64Array.of(0, 0, 0.75, -1, 0.25),
    left: Int32Array.of(1, 3, -1, -1, -1),
    right: Int32Array.of(2, 4, -1, -1, -1),
    missingLeft: Uint8Array.of(1, 0, 0, 0, 0),
    catStart: Int32Array.of(-1, 0, -1, -1, -1),
    catLength: Int32Array.of(0, 1, 0, 0, 0),
    catWords: Uint32Array.of(0b101),
  };
}

/** The tree above as a regression model. */
export function treeModel(data: TreeEnsembleData = treeData()): Model {
  return createModel({
    family: 'gbdt',
    schema: {
      features: [
        { name: 'x', type: 'numeric' },
        { name: 'c', type: 'categorical', categories: ['a', 'b', 'c', 'd'] },
      ],
      output: { task: 'regression', target: 'y', classes: null },
    },
    steps: [
      { kind: 'numeric', source: 'x', impute: null, center: 0, scale: 1 },
      { kind: 'ordinal', source: 'c', categories: ['a', 'b', 'c', 'd'] },
    ],
    scorer: new TreeEnsembleScorer(data),
  });
}

/** A 4→3→1 ReLU network with fixed weights, on the linear model's inputs. */
export function mlpModel(): Model {
  const l1 = {
    inputs: 4,
    outputs: 3,
    activation: 'relu' as const,
    weights: Float64Array.from({ length: 12 }, (_, i) => (i % 5) * 0.3 - 0.5),
    bias: Float64Array.of(0.1, -0.2, 0.3),
  };
  const l2 = {
    inputs: 3,
    outputs: 1,
    activation: 'identity' as const,
    weights: Float64Array.of(0.7, -1.1, 0.4),
    bias: Float64Array.of(0.05),
  };
  return createModel({
    family: 'mlp',
    schema: binarySchema([
      { name: 'x', type: 'numeric' },
      { name: 'c', type: 'categorical', categories: ['a', 'b', 'c'] },
    ]),
    steps: LINEAR_STEPS,
    scorer: new MlpScorer([l1, l2]),
  });
}
