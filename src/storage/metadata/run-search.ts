/**
 * Run search: a parsed run filter (see src/tracking/filter.ts) compiled to SQL with Kysely, once
 * for both dialects. Metrics compare on the latest-value table, params and tags on theirs; each
 * comparison is an EXISTS on a primary-key lookup, so a filter costs one index probe per run.
 */
import type { Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely';
import { FlywheelError } from '../../core/index.js';
import type { DialectName } from './dialect.js';
import { experimentIdNumber } from './experiments.js';
import { sql } from './kysely-runtime.js';
import { INSERT_BATCH, toRunRecord } from './runs.js';
import type { MetadataSchema } from './schema.js';
import type {
  NameMatch,
  RunAttribute,
  RunDetail,
  RunField,
  RunFilter,
  RunRecord,
  RunSearch,
  TrackingRepo,
} from './tracking-types.js';

type RunsEb = ExpressionBuilder<MetadataSchema, 'runs'>;

const ATTRIBUTE_COLUMNS = {
  run_id: 'runs.id',
  run_name: 'runs.name',
  status: 'runs.status',
  start_time: 'runs.start_time',
  end_time: 'runs.end_time',
  user: 'runs.user',
  host: 'runs.host',
  experiment_id: 'runs.experiment_id',
  git_commit: 'runs.git_commit',
} as const satisfies Record<RunAttribute, string>;

const VALUE_TABLES = { metric: 'run_latest_metrics', param: 'run_params', tag: 'run_tags' } as const;

/** The key/value table of a field kind, aliased `v` (typed as one of them: only run_id, key, value are used). */
function valueTable(kind: keyof typeof VALUE_TABLES): 'run_tags as v' {
  return `${VALUE_TABLES[kind]} as v` as 'run_tags as v';
}

/** Translate a LIKE pattern into a GLOB pattern: SQLite's LIKE ignores case, GLOB does not. */
export function likeToGlob(pattern: string): string {
  let out = '';
  for (const ch of pattern) {
    if (ch === '%') out += '*';
    else if (ch === '_') out += '?';
    else if (ch === '*' || ch === '?' || ch === '[') out += `[${ch}]`;
    else out += ch;
  }
  return out;
}

function compareSql(
  dialect: DialectName,
  column: Expression<unknown>,
  operator: string,
  value: string | number,
): Expression<SqlBool> {
  if (operator === 'like') {
    return dialect === 'sqlite'
      ? sql<SqlBool>`${column} glob ${likeToGlob(String(value))}`
      : sql<SqlBool>`${column} like ${value}`;
  }
  if (operator === 'ilike') {
    return dialect === 'sqlite'
      ? sql<SqlBool>`lower(${column}) like lower(${value})`
      : sql<SqlBool>`${column} ilike ${value}`;
  }
  const op = operator === '!=' ? '<>' : operator;
  return sql<SqlBool>`${column} ${sql.raw(op)} ${value}`;
}

/** SQL for a name condition on `column`, alike on both dialects (LIKE case-sensitive, ILIKE not). */
export function matchName(dialect: DialectName, column: string, match: NameMatch): Expression<SqlBool> {
  return compareSql(dialect, sql.ref(column), match.operator, match.value);
}

function attributeValue(field: RunField, value: string | number): string | number {
  if (field.kind === 'attribute' && field.name === 'experiment_id') {
    return experimentIdNumber(String(value)) ?? -1;
  }
  return value;
}

type LeafFilter = Exclude<RunFilter, { op: 'and' } | { op: 'or' }>;

function compileFilter(dialect: DialectName, eb: RunsEb, f: RunFilter): Expression<SqlBool> {
  if (f.op === 'and' || f.op === 'or') {
    const parts = f.args.map((a) => compileFilter(dialect, eb, a));
    return f.op === 'and' ? eb.and(parts) : eb.or(parts);
  }
  const field = f.field;
  if (field.kind === 'attribute') return compileTest(dialect, eb, f, eb.ref(ATTRIBUTE_COLUMNS[field.name]));
  return eb.exists(
    eb
      .selectFrom(valueTable(field.kind))
      .select(sql.lit(1).as('one'))
      .whereRef('v.run_id', '=', 'runs.id')
      .where('v.key', '=', field.key)
      .where((vb) => compileTest(dialect, vb, f, vb.ref('v.value'))),
  );
}

function compileTest(
  dialect: DialectName,
  // biome-ignore lint/suspicious/noExplicitAny: the builder of the runs query or of a value subquery
  eb: ExpressionBuilder<any, any>,
  f: LeafFilter,
  column: Expression<unknown>,
): Expression<SqlBool> {
  if (f.op === 'in') {
    const values = f.values.map((v) => attributeValue(f.field, v));
    return eb(column, f.negate ? 'not in' : 'in', values);
  }
  return compareSql(dialect, column, f.operator, attributeValue(f.field, f.value));
}

function sortValue(eb: RunsEb, field: RunField): Expression<unknown> {
  if (field.kind === 'attribute') return eb.ref(ATTRIBUTE_COLUMNS[field.name]);
  return eb
    .selectFrom(valueTable(field.kind))
    .select('v.value')
    .whereRef('v.run_id', '=', 'runs.id')
    .where('v.key', '=', field.key);
}

/** Runs matching `search`, with their params, metrics and tags. */
export async function searchRuns(
  db: Kysely<MetadataSchema>,
  dialect: DialectName,
  details: TrackingRepo['runDetails'],
  search: RunSearch,
): Promise<RunDetail[]> {
  let q = db.selectFrom('runs').selectAll('runs');
  const view = search.view ?? 'active';
  if (view !== 'all') q = q.where('runs.lifecycle_stage', '=', view);
  if (search.experimentIds !== undefined) {
    const ids = search.experimentIds.map((id) => experimentIdNumber(id) ?? -1);
    if (ids.length === 0) return [];
    q = q.where('runs.experiment_id', 'in', ids);
  }
  const filter = search.filter;
  if (filter) q = q.where((eb) => compileFilter(dialect, eb, filter));
  for (const s of search.sort ?? []) {
    const field = s.field;
    const direction = s.descending ? sql`desc` : sql`asc`;
    // Runs without the sorted value come last whichever the direction (as in MLflow).
    q = q.orderBy((eb) => sql`case when ${sortValue(eb, field)} is null then 1 else 0 end`);
    q = q.orderBy((eb) => sql`${sortValue(eb, field)} ${direction}`);
  }
  q = q.orderBy('runs.start_time', 'desc').orderBy('runs.id', 'desc').limit(search.limit);
  if (search.offset) q = q.offset(search.offset);
  const rows = await q.execute();
  return details(rows.map(toRunRecord));
}

/** Params, latest metrics and tags of `runs`, loaded in a few IN queries. */
export async function loadRunDetails(db: Kysely<MetadataSchema>, runs: RunRecord[]): Promise<RunDetail[]> {
  const byId = new Map<string, RunDetail>();
  for (const r of runs) byId.set(r.id, { ...r, params: {}, metrics: {}, tags: {} });
  const ids = [...byId.keys()];
  for (let i = 0; i < ids.length; i += INSERT_BATCH) {
    const chunk = ids.slice(i, i + INSERT_BATCH);
    const [params, tags, metrics] = await Promise.all([
      db.selectFrom('run_params').selectAll().where('run_id', 'in', chunk).orderBy('key').execute(),
      db.selectFrom('run_tags').selectAll().where('run_id', 'in', chunk).orderBy('key').execute(),
      db.selectFrom('run_latest_metrics').selectAll().where('run_id', 'in', chunk).orderBy('key').execute(),
    ]);
    for (const p of params) byId.get(p.run_id)!.params[p.key] = p.value;
    for (const t of tags) byId.get(t.run_id)!.tags[t.key] = t.value;
    for (const m of metrics) {
      byId.get(m.run_id)!.metrics[m.key] = {
        value: m.value === null ? Number.NaN : Number(m.value),
        step: Number(m.step),
        time: Number(m.time),
      };
    }
  }
  return runs.map((r) => byId.get(r.id)!);
}

/** An error for a run id that does not exist. */
export function runNotFound(id: string): FlywheelError {
  return new FlywheelError('NOT_FOUND', `run ${id} does not exist`, {
    hint: 'List runs with `flywheel runs list` (add --all to include deleted ones).',
    details: { runId: id },
  });
}
