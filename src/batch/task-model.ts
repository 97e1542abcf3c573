/**
 * A worker's model for a task, from the worker's own stores and never from the task: a registered
 * version (`name:N`) from its registry, otherwise the model the queued job stored with its run.
 * The task's model digest must be the digest of what the worker loaded.
 */
import { isFlywheelError, TAGS } from '../core/index.js';
import { type Model, modelFromFiles } from '../models/index.js';
import type { TrackingService } from '../tracking/index.js';
import type { ChunkTask } from './chunk-task.js';
import { BATCH_RUN_KIND, modelDigest } from './run-job.js';
import { TaskRefused } from './task-signing.js';

/** What a worker loads models with. */
export interface TaskModelDeps {
  tracking: TrackingService;
  /** The `name:N` a registry reference points at (NOT_FOUND when it is not registered). */
  modelVersion(ref: string): Promise<string>;
  /** Load a registered version. */
  loadRegistered(version: string): Promise<Model>;
  getObject(digest: string): Promise<Uint8Array>;
}

/** Models a worker has loaded, by where they came from. */
export interface TaskModels {
  /** The task's model, checked against the task's digest (TaskRefused when they differ). */
  load(task: ChunkTask): Promise<Model>;
}

const VERSION = /^[A-Za-z0-9][A-Za-z0-9._-]*:\d+$/;
const KEEP = 8;

/** A small cache of models (the last few sources), each with its digest. */
export function createTaskModels(deps: TaskModelDeps): TaskModels {
  const cache = new Map<string, Promise<{ model: Model; digest: string }>>();
  return {
    async load(task) {
      const registered = VERSION.test(task.modelVersion);
      const key = registered ? `version ${task.modelVersion}` : `job ${task.jobId}`;
      let entry = cache.get(key);
      if (entry === undefined) {
        entry = (registered ? fromRegistry(deps, task.modelVersion) : fromJob(deps, task)).then((model) => ({
          model,
          digest: modelDigest(model),
        }));
        cache.set(key, entry);
        entry.catch(() => cache.delete(key));
        if (cache.size > KEEP) cache.delete(cache.keys().next().value!);
      }
      const { model, digest } = await entry;
      if (digest !== task.modelDigest) {
        throw new TaskRefused(
          `the task's model digest is not the digest of ${registered ? `${task.modelVersion} in this worker's registry` : `the model stored with job ${task.jobId}`}`,
        );
      }
      return model;
    },
  };
}

async function fromRegistry(deps: TaskModelDeps, version: string): Promise<Model> {
  const resolved = await deps.modelVersion(version).catch((error: unknown) => {
    if (isFlywheelError(error) && error.code === 'NOT_FOUND')
      throw new TaskRefused(`the model ${version} is not in this worker's registry`);
    throw error;
  });
  if (resolved !== version) throw new TaskRefused(`${version} is not a registered model version`);
  return deps.loadRegistered(version);
}

async function fromJob(deps: TaskModelDeps, task: ChunkTask): Promise<Model> {
  const run = await deps.tracking.getRun(task.jobId).catch((error: unknown) => {
    if (isFlywheelError(error) && error.code === 'NOT_FOUND')
      throw new TaskRefused(`there is no batch job ${task.jobId} in this worker's metadata store`);
    throw error;
  });
  if (run.tags[TAGS.kind] !== BATCH_RUN_KIND || run.params.model_version !== task.modelVersion) {
    throw new TaskRefused(`run ${task.jobId} is not a batch job of the model ${task.modelVersion}`);
  }
  const files: Record<string, Uint8Array> = {};
  for (const a of run.artifacts)
    if (a.path.startsWith('model/')) files[a.path.slice('model/'.length)] = await deps.getObject(a.digest);
  if (Object.keys(files).length === 0)
    throw new TaskRefused(`batch job ${task.jobId} has no model stored for workers`);
  return modelFromFiles(files, `${task.modelVersion} (job ${task.jobId})`);
}
