/** Validation results: one row per suite checked against a dataset version, the report in the object store. */
import type { Kysely } from 'kysely';
import type { MetadataSchema } from '../schema.js';

/** Create the validation results table. */
export async function up(db: Kysely<MetadataSchema>): Promise<void> {
  await db.schema
    .createTable('validation_results')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('dataset_name', 'text', (c) => c.notNull())
    .addColumn('dataset_version', 'integer', (c) => c.notNull())
    .addColumn('suite_name', 'text', (c) => c.notNull())
    .addColumn('suite_digest', 'text', (c) => c.notNull())
    .addColumn('success', 'integer', (c) => c.notNull())
    .addColumn('evaluated', 'integer', (c) => c.notNull())
    .addColumn('failed', 'integer', (c) => c.notNull())
    .addColumn('row_count', 'bigint', (c) => c.notNull())
    .addColumn('report_digest', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('validation_results_dataset')
    .on('validation_results')
    .columns(['dataset_name', 'dataset_version', 'created_at'])
    .execute();
}
