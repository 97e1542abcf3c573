/**
 * openPlatform(): the one object the CLI, the server and the SDK use. It finds the workspace,
 * loads flywheel.yaml, opens the metadata and artifact stores, and offers the operations on them.
 */

import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BatchOperations, createBatch } from './batch/index.js';
import { createLogger, createWorkspaceFiles, FlywheelError, type Logger, TAGS } from './core/index.js';
import {
  type AddDatasetOptions,
  type AddDatasetResult,
  addDataset,
  type CheckoutResult,
  checkoutDataset,
  type DatasetDeps,
  type DatasetDiff,
  diffDatasets,
  listDatasets,
  profileData,
  type ResolvedData,
  resolveData,
  resolveVersion,
  type SplitDatasetOptions,
  type SplitDatasetResult,
  showDataset,
  splitDataset,
  type Table,
  tagDataset,
} from './data/index.js';
import {
  type BaselineSpec,
  type EvalRequest,
  type EvalResult,
  type ExplainRequest,
  type ExplainResult,
  runEvaluation,
  runExplain,
} from './evaluation/index.js';
import { createLabeling, type LabelingOperations } from './labeling/index.js';
import type { Model } from './models/index.js';
import {
  createMonitoring,
  type MonitoringOperations,
  type MonitorReport,
  type MonitorRequest,
  type MonitorRunReport,
  monitorModel,
  monitorOnce,
} from './monitoring/index.js';
import { type OnnxImportRequest, registerOnnxModel, type Signature } from './onnx/import/index.js';
import { workspaceLogDir } from './prediction-log/index.js';
import {
  createRegistry,
  type OpenedModel,
  openModel,
  type RegistryService,
  type SetWeightsRequest,
  setWeights,
  type VersionView,
} from './registry/index.js';
import { openServing, type ServingService } from './serving/index.js';
import {
  type ArtifactStore,
  checkStore,
  collectGarbage,
  type FsckReport,
  type GcReport,
} from './storage/artifacts/index.js';
import type { MetadataStore } from './storage/metadata/index.js';
import { createTracking, type TrackingOptions, type TrackingService } from './tracking/index.js';
import {
  loadReference,
  type TrainDeps,
  type TrainRequest,
  type TrainResult,
  trainModel,
  trainTracked,
} from './training/index.js';
import { createValidation, type ValidationOperations } from './validation/index.js';
import type { FlywheelConfig } from './workspace-config.js';
import { openWorkspaceStores, type WorkspaceStatus, workspaceStatus } from './workspace-stores.js';

/** Where and how to open a workspace. */
export interface PlatformOptions {
  /** Start looking for flywheel.yaml here (default: the current directory). */
  cwd?: string;
  /** Environment for overrides (default: process.env). */
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  /** Heartbeat and dead-run settings of `platform.tracking` (tests shorten them). */
  tracking?: TrackingOptions;
}

export type { WorkspaceStatus };

/** Dataset operations bound to a workspace. */
export interface DataOperations {
  add(path: string, options?: AddDatasetOptions): Promise<AddDatasetResult>;
  list(): ReturnType<typeof listDatasets>;
  show(name: string): ReturnType<typeof showDataset>;
  diff(from: string, to: string): Promise<DatasetDiff>;
  checkout(ref: string, out: string, options?: { force?: boolean }): Promise<CheckoutResult>;
  tag(ref: string, tag: string): ReturnType<typeof tagDataset>;
  /** The profile of a reference or a path (relative paths from `cwd`). */
  profile(ref: string, cwd?: string): ReturnType<typeof profileData>;
  /** Local files for a reference or a path. */
  resolve(ref: string, cwd?: string): Promise<ResolvedData>;
  /** Split a version into train and test versions that record it as their source. */
  split(ref: string, options: SplitDatasetOptions, cwd?: string): Promise<SplitDatasetResult>;
}

/** `flywheel train`. */
export interface TrainingOperations {
  /** Train a model (the SDK's `train()`): a tracked run, the model as its artifact, optionally registered. */
  train(request: TrainRequest): Promise<TrainResult>;
}

/** `flywheel eval` and `flywheel explain`. */
export interface EvaluationOperations {
  /** Evaluate a model on data: metrics, baselines, slices, requirements, operating point. */
  evaluate(request: EvalRequest): Promise<EvalResult>;
  /** Explain predictions: TreeSHAP, exact linear contributions, or sampled Shapley values. */
  explain(request: ExplainRequest): Promise<ExplainResult>;
}

