/** Flywheel's public library API. */
export type {
  BatchOperations,
  BatchProgress,
  BatchRunOptions,
  BatchSummary,
  BatchWorker,
  PredictRequest,
  WorkerOptions,
} from './batch/index.js';
export * from './core/index.js';
export * from './data/index.js';
export {
  type DemoOptions,
  type DemoResult,
  type DemoStep,
  formatSummary as formatDemoSummary,
  runDemo,
} from './demo/index.js';
export * from './evaluation/index.js';
export * from './models/index.js';
export * from './monitoring/index.js';
export {
  type InitResult,
  initWorkspace,
  openPlatform,
  type Platform,
  type PlatformOptions,
  VERSION,
  type WorkspaceStatus,
} from './platform.js';
export { segmentSink } from './prediction-log/index.js';
export * from './registry/index.js';
export { createServer, type RunningServer, type ServerOptions, startServer } from './server/index.js';
export {
  type EndpointSpec,
  type ModelSource,
  type PredictInput,
  type PredictResult,
  type RoutingTable,
  type ServeConfig,
  type ServingOptions,
  ServingService,
} from './serving/index.js';
export * from './storage/artifacts/index.js';
export * from './storage/metadata/index.js';
export * from './tracking/index.js';
export * from './training/index.js';
export * from './validation/index.js';
export { configSchema, type FlywheelConfig, loadConfig, parseConfig } from './workspace-config.js';
