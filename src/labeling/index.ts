/**
 * The labeling module: labeling functions written in TypeScript, the sparse label matrix they make
 * (applied over worker threads), Snorkel's LF analysis, and label models (majority vote, a
 * Snorkel-style label model, Dawid–Skene) that turn the votes into probabilistic labels; `label
 * apply` records them as a new dataset version. (The human labeling queue will live in queue/ and
 * agreement/ beside these.)
 */
export { analyzeLabelMatrix, type LfAnalysis, type LfStats } from './analysis.js';
export { goldLabels } from './gold.js';
export {
  analyzeLabels,
  applyLabels,
  type LabelApplyOptions,
  type LabelApplyResult,
  type LabelRunOptions,
} from './label-service.js';
export { type ApplyOptions, type ApplyResult, applyLabelingFunctions, type LfSource } from './lf/apply.js';
export type { LabelingFile } from './lf/collect.js';
export {
  ABSTAIN,
  isLabelingFunction,
  type LabelingFunction,
  type LabelingFunctionOptions,
  type LabelRow,
  labelingFunction,
  type Preprocessor,
} from './lf/labeling-function.js';
export { type LoadedLabelingFile, loadLabelingFile } from './lf/load-lfs.js';
export type { LfErrorPolicy } from './lf/run-chunk.js';
export { type LabelMatrix, labelMatrixFromDense, labelMatrixToDense, voteCounts } from './matrix.js';
export { type DawidSkeneOptions, type DawidSkeneResult, fitDawidSkene } from './model/dawid-skene.js';
export {
  type DecideOptions,
  decideLabels,
  type ProbabilisticLabels,
  type TiePolicy,
} from './model/decide.js';
export {
  classBalanceFromGold,
  fitLabelModel,
  LABEL_MODEL_MIN_LFS,
  type LabelModelOptions,
  type LabelModelResult,
} from './model/label-model.js';
export { majorityVote } from './model/majority.js';
export { type FittedLabels, LABEL_MODELS, type LabelModelKind, runLabelModel } from './model/run-model.js';
export type { LabelReport, LfReportRow, ModelSummary } from './report.js';
export { renderLabelReportHtml } from './report-html.js';
export {
  type SyntheticAnnotationOptions,
  type SyntheticLfOptions,
  type SyntheticVotes,
  syntheticAnnotations,
  syntheticLfVotes,
} from './synthetic.js';
