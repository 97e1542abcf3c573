/** evaluation: metrics, baselines, slices, requirements, operating points, confidence policies, `flywheel eval`. */

export * from '../metrics/index.js';
// The policy belongs to the model (models/decision.ts); re-exported for `flywheel eval`'s callers.
export { CONFIDENCE_ACTIONS, type ConfidencePolicy, confidencePolicySchema } from '../models/index.js';
export { type Baseline, type BaselineSpec, type BaselineTrainer, computeBaselines } from './baselines.js';
export { type CoveragePoint, confidences, coverageAccuracy } from './confidence.js';
export { type EvalDeps, type EvalRequest, type EvalResult, runEvaluation } from './eval-service.js';
export {
  type EvalReport,
  type EvaluateOptions,
  evaluateModel,
  type OperatingReport,
  type SliceResult,
} from './evaluate.js';
export { type Explanation, explainRows } from './explain/explain.js';
export { expectedValue, goesLeft, nodeCovers, treeShap } from './explain/tree-shap.js';
export {
  type ExplainRequest,
  type ExplainResult,
  type ExplainUnit,
  explainUnit,
  runExplain,
  trainingDataOf,
} from './explain-service.js';
export {
  computeMetricSet,
  LOWER_IS_BETTER,
  type MetricValues,
  PRIMARY_METRIC,
  type Scores,
} from './metric-set.js';
export { renderEvalHtml } from './report-html.js';
export {
  type CalibrationBin,
  type ConfusionReport,
  type CurvePoints,
  type Curves,
  calibrationBins,
  confusionReport,
} from './report-parts.js';
export {
  checkRequirements,
  parseRequirement,
  type Requirement,
  type RequirementResult,
} from './requirements.js';
export { parseSlice, type Slice, sliceTable } from './slices.js';
export { encodeTarget } from './targets.js';
export { chooseThreshold, type OperatingPoint, type OperatingTarget, wilsonInterval } from './threshold.js';
export { overlapWarnings, type TrainingOverlap, trainingOverlap } from './training-data.js';
