/** storage/metadata: the metadata store interface, its SQLite and PostgreSQL implementations, migrations. */
export type { DialectName } from './dialect.js';
export { defaultActor } from './events.js';
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
export { openMetadataStore } from './open.js';
export { PostgresMetadataStore, redactUrl } from './postgres.js';
export { SqliteMetadataStore } from './sqlite.js';
