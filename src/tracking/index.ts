/**
 * tracking: experiments and runs — who ran what, on which data and code version, with which params,
 * producing which metrics and artifacts. `createTracking` is what `platform.tracking` is.
 */
export { artifactsUnder } from './artifacts.js';
export { DEFAULT_EXPERIMENT, experimentNotFound } from './experiments.js';
export { isNumericField, parseRunFilter, parseRunSort } from './filter.js';
export { type GitState, readGitState } from './git.js';
export { checkLikePattern, FILTER_LIMITS, filterLimitError, LIMITS } from './limits.js';
export { pidAlive, type SweptRun, sweepDeadRuns } from './liveness.js';
export { RunHandle } from './run-handle.js';
export { paramText, runRefOwner } from './run-ops.js';
export {
  type ComparedValue,
  MAX_SEARCH_RESULTS,
  type RunComparison,
  type RunSummary,
  type RunView,
  type SearchRunsOptions,
} from './run-queries.js';
export type { MetricInput, RunBatch } from './run-writes.js';
export type {
  CreateRunOptions,
  StartRunOptions,
  TrackingDeps,
  TrackingOptions,
  TrackingService,
} from './tracking-api.js';
export { createTracking } from './tracking-service.js';