/** `flywheel models …`: the registry, plus the one model loader and weighted ensembles. */
export interface RegistryOperations extends RegistryService {
  /**
   * Load a model argument through the one loader: `name:3`, `name@alias`, `name`, or a model folder
   * written as a path (`./model`, `path:model`; relative to `cwd`, default the workspace root).
   */
  open(ref: string, cwd?: string): Promise<OpenedModel>;
  /** Register a new version of `name` combining registered models by weights (no retraining). */
  setWeights(request: SetWeightsRequest): Promise<VersionView>;
  /** Register an ONNX file made elsewhere as the next version of `name`, scored by ONNX Runtime. */
  registerOnnx(
    request: Omit<OnnxImportRequest, 'cwd'> & { cwd?: string },
  ): Promise<{ version: VersionView; signature: Signature; bytes: number; sha256: string }>;
}

/** `flywheel drift` and `flywheel monitor`. */
export interface MonitorOperations extends MonitoringOperations {
  /** Drift of a served model's logged traffic per window against a reference (default: its training data). */
  monitor(request: MonitorRequest): Promise<MonitorReport>;
  /** One pass of `monitor.alerts` over the monitored models (`flywheel monitor run`). */
  run(models?: readonly string[]): Promise<MonitorRunReport>;
}

/** What `flywheel serve` opens. */
export interface ServeOptions {
  refs: readonly string[];
  configFile?: string;
  cwd?: string;
}

/** `flywheel serve`. */
export interface ServingOperations {
  /** Open online serving for model references (and a serve.yaml): loaded, following their aliases. */
  serve(options: ServeOptions): Promise<ServingService>;
}

/** `flywheel fsck` and `flywheel gc`. */
export interface StorageOperations {
  /** Re-hash every object; report corrupt ones and referenced ones that are missing. */
  fsck(onProgress?: (bytes: number) => void): Promise<FsckReport>;
  /** Delete unreferenced objects older than the grace period (config gc.grace_period unless given). */
  gc(options?: { dryRun?: boolean; graceMs?: number }): Promise<GcReport>;
}

/** The platform: configuration, stores and operations of one workspace. */
export interface Platform {
  readonly config: FlywheelConfig;
  readonly root: string;
  readonly metadata: MetadataStore;
  readonly artifacts: ArtifactStore;
  readonly logger: Logger;
  /** Dataset versions: add, list, show, diff, checkout, tag, profile. */
  readonly data: DataOperations;
  /** Expectation suites: check data (report, quarantine, stored result), infer a suite, stored results. */
  readonly validation: ValidationOperations;
  /** `flywheel label analyze|apply`: labeling functions, label models, labelled dataset versions. */
  readonly labeling: LabelingOperations;
  /** Experiments and runs: `startRun`, search, compare, delete. */
  readonly tracking: TrackingService;
  /** `flywheel train`: a tracked run, the model as its artifact, optionally registered. */
  readonly training: TrainingOperations;
  /** `flywheel eval` and `flywheel explain`. */
  readonly evaluation: EvaluationOperations;
  /** `flywheel models …`: registered models, versions, aliases, lineage; the one model loader; ensembles. */
  readonly registry: RegistryOperations;
  /** `flywheel drift` and `flywheel monitor` (one pass of the alerts: `monitoring.run`). */
  readonly monitoring: MonitorOperations;
  /** `flywheel serve`: online serving of model references, following their aliases. */
  readonly serving: ServingOperations;
  /** `flywheel predict`: batch scoring jobs, chunked, threaded, resumable. */
  readonly batch: BatchOperations;
  /** `flywheel fsck` and `flywheel gc` over the object store. */
  readonly storage: StorageOperations;
  /** `flywheel status`. */
  status(): Promise<WorkspaceStatus>;
  /** @deprecated Use `platform.training.train` (kept: the README and many tests call it). */
  train(request: TrainRequest): Promise<TrainResult>;
  /** @deprecated Use `platform.registry.open(ref, cwd)` (kept: the README and many tests call it). */
  loadModel(ref: string, cwd?: string): Promise<Model>;
  /** @deprecated Use `platform.evaluation.evaluate`. */
  evaluate(request: EvalRequest): Promise<EvalResult>;
  /** @deprecated Use `platform.evaluation.explain`. */
  explain(request: ExplainRequest): Promise<ExplainResult>;
  /** @deprecated Use `platform.registry.setWeights`. */
  setWeights(request: SetWeightsRequest): Promise<VersionView>;
  /** @deprecated Use `platform.monitoring.monitor`. */
  monitor(request: MonitorRequest): Promise<MonitorReport>;
  /** @deprecated Use `platform.monitoring.run`. */
  monitorRun(models?: readonly string[]): Promise<MonitorRunReport>;
  /** @deprecated Use `platform.serving.serve`. */
  serve(options: ServeOptions): Promise<ServingService>;
  /** @deprecated Use `platform.storage.fsck`. */
  fsck(onProgress?: (bytes: number) => void): Promise<FsckReport>;
  /** @deprecated Use `platform.storage.gc`. */
  gc(options?: { dryRun?: boolean; graceMs?: number }): Promise<GcReport>;
  close(): Promise<void>;
}

