/**
 * Drift between a reference and current data: per column (the automatic choice of test), per
 * dataset (with corrections and the PCA detector), the drift service, and the streaming change
 * detectors ADWIN and Page–Hinkley. Built on stats/.
 */
export { Adwin, type AdwinOptions } from './adwin.js';
export {
  type ColumnDrift,
  type ColumnHistogram,
  type ColumnStatistics,
  categoricalStatistics,
  columnStatistics,
  isDrift,
  methodScore,
  numericStatistics,
} from './column-drift.js';
export {
  compareWithReference,
  type DriftReport,
  driftTables,
  type PreparedReference,
  prepareReference,
} from './dataset-drift.js';
export {
  type CategoryCounts,
  categoryCounts,
  type NumericColumn,
  type PreparedColumn,
  prepareCurrentColumn,
  prepareReferenceColumn,
} from './drift-columns.js';
export {
  autoMethod,
  CORRECTIONS,
  DRIFT_METHODS,
  type DriftKind,
  type DriftMethod,
  type DriftOptions,
  type DriftOptionsInput,
  driftOptionsSchema,
  METHODS,
  type MethodInfo,
  parseDriftOptions,
} from './drift-options.js';
export {
  createMonitoring,
  type DataDriftReport,
  type DriftDeps,
  driftData,
  type MonitoringOperations,
} from './drift-service.js';
export { PageHinkley, type PageHinkleyOptions } from './page-hinkley.js';
