/**
 * models: the `Model` interface (schema, preprocessing that travels with the model, predict and a
 * single-row path), the families' numeric cores, and saving/loading model folders without code.
 */

export {
  ACCEPT_ACTION,
  binaryClass,
  CONFIDENCE_ACTIONS,
  type ConfidencePolicy,
  confidenceAction,
  confidencePolicySchema,
  type Decision,
  decidedLabels,
  decisionThreshold,
  modelDecision,
  POLICY_TAG,
  storedPolicy,
  storedThreshold,
  THRESHOLD_TAG,
} from './decision.js';
export { createEnsembleModel, type EnsembleMember, ensembleMembers } from './ensemble.js';
export {
  describeFeatureCheck,
  type FeatureNameCheck,
  type FeatureNamePolicy,
  FeatureNames,
  featureNamesError,
  featureSuggestions,
  OPTIONAL_FEATURES_TAG,
  optionalFeatures,
  refused,
} from './feature-names.js';
export { LinearScorer } from './linear.js';
export { type Activation, activate, type DenseLayer, denseForward, MlpScorer } from './mlp.js';
export {
  applyLink,
  createModel,
  type Model,
  type ModelFamily,
  type OutputLink,
  type Prediction,
  predictedClasses,
  type Scorer,
} from './model.js';
export {
  categoryKey,
  type FeatureRow,
  Preprocessor,
  type PreprocessStep,
  preprocessStepSchema,
  type RawPlan,
  stepOutputNames,
  stepWidth,
  textInNumeric,
} from './preprocess.js';
export {
  type ClassLabel,
  type FeatureSpec,
  featureSpecSchema,
  type ModelSchema,
  modelSchemaSchema,
  type OutputSpec,
  type Task,
} from './schema.js';
export {
  checksumsText,
  loadModel,
  MODEL_FILES,
  modelFromFiles,
  modelToFiles,
  saveModel,
  verifyChecksums,
} from './serialize.js';
export {
  leafValue,
  type TreeEnsembleData,
  TreeEnsembleScorer,
  treeImportance,
  validateTrees,
} from './trees.js';
