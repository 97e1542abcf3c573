/** The metrics, params and tags part of the tracking repository. */
import type { Kysely } from 'kysely';
import { INSERT_BATCH } from './runs.js';
import type { MetadataSchema } from './schema.js';
import type { RunMetricsTable } from './tracking-schema.js';
import type { LatestMetric, MetricColumns, TrackingRepo } from './tracking-types.js';

/** Metric rows per insert: 5 columns × 2,000 = 10,000 parameters (SQLite allows 32,766, PostgreSQL 65,535). */
const METRIC_BATCH = 2000;

const toValue = (v: number | null): number => (v === null ? Number.NaN : Number(v));
const fromValue = (v: number): number | null => (Number.isNaN(v) ? null : v);

type ValueMethods = Pick<
  TrackingRepo,
  | 'params'
  | 'putParams'
  | 'tags'
  | 'setTags'
  | 'deleteTag'
  | 'logMetrics'
  | 'latestMetrics'
  | 'metricHistory'
  | 'metricCount'
>;

/** Params, tags and metrics over any Kysely connection or transaction. */
export function createValueMethods(db: Kysely<MetadataSchema>): ValueMethods {
  const keyValues = async (table: 'run_params' | 'run_tags', runId: string) => {
    const rows = await db
      .selectFrom(table)
      .select(['key', 'value'])
      .where('run_id', '=', runId)
      .orderBy('key')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.key, r.value]));
  };
  return {
    params: (runId) => keyValues('run_params', runId),
    async putParams(runId, params) {
      const rows = Object.entries(params).map(([key, value]) => ({ run_id: runId, key, value }));
      for (let i = 0; i < rows.length; i += INSERT_BATCH) {
        await db
          .insertInto('run_params')
          .values(rows.slice(i, i + INSERT_BATCH))
          .onConflict((oc) => oc.columns(['run_id', 'key']).doNothing())
          .execute();
      }
    },
    tags: (runId) => keyValues('run_tags', runId),
    async setTags(runId, tags) {
      const rows = Object.entries(tags).map(([key, value]) => ({ run_id: runId, key, value }));
      for (let i = 0; i < rows.length; i += INSERT_BATCH) {
        await db
          .insertInto('run_tags')
          .values(rows.slice(i, i + INSERT_BATCH))
          .onConflict((oc) =>
            oc.columns(['run_id', 'key']).doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })),
          )
          .execute();
      }
    },
    async deleteTag(runId, key) {
      const r = await db
        .deleteFrom('run_tags')
        .where('run_id', '=', runId)
        .where('key', '=', key)
        .executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async logMetrics(runId, points) {
      await insertPoints(db, runId, points);
      await updateLatest(db, runId, points);
    },
    async latestMetrics(runId) {
      const rows = await db
        .selectFrom('run_latest_metrics')
        .selectAll()
        .where('run_id', '=', runId)
        .orderBy('key')
        .execute();
      return Object.fromEntries(
        rows.map((r): [string, LatestMetric] => [
          r.key,
          { value: toValue(r.value), step: Number(r.step), time: Number(r.time) },
        ]),
      );
    },
    async metricHistory(runId, key, options = {}) {
      let q = db
        .selectFrom('run_metrics')
        // Not the key: it is the one asked for (a string a point saved: ~20% of reading a curve).
        .select(['value', 'step', 'time'])
        .where('run_id', '=', runId)
        .where('key', '=', key)
        .orderBy('step')
        .orderBy('time');
      if (options.limit !== undefined) q = q.limit(options.limit).offset(options.offset ?? 0);
      const rows = await q.execute();
      return rows.map((r) => ({
        key,
        value: toValue(r.value),
        step: Number(r.step),
        time: Number(r.time),
      }));
    },
    async metricCount(runId) {
      const r = await db
        .selectFrom('run_metrics')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('run_id', '=', runId)
        .executeTakeFirst();
      return Number(r?.n ?? 0);
    },
  };
}

async function insertPoints(db: Kysely<MetadataSchema>, runId: string, p: MetricColumns): Promise<void> {
  for (let start = 0; start < p.length; start += METRIC_BATCH) {
    const end = Math.min(p.length, start + METRIC_BATCH);
    const rows: RunMetricsTable[] = new Array(end - start);
    for (let i = start; i < end; i++) {
      rows[i - start] = {
        run_id: runId,
        key: p.keys[i]!,
        value: fromValue(p.values[i]!),
        step: p.steps[i]!,
        time: p.times[i]!,
      };
    }
    await db.insertInto('run_metrics').values(rows).execute();
  }
}

/**
 * The latest point per key of this batch, merged into run_latest_metrics: a point replaces the
 * stored one when its (step, time) is not older, so concurrent writers converge on the same row.
 */
async function updateLatest(db: Kysely<MetadataSchema>, runId: string, p: MetricColumns): Promise<void> {
  const latest = new Map<string, number>();
  for (let i = 0; i < p.length; i++) {
    const key = p.keys[i]!;
    const j = latest.get(key);
    if (
      j === undefined ||
      p.steps[i]! > p.steps[j]! ||
      (p.steps[i] === p.steps[j] && p.times[i]! >= p.times[j]!)
    )
      latest.set(key, i);
  }
  const rows = [...latest].map(([key, i]) => ({
    run_id: runId,
    key,
    value: fromValue(p.values[i]!),
    step: p.steps[i]!,
    time: p.times[i]!,
  }));
  for (let i = 0; i < rows.length; i += INSERT_BATCH) {
    await db
      .insertInto('run_latest_metrics')
      .values(rows.slice(i, i + INSERT_BATCH))
      .onConflict((oc) =>
        oc
          .columns(['run_id', 'key'])
          .doUpdateSet((eb) => ({
            value: eb.ref('excluded.value'),
            step: eb.ref('excluded.step'),
            time: eb.ref('excluded.time'),
          }))
          .where((eb) =>
            eb.or([
              eb('excluded.step', '>', eb.ref('run_latest_metrics.step')),
              eb.and([
                eb('excluded.step', '=', eb.ref('run_latest_metrics.step')),
                eb('excluded.time', '>=', eb.ref('run_latest_metrics.time')),
              ]),
            ]),
          ),
      )
      .execute();
  }
}
