/**
 * Model performance per window: from delayed labels when they exist, estimated by CBPE from the
 * scores when they do not.
 */
export {
  type CbpeEstimate,
  type CbpeOptions,
  estimatePerformance,
  expectedConfusion,
  expectedRocAuc,
  type ScoredRows,
} from './cbpe.js';
export {
  type PerformanceModel,
  type PerformanceOptions,
  type WindowPerformance,
  windowPerformance,
} from './performance.js';
