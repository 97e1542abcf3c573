/** Label models over a label matrix: majority vote, the Snorkel-style label model, Dawid–Skene. */
export { type DawidSkeneOptions, type DawidSkeneResult, fitDawidSkene } from './dawid-skene.js';
export { type DecideOptions, decideLabels, type ProbabilisticLabels, type TiePolicy } from './decide.js';
export {
  classBalanceFromGold,
  fitLabelModel,
  LABEL_MODEL_MIN_LFS,
  type LabelModelOptions,
  type LabelModelResult,
} from './label-model.js';
export { majorityVote } from './majority.js';
export { type FittedLabels, LABEL_MODELS, type LabelModelKind, runLabelModel } from './run-model.js';
