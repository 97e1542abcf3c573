/** Dataset versions and their tags. */
import type { Kysely } from 'kysely';
import type { MetadataSchema } from '../schema.js';

/** Create the dataset tables. */
export async function up(db: Kysely<MetadataSchema>): Promise<void> {
  await db.schema
    .createTable('dataset_versions')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('file_count', 'integer', (c) => c.notNull())
    .addColumn('row_count', 'bigint')
    .addColumn('format', 'text')
    .addColumn('schema_json', 'text')
    .addColumn('profile_digest', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('dataset_versions_pk', ['name', 'version'])
    .execute();
  await db.schema
    .createTable('dataset_tags')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('tag', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('dataset_tags_pk', ['name', 'tag'])
    .execute();
}
