/** Flywheel records in MLflow's JSON shapes (field names, string ids and versions, key/value lists). */
import type { ModelView, VersionView } from '../../registry/index.js';
import type { ExperimentRecord, MetricPoint, RunDetail, RunRecord } from '../../storage/metadata/index.js';

const keyValues = (m: Record<string, string>) => Object.entries(m).map(([key, value]) => ({ key, value }));

/** A double as protobuf JSON writes it: non-finite values as "NaN", "Infinity", "-Infinity". */
export function jsonDouble(v: number): number | string {
  return Number.isFinite(v) ? v : String(v);
}

/** An experiment. */
export function experimentJson(e: ExperimentRecord) {
  return {
    experiment_id: e.id,
    name: e.name,
    artifact_location: e.artifactLocation,
    lifecycle_stage: e.lifecycleStage,
    last_update_time: e.updatedAt,
    creation_time: e.createdAt,
    tags: keyValues(e.tags),
  };
}

/** A run's info block. */
export function runInfoJson(r: RunRecord) {
  return {
    run_id: r.id,
    run_uuid: r.id,
    run_name: r.name,
    experiment_id: r.experimentId,
    user_id: r.user,
    status: r.status,
    start_time: r.startTime,
    ...(r.endTime === null ? {} : { end_time: r.endTime }),
    artifact_uri: `flywheel:/runs/${r.id}/artifacts`,
    lifecycle_stage: r.lifecycleStage,
  };
}

/** A run with its data; MLflow's system tags for the name and user are filled in when absent. */
export function runJson(r: RunDetail) {
  const tags: Record<string, string> = { 'mlflow.runName': r.name, 'mlflow.user': r.user, ...r.tags };
  if (r.gitCommit !== null && tags['mlflow.source.git.commit'] === undefined)
    tags['mlflow.source.git.commit'] = r.gitCommit;
  return {
    info: runInfoJson(r),
    data: {
      metrics: Object.entries(r.metrics).map(([key, m]) => ({
        key,
        value: jsonDouble(m.value),
        timestamp: m.time,
        step: m.step,
      })),
      params: keyValues(r.params),
      tags: keyValues(tags),
    },
    inputs: { dataset_inputs: [] },
  };
}

/** One point of a metric's history. */
export function metricJson(p: MetricPoint) {
  return { key: p.key, value: jsonDouble(p.value), timestamp: p.time, step: p.step };
}

/** A model version. */
export function versionJson(v: VersionView) {
  return {
    name: v.name,
    version: String(v.version),
    creation_timestamp: v.createdAt,
    last_updated_timestamp: v.updatedAt,
    user_id: v.user,
    current_stage: 'None',
    description: v.description,
    source: v.source,
    ...(v.runId === null ? {} : { run_id: v.runId }),
    status: 'READY',
    tags: keyValues(v.tags),
    run_link: '',
    aliases: v.aliases,
  };
}

/** A registered model, with its newest version. */
export function modelJson(m: ModelView, latest: VersionView | undefined) {
  return {
    name: m.name,
    creation_timestamp: m.createdAt,
    last_updated_timestamp: m.updatedAt,
    user_id: m.user,
    description: m.description,
    latest_versions: latest ? [versionJson(latest)] : [],
    tags: keyValues(m.tags),
    aliases: m.aliases.map((a) => ({ alias: a.alias, version: String(a.version) })),
  };
}
