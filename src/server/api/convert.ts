/**
 * Domain records to the `/api/v1` shapes of schemas.ts: snake_case fields, `name:version` refs the
 * dashboard links by, and numbers JSON can carry. The one place the API's field names are written.
 */
import type { DatasetProfile } from '../../data/index.js';
import type { ModelView, VersionView } from '../../registry/index.js';
import type { DatasetRecord, EventRecord, RunDetail } from '../../storage/metadata/index.js';
import { finite } from './input.js';
import type {
  AuditEvent,
  ColumnProfile,
  DatasetVersionSummary,
  ModelSummary,
  RunRow,
  VersionSummary,
} from './schemas.js';

/** A run as a list row: params, latest metric values, tags. */
export function runRow(r: RunDetail & { experimentName: string }, now = Date.now()): RunRow {
  const metrics: Record<string, number | null> = {};
  for (const [k, m] of Object.entries(r.metrics)) metrics[k] = finite(m.value);
  return {
    run_id: r.id,
    run_name: r.name,
    experiment_id: r.experimentId,
    experiment_name: r.experimentName,
    status: r.status,
    start_time: r.startTime,
    end_time: r.endTime,
    duration_ms:
      r.endTime !== null ? r.endTime - r.startTime : r.status === 'RUNNING' ? now - r.startTime : null,
    user: r.user,
    git_commit: r.gitCommit,
    params: r.params,
    metrics,
    tags: r.tags,
  };
}

/** A registered model with its aliases. */
export function modelSummary(m: ModelView): ModelSummary {
  return {
    name: m.name,
    description: m.description,
    tags: m.tags,
    user: m.user,
    created_at: m.createdAt,
    updated_at: m.updatedAt,
    latest_version: m.latestVersion,
    version_count: m.versionCount,
    aliases: m.aliases.map((a) => ({ alias: a.alias, version: a.version, updated_at: a.updatedAt })),
  };
}

/** A model version with the aliases pointing at it. */
export function versionSummary(v: VersionView): VersionSummary {
  return {
    name: v.name,
    version: v.version,
    run_id: v.runId,
    source: v.source,
    artifact_path: v.artifactPath,
    description: v.description,
    tags: v.tags,
    user: v.user,
    created_at: v.createdAt,
    updated_at: v.updatedAt,
    aliases: v.aliases,
  };
}

/** An audit-log event. */
export function auditEvent(e: EventRecord): AuditEvent {
  return { id: e.id, time: e.time, kind: e.kind, actor: e.actor, data: e.data };
}

/** A dataset version's source when it names another dataset version (`iris:3`, a split's source). */
const DATASET_REF = /^[A-Za-z][A-Za-z0-9_.-]{0,99}:\d+$/;

/** A dataset version with its tags. */
export function datasetVersion(d: DatasetRecord, tags: string[] = []): DatasetVersionSummary {
  return {
    name: d.name,
    version: d.version,
    ref: `${d.name}:${d.version}`,
    kind: d.kind,
    size: d.size,
    file_count: d.fileCount,
    row_count: d.rowCount,
    format: d.format,
    source: d.source,
    message: d.message,
    author: d.author,
    created_at: d.createdAt,
    parent: DATASET_REF.test(d.source) ? d.source : null,
    tags,
  };
}

/** A stored profile's columns, histograms and top values. */
export function profileColumns(p: DatasetProfile): ColumnProfile[] {
  return p.columns.map((c) => ({
    name: c.name,
    kind: c.kind,
    type: c.type,
    count: c.count,
    nulls: c.nulls,
    nan: c.nan,
    infinite: c.infinite,
    distinct: c.distinct,
    distinct_exact: c.distinctExact,
    min: finite(c.min),
    max: finite(c.max),
    mean: finite(c.mean),
    std: finite(c.std),
    quantiles: c.quantiles.map((q) => ({ q: q.q, value: finite(q.value) })),
    histogram: c.histogram && {
      edges: c.histogram.edges.map((e) => finite(e) ?? 0),
      counts: c.histogram.counts,
    },
    top_values: c.topK.map((t) => ({ value: t.value, count: t.count })),
    sampled: c.sampled,
  }));
}
