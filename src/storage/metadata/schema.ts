/** The tables of the metadata store, as Kysely sees them. Times are epoch milliseconds. */
import type { Generated } from 'kysely';
import type { LabelingSchema } from './labeling-queue.js';
import type { TrackingSchema } from './tracking-schema.js';
import type { ValidationResultsTable } from './validation-results.js';

/** Which migrations have been applied. */
export interface SchemaMigrationsTable {
  version: number;
  name: string;
  applied_at: number;
}

/** A reference from a metadata row (its `owner`) to an object in the artifact store. */
export interface ObjectRefsTable {
  digest: string;
  owner: string;
  created_at: number;
}

/** The append-only audit log. */
export interface EventsTable {
  id: Generated<number>;
  time: number;
  kind: string;
  subject: string;
  actor: string;
  data: string;
}

/** Facts about the workspace (its id, when it was created). */
export interface WorkspaceInfoTable {
  key: string;
  value: string;
}

/** One version of a dataset (a file or a directory manifest). */
export interface DatasetVersionsTable {
  name: string;
  version: number;
  kind: string;
  digest: string;
  size: number;
  file_count: number;
  row_count: number | null;
  format: string | null;
  schema_json: string | null;
  profile_digest: string | null;
  source: string;
  message: string;
  author: string;
  created_at: number;
}

/** A named pointer to a dataset version (`train@gold`). */
export interface DatasetTagsTable {
  name: string;
  tag: string;
  version: number;
  updated_at: number;
}

/** Every table of the metadata store. */
export interface MetadataSchema extends TrackingSchema, LabelingSchema {
  schema_migrations: SchemaMigrationsTable;
  object_refs: ObjectRefsTable;
  events: EventsTable;
  workspace_info: WorkspaceInfoTable;
  dataset_versions: DatasetVersionsTable;
  dataset_tags: DatasetTagsTable;
  validation_results: ValidationResultsTable;
}
