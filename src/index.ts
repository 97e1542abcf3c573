/**
 * Flywheel's package root, `import … from 'flywheel'`: the platform (open a workspace and use it)
 * and the types of what it returns, the error catalog, tables with reading and writing, and the
 * model types. Everything else is reached through a module's own entry point, `flywheel/<module>`
 * (the "exports" of package.json: data, validation, tracking, models, training, evaluation, metrics,
 * registry, serving, server, batch, monitoring, prediction-log, kernels, storage, demo).
 * etc/flywheel.api.md is the report of this root's API, checked by CI (`npm run api:check`).
 */

// The types of what the platform's operations take and return.
export type { BatchOperations } from './batch/index.js';
export type { Logger } from './core/index.js';
export {
  ERROR_CATALOG,
  type ErrorCode,
  type ErrorLocation,
  FlywheelError,
  type FlywheelErrorOptions,
  isFlywheelError,
  type SerializedError,
} from './core/index.js';
export type {
  AddDatasetOptions,
  AddDatasetResult,
  CheckoutResult,
  ChunkBuffers,
  DataEngine,
  DataFormat,
  DatasetDiff,
  FromRowsOptions,
  ReadAccelerator,
  ReadOptions,
  ResolvedData,
  SplitDatasetOptions,
  SplitDatasetResult,
} from './data/index.js';
export {
  type BoolColumn,
  type CellValue,
  type Column,
  type ColumnKind,
  type ColumnSchema,
  type DictionaryColumn,
  type FileColumn,
  type Float64Column,
  type ReadChunksOptions,
  type ReadTableOptions,
  readChunks,
  readSchema,
  readTable,
  type Table,
  type TimestampColumn,
  tableFromRows,
  type WriteOptions,
  writeTable,
} from './data/index.js';
export type { EvalRequest, EvalResult, ExplainRequest, ExplainResult } from './evaluation/index.js';
export type {
  ClassLabel,
  FeatureRow,
  FeatureSpec,
  Model,
  ModelFamily,
  ModelSchema,
  OutputLink,
  OutputSpec,
  Prediction,
  Preprocessor,
  Scorer,
  Task,
} from './models/index.js';
export type {
  MonitoringOperations,
  MonitorReport,
  MonitorRequest,
  MonitorRunReport,
} from './monitoring/index.js';
export {
  type DataOperations,
  type InitResult,
  initWorkspace,
  openPlatform,
  type Platform,
  type PlatformOptions,
  VERSION,
  type WorkspaceStatus,
} from './platform.js';
export type { RegistryService, VersionView } from './registry/index.js';
export type { ServingService } from './serving/index.js';
export type { ArtifactStore, FsckReport, GcReport } from './storage/artifacts/index.js';
export type { MetadataStore } from './storage/metadata/index.js';
export type { TrackingOptions, TrackingService } from './tracking/index.js';
export type { TrainRequest, TrainResult } from './training/index.js';
export type { ValidationOperations } from './validation/index.js';
export type { FlywheelConfig } from './workspace-config.js';
