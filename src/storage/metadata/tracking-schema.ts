/** The tracking and registry tables, as Kysely sees them. Times are epoch milliseconds. */
import type { Generated } from 'kysely';

/** An experiment (id 0 is "Default", as in MLflow). */
export interface ExperimentsTable {
  id: Generated<number>;
  name: string;
  artifact_location: string;
  lifecycle_stage: string;
  tags_json: string;
  created_at: number;
  updated_at: number;
}

/** A run; `pid`, `host` and `heartbeat_at` let a dead owner be detected. */
export interface RunsTable {
  id: string;
  experiment_id: number;
  name: string;
  status: string;
  status_reason: string | null;
  start_time: number;
  end_time: number | null;
  user: string;
  host: string | null;
  pid: number | null;
  heartbeat_at: number | null;
  git_commit: string | null;
  git_dirty: number | null;
  lifecycle_stage: string;
  deleted_at: number | null;
}

/** A run's key/value pairs: params (write-once) and tags (mutable) share this shape. */
export interface RunKeyValueTable {
  run_id: string;
  key: string;
  value: string;
}

/** Every metric point (append-only); a NULL value is NaN. */
export interface RunMetricsTable {
  run_id: string;
  key: string;
  value: number | null;
  step: number;
  time: number;
}

/** The latest point per run and key, for fast listing and filtering. */
export interface RunLatestMetricsTable {
  run_id: string;
  key: string;
  value: number | null;
  step: number;
  time: number;
}

/** Dataset versions a run read. */
export interface RunInputsTable {
  run_id: string;
  dataset: string;
  version: number;
  role: string;
}

/** Files a run stored in the object store. */
export interface RunArtifactsTable {
  run_id: string;
  path: string;
  digest: string;
  size: number;
  created_at: number;
}

/** A registered model. */
export interface RegisteredModelsTable {
  name: string;
  description: string;
  tags_json: string;
  user: string;
  created_at: number;
  updated_at: number;
}

/** A model version. */
export interface ModelVersionsTable {
  name: string;
  version: number;
  run_id: string | null;
  source: string;
  artifact_path: string | null;
  digests_json: string;
  input_schema_json: string | null;
  output_schema_json: string | null;
  description: string;
  tags_json: string;
  user: string;
  created_at: number;
  updated_at: number;
}

/** An alias of a model version. */
export interface ModelAliasesTable {
  name: string;
  alias: string;
  version: number;
  updated_at: number;
}

/** The tracking and registry tables. */
export interface TrackingSchema {
  experiments: ExperimentsTable;
  runs: RunsTable;
  run_params: RunKeyValueTable;
  run_tags: RunKeyValueTable;
  run_metrics: RunMetricsTable;
  run_latest_metrics: RunLatestMetricsTable;
  run_inputs: RunInputsTable;
  run_artifacts: RunArtifactsTable;
  registered_models: RegisteredModelsTable;
  model_versions: ModelVersionsTable;
  model_aliases: ModelAliasesTable;
}
