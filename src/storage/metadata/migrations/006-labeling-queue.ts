/**
 * The human labeling queue: projects, their items, and one assignment row per (item, annotator)
 * that is pending, answered or skipped. The primary key of assignments makes a second hand-out of
 * the same (item, annotator) impossible even if the locking were wrong.
 */
import type { Kysely } from 'kysely';
import type { MetadataSchema } from '../schema.js';

/** Create the labeling queue tables. */
export async function up(db: Kysely<MetadataSchema>): Promise<void> {
  await db.schema
    .createTable('labeling_projects')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('spec_json', 'text', (c) => c.notNull())
    .addColumn('labels_json', 'text', (c) => c.notNull())
    .addColumn('annotations_per_item', 'integer', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('labeling_items')
    .addColumn('project', 'text', (c) => c.notNull())
    .addColumn('item_key', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('priority', 'double precision', (c) => c.notNull())
    .addColumn('data_json', 'text', (c) => c.notNull())
    .addColumn('suggestion_json', 'text')
    .addColumn('answered', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('labeling_items_pk', ['project', 'item_key'])
    .execute();
  await db.schema
    .createIndex('labeling_items_order')
    .on('labeling_items')
    .columns(['project', 'answered', 'priority', 'position'])
    .execute();
  await db.schema
    .createTable('labeling_assignments')
    .addColumn('project', 'text', (c) => c.notNull())
    .addColumn('item_key', 'text', (c) => c.notNull())
    .addColumn('annotator', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('label', 'text')
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('leased_until', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('labeling_assignments_pk', ['project', 'item_key', 'annotator'])
    .execute();
  await db.schema
    .createIndex('labeling_assignments_annotator')
    .on('labeling_assignments')
    .columns(['project', 'annotator', 'status', 'seq'])
    .execute();
}
