/** Experiment tracking (experiments, runs, params, metrics, tags, inputs, artifacts) and the model registry. */
import type { Kysely } from 'kysely';
import { autoIncrementId, type DialectName } from '../dialect.js';
import type { MetadataSchema } from '../schema.js';

/** Create the tracking and registry tables, and the "Default" experiment (id 0, as MLflow has). */
export async function up(db: Kysely<MetadataSchema>, dialect: DialectName): Promise<void> {
  await createTrackingTables(db, dialect);
  await createRunDataTables(db);
  await createRegistryTables(db);
  const now = Date.now();
  await db
    .insertInto('experiments')
    .values({
      id: 0,
      name: 'Default',
      artifact_location: 'flywheel:/experiments/0',
      lifecycle_stage: 'active',
      tags_json: '{}',
      created_at: now,
      updated_at: now,
    })
    .execute();
}

async function createTrackingTables(db: Kysely<MetadataSchema>, dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('experiments')
    .addColumn('id', autoIncrementId(dialect))
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('artifact_location', 'text', (c) => c.notNull())
    .addColumn('lifecycle_stage', 'text', (c) => c.notNull())
    .addColumn('tags_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('experiment_id', 'bigint', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_reason', 'text')
    .addColumn('start_time', 'bigint', (c) => c.notNull())
    .addColumn('end_time', 'bigint')
    .addColumn('user', 'text', (c) => c.notNull())
    .addColumn('host', 'text')
    .addColumn('pid', 'integer')
    .addColumn('heartbeat_at', 'bigint')
    .addColumn('git_commit', 'text')
    .addColumn('git_dirty', 'integer')
    .addColumn('lifecycle_stage', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('runs_experiment')
    .on('runs')
    .columns(['experiment_id', 'start_time'])
    .execute();
  await db.schema.createIndex('runs_status').on('runs').column('status').execute();
}

async function createRunDataTables(db: Kysely<MetadataSchema>): Promise<void> {
  for (const table of ['run_params', 'run_tags'] as const) {
    await db.schema
      .createTable(table)
      .addColumn('run_id', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint(`${table}_pk`, ['run_id', 'key'])
      .execute();
  }
  await db.schema
    .createTable('run_metrics')
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'double precision')
    .addColumn('step', 'bigint', (c) => c.notNull())
    .addColumn('time', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('run_metrics_key')
    .on('run_metrics')
    .columns(['run_id', 'key', 'step'])
    .execute();
  await db.schema
    .createTable('run_latest_metrics')
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'double precision')
    .addColumn('step', 'bigint', (c) => c.notNull())
    .addColumn('time', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('run_latest_metrics_pk', ['run_id', 'key'])
    .execute();
  await db.schema
    .createTable('run_inputs')
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('dataset', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('run_inputs_pk', ['run_id', 'dataset', 'version', 'role'])
    .execute();
  await db.schema
    .createTable('run_artifacts')
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('run_artifacts_pk', ['run_id', 'path'])
    .execute();
}

async function createRegistryTables(db: Kysely<MetadataSchema>): Promise<void> {
  await db.schema
    .createTable('registered_models')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('tags_json', 'text', (c) => c.notNull())
    .addColumn('user', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('model_versions')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('run_id', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('artifact_path', 'text')
    .addColumn('digests_json', 'text', (c) => c.notNull())
    .addColumn('input_schema_json', 'text')
    .addColumn('output_schema_json', 'text')
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('tags_json', 'text', (c) => c.notNull())
    .addColumn('user', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('model_versions_pk', ['name', 'version'])
    .execute();
  await db.schema.createIndex('model_versions_run').on('model_versions').column('run_id').execute();
  await db.schema
    .createTable('model_aliases')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('alias', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('model_aliases_pk', ['name', 'alias'])
    .execute();
}
