/** The tables of the metadata store, as Kysely sees them. Times are epoch milliseconds. */
import type { Generated } from 'kysely';

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

/** Every table of the metadata store. */
export interface MetadataSchema {
  schema_migrations: SchemaMigrationsTable;
  object_refs: ObjectRefsTable;
  events: EventsTable;
  workspace_info: WorkspaceInfoTable;
}
