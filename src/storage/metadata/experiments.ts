/** The experiments part of the tracking repository. */
import type { Kysely } from 'kysely';
import { FlywheelError } from '../../core/index.js';
import type { DialectName } from './dialect.js';
import { matchName } from './run-search.js';
import type { MetadataSchema } from './schema.js';
import type { ExperimentsTable } from './tracking-schema.js';
import type { ExperimentRecord, TrackingRepo } from './tracking-types.js';

type Row = Omit<ExperimentsTable, 'id'> & { id: number | string };

function toRecord(r: Row): ExperimentRecord {
  return {
    id: String(r.id),
    name: r.name,
    artifactLocation: r.artifact_location,
    lifecycleStage: r.lifecycle_stage === 'deleted' ? 'deleted' : 'active',
    tags: JSON.parse(r.tags_json) as Record<string, string>,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

/** A numeric experiment id, or undefined when `id` is not one (so lookups find nothing). */
export function experimentIdNumber(id: string): number | undefined {
  return /^\d{1,15}$/.test(id) ? Number(id) : undefined;
}

type ExperimentMethods = Pick<
  TrackingRepo,
  'createExperiment' | 'getExperiment' | 'getExperimentByName' | 'listExperiments'
>;

/** Experiment methods over any Kysely connection or transaction. */
export function createExperimentMethods(db: Kysely<MetadataSchema>, dialect: DialectName): ExperimentMethods {
  return {
    async createExperiment(name, artifactLocation, tags = {}) {
      const existing = await db
        .selectFrom('experiments')
        .select('id')
        .where('name', '=', name)
        .executeTakeFirst();
      if (existing) {
        throw new FlywheelError('ALREADY_EXISTS', `experiment "${name}" already exists (id ${existing.id})`, {
          hint: 'Use the existing experiment, or pick another name.',
          details: { experimentId: String(existing.id) },
        });
      }
      const now = Date.now();
      const row = await db
        .insertInto('experiments')
        .values({
          name,
          artifact_location: artifactLocation,
          lifecycle_stage: 'active',
          tags_json: JSON.stringify(tags),
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toRecord(row);
    },
    async getExperiment(id) {
      const n = experimentIdNumber(id);
      if (n === undefined) return undefined;
      const r = await db.selectFrom('experiments').selectAll().where('id', '=', n).executeTakeFirst();
      return r ? toRecord(r) : undefined;
    },
    async getExperimentByName(name) {
      const r = await db.selectFrom('experiments').selectAll().where('name', '=', name).executeTakeFirst();
      return r ? toRecord(r) : undefined;
    },
    async listExperiments({ view = 'active', name, limit, offset = 0 }) {
      let q = db.selectFrom('experiments').selectAll().orderBy('id', 'asc').limit(limit).offset(offset);
      if (view !== 'all') q = q.where('lifecycle_stage', '=', view);
      if (name !== undefined) q = q.where(() => matchName(dialect, 'name', name));
      return (await q.execute()).map(toRecord);
    },
  };
}
