/**
 * training: the trainers (linear/logistic/softmax regression by L-BFGS and OWL-QN, histogram
 * gradient-boosted trees, the MLP), objectives with combined losses and weights, `trainModel` on an
 * in-memory table, and `trainTracked` (what `platform.train` is) with tracking and the registry.
 */
export type { FamilyInput, FamilyResult, StopReason, TrainHooks } from './family.js';
export type { CategoricalEncoding } from './features.js';
export { type LossTermSpec, lossTermSchema, type WeightSpec } from './loss-spec.js';
export { createObjective, type LossKind, type LossTerm, type Objective } from './objective.js';
export type { ParamValue, TrainObserver, TrainProgress } from './observer.js';
export {
  type FamilyName,
  type GbdtParams,
  gbdtParamsSchema,
  type LinearParams,
  linearParamsSchema,
  type MlpParams,
  mlpParamsSchema,
  parseFamilyParams,
  parseParamFlags,
} from './params.js';
export {
  loadReference,
  REFERENCE_ARTIFACT,
  REFERENCE_MAX_ROWS,
  referenceRows,
  storeReference,
} from './reference-sample.js';
export { type TrainControls, type TrainOutcome, trainModel } from './train.js';
export { parseTrainConfig, readTrainConfig, requestFromConfig } from './train-config.js';
export {
  MODEL_ARTIFACT,
  type TrainDeps,
  type TrainRequest,
  type TrainResult,
  trainTracked,
} from './train-service.js';
export { type TrainConfig, type TrainSpec, trainConfigSchema } from './train-spec.js';