/** The Flywheel version (from package.json). */
export { VERSION } from './version.js';
/** flywheel.yaml read without opening the workspace (`flywheel serve` choosing its worker count). */
export { loadConfig } from './workspace-config.js';

/** Open the workspace that contains `options.cwd`. */
export async function openPlatform(options: PlatformOptions = {}): Promise<Platform> {
  const { root, config, metadata, artifacts } = await openWorkspaceStores(options);
  const logger = options.logger ?? createLogger({ level: config.log.level });
  // What a bug report with FLYWHEEL_LOG_LEVEL=debug shows first (the store URLs without passwords).
  logger.debug('workspace opened', {
    root,
    config: config.file,
    metadata: metadata.url,
    artifacts: artifacts.url,
  });
  return createPlatform(config, root, metadata, artifacts, logger, options.tracking);
}

function createPlatform(
  config: FlywheelConfig,
  root: string,
  metadata: MetadataStore,
  artifacts: ArtifactStore,
  logger: Logger,
  trackingOptions?: TrackingOptions,
): Platform {
  const datasetDeps: DatasetDeps = {
    metadata,
    artifacts,
    statCacheFile: join(root, '.flywheel', 'cache', 'stat-cache.db'),
  };
  const tracking = createTracking({
    metadata,
    artifacts,
    logger,
    root,
    options: trackingOptions,
    resolveDataset: (ref) => resolveVersion(datasetDeps, ref),
  });
  const registry = createRegistry({ metadata, artifacts, onnx: config.onnx_runtime });
  const runInputs = async (id: string) => (await tracking.getRun(id)).inputs;
  const evalDeps = {
    tracking,
    registry,
    // Evaluation's linear baseline is fitted by training's trainer, passed in (evaluation does not import training).
    trainBaseline: async (rows: Table, spec: BaselineSpec) =>
      (await trainModel(rows, { ...spec, model: 'linear' })).model,
    openModel: (ref: string, cwd: string) => openModel(registry, ref, { cwd }),
    resolveData: (ref: string, cwd: string) => resolveData(datasetDeps, ref, cwd),
  };
  // Every model argument goes through the registry's one loader (openModel): a reference, or a
  // model folder written as a path (`./model`, `path:model`) for the CLI and the SDK, run by the
  // workspace's own user. Servers, workers and ensembles pass no folder: only registered versions.
  const loadModel = async (ref: string, cwd?: string): Promise<Model> =>
    (await openModel(registry, ref, { cwd: cwd ?? root })).model;
  // The one prediction-log folder serving writes and monitoring reads (prediction_log.dir).
  const logDir = () => workspaceLogDir(config, (message) => logger.warn(message));
  const monitor = async (request: MonitorRequest) =>
    monitorModel(
      {
        root,
        logDir: logDir(),
        artifacts,
        resolveVersion: (ref) => registry.resolve(ref),
        run: (id) => tracking.getRun(id),
        loadModel,
        resolveData: (ref, cwd) => resolveData(datasetDeps, ref, cwd),
        loadReference,
      },
      request,
    );
  const training: TrainingOperations = {
    train: (request) =>
      trainTracked(trainingDeps(tracking, metadata, artifacts, logger, datasetDeps), request),
  };
  const evaluation: EvaluationOperations = {
    evaluate: (request) => runEvaluation(evalDeps, request),
    explain: (request) => runExplain({ ...evalDeps, runInputs }, request),
  };
  const registryOps: RegistryOperations = {
    ...registry,
    open: (ref, cwd) => openModel(registry, ref, { cwd: cwd ?? root }),
    setWeights: (request) => setWeights(registry, request),
    registerOnnx: (request) =>
      registerOnnxModel(
        {
          config: config.onnx_runtime,
          startRun: (o) => tracking.startRun(o),
          registerVersion: (o) => registry.registerVersion(o),
        },
        { ...request, cwd: request.cwd ?? root },
      ),
  };
  const monitoring: MonitorOperations = {
    ...createMonitoring({ resolve: (ref, cwd) => resolveData(datasetDeps, ref, cwd) }),
    monitor,
    run: (models) =>
      monitorOnce(
        {
          config: config.monitor,
          root,
          logger,
          events: metadata.events,
          monitor,
          runsOfAlert: async (id) =>
            (await tracking.searchRuns({ filter: `tags.\`${TAGS.alert}\` = '${id}'` })).map((r) => r.id),
        },
        models,
      ),
  };
  const serving: ServingOperations = {
    serve: async (options) =>
      openServing(
        {
          root,
          logDir: logDir(),
          logger,
          resolve: (ref) => registry.resolve(ref),
          loadModel: async (ref) => (await openModel(registry, ref)).model,
          setAlias: (name, alias, version, change) => registry.setAlias(name, alias, version, change),
          aliasMoves: (afterId) => registry.aliasMoves(afterId),
          recordDeployment: (name, kind, data, actor) => registry.recordDeployment(name, kind, data, actor),
        },
        options,
      ),
  };
  const storage: StorageOperations = {
    fsck: (onProgress) => checkStore(artifacts, metadata.refs, onProgress),
    gc: (options = {}) =>
      collectGarbage(artifacts, metadata.refs, {
        graceMs: options.graceMs ?? config.gc.grace_period,
        dryRun: options.dryRun,
        lockDir: join(root, '.flywheel'),
      }),
  };
  return {
    config,
    root,
    metadata,
    artifacts,
    logger,
    data: dataOperations(datasetDeps),
    validation: createValidation(datasetDeps),
    labeling: createLabeling(datasetDeps),
    tracking,
    registry: registryOps,
    monitoring,
    batch: createBatch({
      tracking,
      root,
      workDir: join(root, '.flywheel', 'batch'),
      objectsDir: artifacts.url.startsWith('file:') ? fileURLToPath(artifacts.url) : undefined,
      settings: {
        queueSecret: config.batch.queue_secret,
        taskTtlMs: config.batch.task_ttl,
        workerInputs: config.batch.worker.inputs,
        workerOutputs: config.batch.worker.outputs,
      },
      logger,
      openModel: (ref, cwd) => openModel(registry, ref, { cwd }),
      modelVersion: async (ref) => {
        const v = await registry.resolve(ref);
        return `${v.name}:${v.version}`;
      },
      resolveFiles: (ref, cwd) => resolveData(datasetDeps, ref, cwd),
      getObject: (digest) => artifacts.getBytes(digest),
    }),
    training,
    evaluation,
    serving,
    storage,
    status: () => workspaceStatus({ config, root, metadata, artifacts }),
    // Deprecated aliases of the namespaces' operations.
    train: training.train,
    loadModel,
    evaluate: evaluation.evaluate,
    explain: evaluation.explain,
    setWeights: registryOps.setWeights,
    monitor: monitoring.monitor,
    monitorRun: monitoring.run,
    serve: serving.serve,
    fsck: storage.fsck,
    gc: storage.gc,
    close: async () => {
      await tracking.close();
      await metadata.close();
    },
  };
}

