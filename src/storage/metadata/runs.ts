/** The runs part of the tracking repository: run rows, params, tags, inputs and artifacts. */
import type { Kysely } from 'kysely';
import { experimentIdNumber } from './experiments.js';
import { sql } from './kysely-runtime.js';
import type { MetadataSchema } from './schema.js';
import type { RunsTable } from './tracking-schema.js';
import {
  RUN_STATUSES,
  type RunRecord,
  type RunStatus,
  STALE_HEARTBEAT_REASON,
  type TrackingRepo,
} from './tracking-types.js';

/** Rows per multi-row insert (5 columns × 500 stays far under both dialects' parameter limits). */
export const INSERT_BATCH = 500;

/** A runs row as a record. */
export function toRunRecord(r: RunsTable): RunRecord {
  return {
    id: r.id,
    experimentId: String(r.experiment_id),
    name: r.name,
    status: (RUN_STATUSES as readonly string[]).includes(r.status) ? (r.status as RunStatus) : 'FAILED',
    statusReason: r.status_reason,
    startTime: Number(r.start_time),
    endTime: r.end_time === null ? null : Number(r.end_time),
    user: r.user,
    host: r.host,
    pid: r.pid === null ? null : Number(r.pid),
    heartbeatAt: r.heartbeat_at === null ? null : Number(r.heartbeat_at),
    gitCommit: r.git_commit,
    gitDirty: r.git_dirty === null ? null : Number(r.git_dirty) === 1,
    lifecycleStage: r.lifecycle_stage === 'deleted' ? 'deleted' : 'active',
    deletedAt: r.deleted_at === null ? null : Number(r.deleted_at),
  };
}

type RunMethods = Pick<
  TrackingRepo,
  | 'createRun'
  | 'getRun'
  | 'updateRun'
  | 'heartbeat'
  | 'runningRuns'
  | 'setRunLifecycle'
  | 'purgeDeletedRuns'
  | 'addInputs'
  | 'inputs'
  | 'putArtifacts'
  | 'artifacts'
>;

/** Run-row methods over any Kysely connection or transaction. */
export function createRunMethods(db: Kysely<MetadataSchema>, newRunId: () => string): RunMethods {
  return {
    async createRun(run) {
      const startTime = run.startTime ?? Date.now();
      const row: RunsTable = {
        id: newRunId(),
        experiment_id: experimentIdNumber(run.experimentId) ?? -1,
        name: run.name,
        status: run.status ?? 'RUNNING',
        status_reason: null,
        start_time: startTime,
        end_time: null,
        user: run.user,
        host: run.host ?? null,
        pid: run.pid ?? null,
        heartbeat_at: startTime,
        git_commit: run.gitCommit ?? null,
        git_dirty: run.gitDirty === undefined || run.gitDirty === null ? null : run.gitDirty ? 1 : 0,
        lifecycle_stage: 'active',
        deleted_at: null,
      };
      await db.insertInto('runs').values(row).execute();
      return toRunRecord(row);
    },
    async getRun(id) {
      const r = await db.selectFrom('runs').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? toRunRecord(r) : undefined;
    },
    async updateRun(id, u) {
      const set: Partial<RunsTable> = {};
      if (u.status !== undefined) set.status = u.status;
      if (u.statusReason !== undefined) set.status_reason = u.statusReason;
      if (u.endTime !== undefined) set.end_time = u.endTime;
      if (u.name !== undefined) set.name = u.name;
      if (Object.keys(set).length > 0) await db.updateTable('runs').set(set).where('id', '=', id).execute();
    },
    async heartbeat(id, time) {
      // A run the sweep gave up on for lack of heartbeats comes back to life when its owner beats.
      const stale = sql`${sql.ref('status')} = 'FAILED' and ${sql.ref('status_reason')} like ${`${STALE_HEARTBEAT_REASON}%`}`;
      const r = await db
        .updateTable('runs')
        .set({
          heartbeat_at: time,
          status: sql<string>`case when ${stale} then 'RUNNING' else ${sql.ref('status')} end`,
          end_time: sql<number | null>`case when ${stale} then null else ${sql.ref('end_time')} end`,
          status_reason: sql<
            string | null
          >`case when ${stale} then null else ${sql.ref('status_reason')} end`,
        })
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async runningRuns() {
      const rows = await db.selectFrom('runs').selectAll().where('status', '=', 'RUNNING').execute();
      return rows.map(toRunRecord);
    },
    async setRunLifecycle(id, stage, time) {
      const r = await db
        .updateTable('runs')
        .set({ lifecycle_stage: stage, deleted_at: stage === 'deleted' ? time : null })
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async purgeDeletedRuns(before) {
      const rows = await db
        .selectFrom('runs')
        .select('id')
        .where('lifecycle_stage', '=', 'deleted')
        .where('deleted_at', '<', before)
        .execute();
      const ids = rows.map((r) => r.id);
      for (let i = 0; i < ids.length; i += INSERT_BATCH) {
        const chunk = ids.slice(i, i + INSERT_BATCH);
        for (const table of [
          'run_params',
          'run_tags',
          'run_metrics',
          'run_latest_metrics',
          'run_inputs',
          'run_artifacts',
        ] as const) {
          await db.deleteFrom(table).where('run_id', 'in', chunk).execute();
        }
        await db.deleteFrom('runs').where('id', 'in', chunk).execute();
      }
      return ids;
    },
    async addInputs(runId, inputs) {
      if (inputs.length === 0) return;
      await db
        .insertInto('run_inputs')
        .values(inputs.map((i) => ({ run_id: runId, dataset: i.dataset, version: i.version, role: i.role })))
        .onConflict((oc) => oc.columns(['run_id', 'dataset', 'version', 'role']).doNothing())
        .execute();
    },
    async inputs(runId) {
      const rows = await db
        .selectFrom('run_inputs')
        .selectAll()
        .where('run_id', '=', runId)
        .orderBy('role')
        .orderBy('dataset')
        .orderBy('version')
        .execute();
      return rows.map((r) => ({ dataset: r.dataset, version: Number(r.version), role: r.role }));
    },
    async putArtifacts(runId, artifacts) {
      const now = Date.now();
      for (let i = 0; i < artifacts.length; i += INSERT_BATCH) {
        const rows = artifacts.slice(i, i + INSERT_BATCH).map((a) => ({
          run_id: runId,
          path: a.path,
          digest: a.digest,
          size: a.size,
          created_at: now,
        }));
        await db
          .insertInto('run_artifacts')
          .values(rows)
          .onConflict((oc) =>
            oc.columns(['run_id', 'path']).doUpdateSet((eb) => ({
              digest: eb.ref('excluded.digest'),
              size: eb.ref('excluded.size'),
              created_at: eb.ref('excluded.created_at'),
            })),
          )
          .execute();
      }
    },
    async artifacts(runId) {
      const rows = await db
        .selectFrom('run_artifacts')
        .selectAll()
        .where('run_id', '=', runId)
        .orderBy('path')
        .execute();
      return rows.map((r) => ({
        path: r.path,
        digest: r.digest,
        size: Number(r.size),
        createdAt: Number(r.created_at),
      }));
    },
  };
}
