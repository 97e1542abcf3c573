/** The foundation: object references, the audit log and workspace facts. */
import type { Kysely } from 'kysely';
import { autoIncrementId, type DialectName } from '../dialect.js';
import type { MetadataSchema } from '../schema.js';

/** Create the foundation tables. */
export async function up(db: Kysely<MetadataSchema>, dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('object_refs')
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('object_refs_pk', ['digest', 'owner'])
    .execute();
  await db.schema.createIndex('object_refs_owner').on('object_refs').column('owner').execute();
  await db.schema
    .createTable('events')
    .addColumn('id', autoIncrementId(dialect))
    .addColumn('time', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('events_subject').on('events').columns(['subject', 'id']).execute();
  await db.schema
    .createTable('workspace_info')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}
