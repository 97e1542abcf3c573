/** storage/metadata: the metadata store interface, its SQLite and PostgreSQL implementations, migrations. */
export type { DialectName } from './dialect.js';
export { defaultActor } from './events.js';
export type {
  LabelingQueueRepo,
  NewQueueItem,
  QueueAnnotation,
  QueueItem,
  QueueProgress,
  QueueProject,
} from './labeling-queue.js';
export type {
  DatasetColumn,
  DatasetRecord,
  DatasetRepo,
  EventLog,
  EventQuery,
  EventRecord,
  MetadataStore,
  NewDatasetVersion,
  NewEvent,
  ObjectRefs,
  TableCounts,
} from './metadata-store.js';
export { versionNotFound } from './models.js';
export { openMetadataStore } from './open.js';
export { PostgresMetadataStore, redactUrl } from './postgres.js';
export type {
  ModelAlias,
  ModelRecord,
  ModelSchemaColumn,
  ModelVersionRecord,
  NewModelVersion,
  RegistryRepo,
} from './registry-types.js';
export { runNotFound } from './run-search.js';
export { SqliteMetadataStore } from './sqlite.js';
export {
  type ExperimentRecord,
  type FilterOperator,
  type LatestMetric,
  type LifecycleStage,
  type MetricColumns,
  type MetricPoint,
  type NameMatch,
  type NewRun,
  RUN_STATUSES,
  type RunArtifact,
  type RunAttribute,
  type RunDetail,
  type RunField,
  type RunFilter,
  type RunInput,
  type RunRecord,
  type RunSearch,
  type RunSort,
  type RunStatus,
  type RunUpdate,
  STALE_HEARTBEAT_REASON,
  type TrackingRepo,
  type ViewType,
} from './tracking-types.js';
export type { NewValidationRecord, ValidationRecord, ValidationResultRepo } from './validation-results.js';
