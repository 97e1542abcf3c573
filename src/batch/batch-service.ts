/** The batch operations the platform offers (`platform.batch`), bound to a workspace's stores. */
import type { Logger } from '../core/index.js';
import type { Model } from '../models/index.js';
import type { TrackingService } from '../tracking/index.js';
import { type BatchWorker, startBatchWorker, type WorkerOptions } from './batch-worker.js';
import { inputFiles } from './job-input.js';
import type { BatchSummary } from './job-state.js';
import { type BatchRunOptions, type PredictRequest, resumeBatchJob, startBatchJob } from './run-job.js';
import { createTaskModels } from './task-model.js';
import { createWorkerPolicy } from './worker-policy.js';

/** The workspace's `batch:` settings (flywheel.yaml; FLYWHEEL_QUEUE_SECRET sets the secret). */
export interface BatchSettings {
  /** Shared by `predict --queue` and the workers; required for both. */
  queueSecret: string | undefined;
  /** How long a queued task stays valid after it is signed. */
  taskTtlMs: number;
  /** Folders a worker may read inputs from (relative to the workspace). */
  workerInputs: readonly string[];
  /** Folders a worker may write file and SQLite outputs in, and PostgreSQL databases. */
  workerOutputs: readonly string[];
}

/** What `createBatch` needs. */
export interface BatchServiceDeps {
  tracking: TrackingService;
  /**
   * The registry's one loader (`openModel`): a reference (`name:3`, `name@alias`), or a model folder
   * written as a path (`./model`) where `cwd` is given. The label is `name:N` or the folder's path.
   */
  openModel(ref: string, cwd?: string): Promise<{ model: Model; label: string }>;
  /** The `name:N` a registry reference points at now. */
  modelVersion(ref: string): Promise<string>;
  /** The files of a data reference or path, with a stored version's recorded format. */
  resolveFiles(ref: string, cwd: string): Promise<{ files: string[]; format: string | undefined }>;
  /** An object of the shared artifact store (workers load models by digest). */
  getObject(digest: string): Promise<Uint8Array>;
  /** The workspace root. */
  root: string;
  workDir: string;
  /** The artifact store's folder (dataset versions a worker reads are files in it). */
  objectsDir: string | undefined;
  settings: BatchSettings;
  logger: Logger;
}

/** Batch scoring jobs. */
export interface BatchOperations {
  /** Score `input` with `model` into `output` (a tracked, resumable job). */
  predict(request: PredictRequest): Promise<BatchSummary>;
  /** Finish a job that was stopped, from its last committed chunk. */
  resume(jobId: string, options?: BatchRunOptions): Promise<BatchSummary>;
  /** Start a worker for distributed jobs (`flywheel worker`); it runs until closed. */
  worker(options: WorkerOptions): Promise<BatchWorker>;
}

/** Bind the batch operations to a workspace. */
export function createBatch(deps: BatchServiceDeps): BatchOperations {
  const batchDeps = {
    tracking: deps.tracking,
    workDir: deps.workDir,
    resolveFiles: async (ref: string, cwd: string) => inputFiles(await deps.resolveFiles(ref, cwd)),
    queueSecret: deps.settings.queueSecret,
    taskTtlMs: deps.settings.taskTtlMs,
    async loadModel(ref: string, cwd: string) {
      const { model, label } = await deps.openModel(ref, cwd);
      return { model, version: label };
    },
  };
  return {
    predict: (request) => startBatchJob(batchDeps, request),
    resume: (jobId, options) => resumeBatchJob(batchDeps, jobId, options),
    worker: (options) =>
      startBatchWorker(
        {
          secret: deps.settings.queueSecret,
          policy: createWorkerPolicy({
            root: deps.root,
            workDir: deps.workDir,
            inputs: deps.settings.workerInputs,
            outputs: deps.settings.workerOutputs,
            objectsDir: deps.objectsDir,
          }),
          models: createTaskModels({
            tracking: deps.tracking,
            modelVersion: deps.modelVersion,
            // No cwd: a queued task names a registered version, never a path.
            loadRegistered: async (version) => (await deps.openModel(version)).model,
            getObject: deps.getObject,
          }),
          logger: deps.logger.child({ module: 'batch-worker' }),
        },
        options,
      ),
  };
}
