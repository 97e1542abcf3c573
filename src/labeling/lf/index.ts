/** Labeling functions: the API users write, loading an LF file, and applying it over worker threads. */
export { type ApplyOptions, type ApplyResult, applyLabelingFunctions, type LfSource } from './apply.js';
export type { LabelingFile } from './collect.js';
export {
  ABSTAIN,
  isLabelingFunction,
  type LabelingFunction,
  type LabelingFunctionOptions,
  type LabelRow,
  labelingFunction,
  type Preprocessor,
} from './labeling-function.js';
export { type LoadedLabelingFile, loadLabelingFile } from './load-lfs.js';
export type { LfErrorPolicy } from './run-chunk.js';
