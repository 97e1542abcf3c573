/**
 * The labeling module: labeling functions written in TypeScript, the sparse label matrix they make
 * (applied over worker threads), Snorkel's LF analysis, and label models (majority vote, a
 * Snorkel-style label model, Dawid–Skene) that turn the votes into probabilistic labels; `label
 * apply` records them as a new dataset version. (The human labeling queue will live in queue/ and
 * agreement/ beside these.)
 */

export * from './agreement/index.js';
export { analyzeLabelMatrix, type LfAnalysis, type LfStats } from './analysis.js';
export { goldLabels } from './gold.js';
export {
  analyzeLabels,
  applyLabels,
  createLabeling,
  type LabelApplyOptions,
  type LabelApplyResult,
  type LabelingOperations,
  type LabelRunOptions,
} from './label-service.js';
export type { LabelingFile, LfErrorPolicy } from './lf/index.js';
export {
  ABSTAIN,
  type ApplyOptions,
  type ApplyResult,
  applyLabelingFunctions,
  isLabelingFunction,
  type LabelingFunction,
  type LabelingFunctionOptions,
  type LabelRow,
  type LfSource,
  type LoadedLabelingFile,
  labelingFunction,
  loadLabelingFile,
  type Preprocessor,
} from './lf/index.js';
export { type LabelMatrix, labelMatrixFromDense, labelMatrixToDense, voteCounts } from './matrix.js';
export {
  classBalanceFromGold,
  type DawidSkeneOptions,
  type DawidSkeneResult,
  type DecideOptions,
  decideLabels,
  type FittedLabels,
  fitDawidSkene,
  fitLabelModel,
  LABEL_MODEL_MIN_LFS,
  LABEL_MODELS,
  type LabelModelKind,
  type LabelModelOptions,
  type LabelModelResult,
  majorityVote,
  type ProbabilisticLabels,
  runLabelModel,
  type TiePolicy,
} from './model/index.js';
export * from './queue/index.js';
export type { LabelReport, LfReportRow, ModelSummary } from './report.js';
export { renderLabelReportHtml } from './report-html.js';
export {
  type SyntheticAnnotationOptions,
  type SyntheticLfOptions,
  type SyntheticVotes,
  syntheticAnnotations,
  syntheticLfVotes,
} from './synthetic.js';
