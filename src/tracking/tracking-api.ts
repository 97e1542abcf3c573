/** The tracking service's interface and options (implemented by `createTracking`). */
import type { Logger } from '../core/index.js';
import type { ArtifactStore } from '../storage/artifacts/index.js';
import type {
  ExperimentRecord,
  MetadataStore,
  MetricPoint,
  NameMatch,
  RunStatus,
  ViewType,
} from '../storage/metadata/index.js';
import type { SweptRun } from './liveness.js';
import type { RunHandle } from './run-handle.js';
import type { RunComparison, RunSummary, RunView, SearchRunsOptions } from './run-queries.js';
import type { MetricInput, RunBatch } from './run-writes.js';

/** Timing and identity settings (defaults suit production; tests shorten them). */
export interface TrackingOptions {
  /** A run whose owner sent no heartbeat for this long is marked FAILED (default 10 minutes). */
  staleAfterMs?: number;
  /** How often a run handle flushes and sends a heartbeat (default 15 s). */
  heartbeatMs?: number;
  /** Flush when this many metric points are buffered (default 20,000). */
  flushPoints?: number;
  /** Sweep for dead runs at most this often in a long-lived process (default 60 s). */
  sweepEveryMs?: number;
  /** This machine's name (default os.hostname()). */
  host?: string;
}

/** What the tracking service works on. */
export interface TrackingDeps {
  metadata: MetadataStore;
  artifacts: ArtifactStore;
  logger: Logger;
  /** The folder whose git commit and dirty flag runs record (the workspace root). */
  root: string;
  /** Resolve `train:2` / `train@gold` to a dataset version. */
  resolveDataset(ref: string): Promise<{ name: string; version: number }>;
  options?: TrackingOptions;
}

/** Options of `startRun`. */
export interface StartRunOptions {
  /** The experiment's name (created if missing; default "Default"). */
  experiment?: string;
  name?: string;
  params?: Record<string, string | number | boolean>;
  tags?: Record<string, string>;
  /** Dataset versions the run reads, with their roles. */
  inputs?: Array<{ data: string; role: string }>;
  /** Record the git state of this folder (default: the workspace root); false to skip. */
  git?: string | false;
  user?: string;
}

/** Options of `createRun` (the HTTP API's runs/create: no owner process). */
export interface CreateRunOptions {
  experimentId: string;
  name?: string;
  user?: string;
  startTime?: number;
  tags?: Record<string, string>;
}

/** The tracking service. */
export interface TrackingService {
  /** Start a run owned by this process: heartbeats, buffered metrics, ended on exit. */
  startRun(options?: StartRunOptions): Promise<RunHandle>;
  /** Log into an existing run from another process (does not end it). */
  attachRun(id: string): Promise<RunHandle>;
  createExperiment(
    name: string,
    options?: { artifactLocation?: string; tags?: Record<string, string> },
  ): Promise<ExperimentRecord>;
  experimentById(id: string): Promise<ExperimentRecord>;
  experimentByName(name: string): Promise<ExperimentRecord>;
  /** By name, or by id when no experiment has that name. */
  experiment(nameOrId: string): Promise<ExperimentRecord>;
  listExperiments(options?: {
    view?: ViewType;
    name?: NameMatch;
    limit?: number;
    offset?: number;
  }): Promise<ExperimentRecord[]>;
  createRun(options: CreateRunOptions): Promise<RunView>;
  getRun(id: string): Promise<RunView>;
  updateRun(id: string, update: { status?: RunStatus; endTime?: number; name?: string }): Promise<RunView>;
  logParams(id: string, params: Record<string, string | number | boolean>): Promise<void>;
  setTags(id: string, tags: Record<string, string>): Promise<void>;
  deleteTag(id: string, key: string): Promise<void>;
  logMetrics(id: string, points: MetricInput[]): Promise<void>;
  logBatch(id: string, batch: RunBatch): Promise<void>;
  metricHistory(
    id: string,
    key: string,
    options?: { limit?: number; offset?: number },
  ): Promise<MetricPoint[]>;
  searchRuns(options?: SearchRunsOptions): Promise<RunSummary[]>;
  compareRuns(ids: string[]): Promise<RunComparison>;
  /** Soft-delete runs (hidden from lists; `purgeDeletedRuns` removes them). */
  deleteRuns(ids: string[]): Promise<string[]>;
  restoreRuns(ids: string[]): Promise<string[]>;
  /** Remove runs deleted more than `olderThanMs` ago, with what they logged; their objects become collectable. */
  purgeDeletedRuns(options?: { olderThanMs?: number }): Promise<string[]>;
  /** Mark runs whose process died FAILED now. */
  sweep(): Promise<SweptRun[]>;
  /** End (or detach) this process's open runs and stop their timers. */
  close(): Promise<void>;
}