function trainingDeps(
  tracking: TrackingService,
  metadata: MetadataStore,
  artifacts: ArtifactStore,
  logger: Logger,
  datasetDeps: DatasetDeps,
): TrainDeps {
  return {
    tracking,
    registry: createRegistry({ metadata, artifacts }),
    artifacts,
    logger,
    resolveData: (ref, cwd) => resolveData(datasetDeps, ref, cwd),
  };
}

function dataOperations(deps: DatasetDeps): DataOperations {
  return {
    add: (path, options) => addDataset(deps, path, options),
    list: () => listDatasets(deps),
    show: (name) => showDataset(deps, name),
    diff: (from, to) => diffDatasets(deps, from, to),
    checkout: (ref, out, options) => checkoutDataset(deps, ref, out, options),
    tag: (ref, tag) => tagDataset(deps, ref, tag),
    profile: (ref, cwd = process.cwd()) => profileData(deps, ref, cwd),
    resolve: (ref, cwd = process.cwd()) => resolveData(deps, ref, cwd),
    split: (ref, options, cwd = process.cwd()) => splitDataset(deps, ref, cwd, options),
  };
}

/** What `flywheel init` created. */
export interface InitResult {
  root: string;
  configFile: string;
  status: WorkspaceStatus;
}

/** Create a workspace in `dir` (flywheel.yaml + .flywheel/), open its stores once to migrate them. */
export async function initWorkspace(
  dir: string,
  options: { name?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<InitResult> {
  const configFile = createWorkspaceFiles(dir, options.name);
  const open = async () => {
    // The one place a metadata database is created; every later open requires it to exist.
    const stores = await openWorkspaceStores({ cwd: dir, env: options.env, create: true });
    await stores.metadata.close();
    return openPlatform({ cwd: dir, env: options.env, logger: createLogger({ level: 'silent' }) });
  };
  const platform = await open().catch((error: unknown) => {
    throw error instanceof FlywheelError
      ? new FlywheelError(
          error.code,
          `workspace files were written to ${dir}, but opening its stores failed: ${error.message}`,
          {
            hint: error.hint,
            where: error.where,
            cause: error,
          },
        )
      : error;
  });
  try {
    return { root: platform.root, configFile, status: await platform.status() };
  } finally {
    await platform.close();
  }
}

/** The version tag that lists an ensemble's members and weights (owned by the registry). */
export { ENSEMBLE_TAG } from './registry/index.js';
