/**
 * Types of the tracking repository: experiments, runs, params, metrics, tags, inputs and
 * artifacts, and the run filter tree that `runs list --filter` and the MLflow search compile to.
 */
import type { Digest } from '../../core/index.js';

/** Whether a record is live or soft-deleted (MLflow's lifecycle_stage). */
export type LifecycleStage = 'active' | 'deleted';

/** A condition on a name: equal, LIKE (case-sensitive) or ILIKE, the same on both dialects. */
export interface NameMatch {
  operator: '=' | 'like' | 'ilike';
  value: string;
}

/** Which records a listing includes (MLflow's ViewType). */
export type ViewType = 'active' | 'deleted' | 'all';

/** An experiment: a named group of runs. */
export interface ExperimentRecord {
  id: string;
  name: string;
  artifactLocation: string;
  lifecycleStage: LifecycleStage;
  tags: Record<string, string>;
  createdAt: number;
  updatedAt: number;
}

/** A run's status (MLflow's RunStatus). */
export type RunStatus = 'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED';

/** The run statuses, for parsing. */
export const RUN_STATUSES: readonly RunStatus[] = ['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'];

/** One run as recorded (without its params, metrics and tags). */
export interface RunRecord {
  id: string;
  experimentId: string;
  name: string;
  status: RunStatus;
  /** Why the status was set by Flywheel rather than the run (e.g. its process died). */
  statusReason: string | null;
  startTime: number;
  endTime: number | null;
  user: string;
  /** The host and process that own the run (null for runs created over HTTP). */
  host: string | null;
  pid: number | null;
  heartbeatAt: number | null;
  gitCommit: string | null;
  gitDirty: boolean | null;
  lifecycleStage: LifecycleStage;
  deletedAt: number | null;
}

/** What to record for a new run. */
export interface NewRun {
  experimentId: string;
  name: string;
  user: string;
  startTime?: number;
  status?: RunStatus;
  host?: string | null;
  pid?: number | null;
  gitCommit?: string | null;
  gitDirty?: boolean | null;
}

/** Fields of a run that may change. */
export interface RunUpdate {
  status?: RunStatus;
  statusReason?: string | null;
  endTime?: number | null;
  name?: string;
}

/** The latest value of one metric of a run. */
export interface LatestMetric {
  value: number;
  step: number;
  time: number;
}

/** One metric point. */
export interface MetricPoint {
  key: string;
  value: number;
  step: number;
  time: number;
}

/**
 * Metric points in columns: `keys[i]`, `values[i]`, `steps[i]`, `times[i]` for i < length.
 * NaN values are stored as NULL and read back as NaN.
 */
export interface MetricColumns {
  length: number;
  keys: readonly string[];
  values: Float64Array;
  steps: Float64Array;
  times: Float64Array;
}

/** A dataset version a run read, with its role (train, validation, test or another word). */
export interface RunInput {
  dataset: string;
  version: number;
  role: string;
}

/** A file a run stored: its path inside the run's artifact tree and its object. */
export interface RunArtifact {
  path: string;
  digest: Digest;
  size: number;
  createdAt: number;
}

/** A run with everything recorded about it. */
export interface RunDetail extends RunRecord {
  params: Record<string, string>;
  metrics: Record<string, LatestMetric>;
  tags: Record<string, string>;
}

/** A field a run filter or sort can name. */
export type RunField =
  | { kind: 'metric' | 'param' | 'tag'; key: string }
  | { kind: 'attribute'; name: RunAttribute };

/** Run attributes a filter can name. */
export type RunAttribute =
  | 'run_id'
  | 'run_name'
  | 'status'
  | 'start_time'
  | 'end_time'
  | 'user'
  | 'host'
  | 'experiment_id'
  | 'git_commit';

/** Comparison operators of the filter language. */
export type FilterOperator = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'like' | 'ilike';

/** A parsed run filter: comparisons joined by and/or. */
export type RunFilter =
  | { op: 'and'; args: RunFilter[] }
  | { op: 'or'; args: RunFilter[] }
  | { op: 'compare'; field: RunField; operator: FilterOperator; value: string | number }
  | { op: 'in'; field: RunField; negate: boolean; values: string[] };

/** One sort key. */
export interface RunSort {
  field: RunField;
  descending: boolean;
}

/** A run search. */
export interface RunSearch {
  experimentIds?: string[];
  filter?: RunFilter;
  sort?: RunSort[];
  view?: ViewType;
  limit: number;
  offset?: number;
}

/** The tracking repository: SQL over experiments, runs and what they log. */
export interface TrackingRepo {
  createExperiment(
    name: string,
    artifactLocation: string,
    tags?: Record<string, string>,
  ): Promise<ExperimentRecord>;
  getExperiment(id: string): Promise<ExperimentRecord | undefined>;
  getExperimentByName(name: string): Promise<ExperimentRecord | undefined>;
  listExperiments(options: {
    view?: ViewType;
    name?: NameMatch;
    limit: number;
    offset?: number;
  }): Promise<ExperimentRecord[]>;
  createRun(run: NewRun): Promise<RunRecord>;
  getRun(id: string): Promise<RunRecord | undefined>;
  updateRun(id: string, update: RunUpdate): Promise<void>;
  /** Record that the run's owner is alive; returns false if the run does not exist. */
  heartbeat(id: string, time: number): Promise<boolean>;
  /** Runs whose status is RUNNING (for the dead-run sweep). */
  runningRuns(): Promise<RunRecord[]>;
  /** Soft-delete or restore; returns whether the run exists. */
  setRunLifecycle(id: string, stage: LifecycleStage, time: number): Promise<boolean>;
  /** Delete soft-deleted runs (deleted before `before`) with everything they logged; returns their ids. */
  purgeDeletedRuns(before: number): Promise<string[]>;
  /** Params of a run; call `putParams` only after checking existing values (write-once). */
  params(runId: string): Promise<Record<string, string>>;
  putParams(runId: string, params: Record<string, string>): Promise<void>;
  tags(runId: string): Promise<Record<string, string>>;
  setTags(runId: string, tags: Record<string, string>): Promise<void>;
  deleteTag(runId: string, key: string): Promise<boolean>;
  /** Append metric points and update the latest-value table; call inside a transaction. */
  logMetrics(runId: string, points: MetricColumns): Promise<void>;
  latestMetrics(runId: string): Promise<Record<string, LatestMetric>>;
  /** Every point of one metric, by step then time. */
  metricHistory(
    runId: string,
    key: string,
    options?: { limit?: number; offset?: number },
  ): Promise<MetricPoint[]>;
  /** How many points a run has logged (all keys). */
  metricCount(runId: string): Promise<number>;
  addInputs(runId: string, inputs: RunInput[]): Promise<void>;
  inputs(runId: string): Promise<RunInput[]>;
  /** Record artifact files (replacing a path logged before). */
  putArtifacts(runId: string, artifacts: Array<Omit<RunArtifact, 'createdAt'>>): Promise<void>;
  artifacts(runId: string): Promise<RunArtifact[]>;
  /** Runs matching a search, with their params, latest metrics and tags. */
  searchRuns(search: RunSearch): Promise<RunDetail[]>;
  /** Params, latest metrics and tags of several runs at once. */
  runDetails(runs: RunRecord[]): Promise<RunDetail[]>;
}

/**
 * The start of the status reason the dead-run sweep writes when a run's heartbeat stopped; the
 * run's owner, if it turns out to be alive after all, sets the run back to RUNNING on its next beat.
 */
export const STALE_HEARTBEAT_REASON = 'no heartbeat';
