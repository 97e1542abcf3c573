/**
 * Batch scoring jobs: `startBatchJob` (what `flywheel predict` runs) and `resumeBatchJob`
 * (`flywheel predict --resume JOB`). A job is a tracked run in the "batch" experiment; its folder
 * under .flywheel/batch/JOB holds job.json and, for file outputs, the committed chunk files.
 */
import { createHash } from 'node:crypto';
import { access, constants, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { FlywheelError, fromSystemError, TAGS } from '../core/index.js';
import { type Model, modelToFiles, saveModel } from '../models/index.js';
import type { RunHandle, TrackingService } from '../tracking/index.js';
import { executeJob } from './execute.js';
import { executeQueued } from './execute-queued.js';
import { type InputFiles, prepareInput } from './job-input.js';
import {
  type BatchSummary,
  type JobState,
  jobDir,
  readJobState,
  readJobSummary,
  writeJobState,
  writeJobSummary,
} from './job-state.js';
import { openSink } from './open-sink.js';
import { outputShape } from './output-shape.js';
import { createScorePool } from './pool.js';
import { checkRedis } from './redis.js';
import { type OutputTarget, parseInput, parseOutput, redact } from './target.js';
import { requireQueueSecret } from './task-signing.js';

/** The `flywheel.kind` tag of a batch scoring run (a queued task is only taken for such a run). */
export const BATCH_RUN_KIND = 'batch-predict';

/** A model loaded for scoring, and the version it is known by (`name:3`, or its folder). */
export interface LoadedModel {
  model: Model;
  version: string;
}

/** What batch jobs need from the platform. */
export interface BatchDeps {
  tracking: TrackingService;
  loadModel(ref: string, cwd: string): Promise<LoadedModel>;
  /** The files of a data reference or path, with a stored version's format (null: by their names). */
  resolveFiles(ref: string, cwd: string): Promise<InputFiles>;
  /** Where job folders live (.flywheel/batch). */
  workDir: string;
  /** The secret queued tasks are signed with (required for `queue`), and how long they stay valid. */
  queueSecret: string | undefined;
  taskTtlMs: number;
}

/** Progress of a job. */
export interface BatchProgress {
  rows: number;
  totalRows: number | null;
}

/** Options shared by starting and resuming. */
export interface BatchRunOptions {
  /** Scoring threads (default 2; 1 scores in the calling thread). */
  threads?: number;
  onProgress?: (progress: BatchProgress) => void;
  /** Told the job id as soon as the job exists (so a caller can print it before the work). */
  onStart?: (jobId: string) => void;
  /** Split the job into chunk tasks on this Redis (BullMQ) for `flywheel worker`s to score. */
  queue?: string;
}

/** `flywheel predict`. */
export interface PredictRequest extends BatchRunOptions {
  model: string;
  input: string;
  output: string;
  idColumn?: string;
  /** Rows per chunk, the unit of commit and resume (default 65,536). */
  chunkRows?: number;
  cwd?: string;
}

/** Bytes of input per chunk when `--chunk-rows` is not given. */
const CHUNK_BYTES = 32 * 1024 * 1024;

/**
 * Rows per chunk for `columns` input columns: the largest power of two whose rows fit in 32 MiB
 * of float64 columns, between 16,384 and 262,144 (131,072 for 30 features and an id). Fewer,
 * larger chunks cost less per row (each chunk is a message to a scoring thread, a chunk file and
 * a commit: about 6 ms of CPU); the bound keeps memory in flight near 200 MB with 2 threads.
 */
export function defaultChunkRows(columns: number): number {
  const fit = CHUNK_BYTES / (8 * Math.max(1, columns));
  return Math.min(262_144, Math.max(16_384, 2 ** Math.floor(Math.log2(fit))));
}

/** Start a batch scoring job and run it to the end. */
export async function startBatchJob(deps: BatchDeps, request: PredictRequest): Promise<BatchSummary> {
  const cwd = request.cwd ?? process.cwd();
  parseInput(request.input); // fail on a bad --input before anything is created
  const target = parseOutput(request.output, cwd);
  if (request.chunkRows !== undefined && (!Number.isInteger(request.chunkRows) || request.chunkRows < 1)) {
    throw new FlywheelError(
      'INVALID_ARGUMENT',
      `chunk rows must be a positive integer, got ${request.chunkRows}`,
    );
  }
  const loaded = await deps.loadModel(request.model, cwd);
  const chunkRows = request.chunkRows ?? defaultChunkRows(loaded.model.schema.features.length + 1);
  await checkWritable(target);
  if (request.queue !== undefined) {
    requireQueueSecret(deps.queueSecret);
    await checkRedis(request.queue);
  }
  const handle = await deps.tracking.startRun({
    experiment: 'batch',
    name: `predict ${request.model}`,
    params: {
      model: request.model,
      model_version: loaded.version,
      input: request.input.slice(0, 500),
      output: redact(request.output),
      chunk_rows: chunkRows,
      id_column: request.idColumn ?? '',
    },
    tags: { [TAGS.kind]: BATCH_RUN_KIND },
    git: false,
  });
  try {
    const state = await createJob(deps, request, { ...loaded, chunkRows, cwd }, handle);
    request.onStart?.(handle.id);
    const summary = await runJob(deps, state, loaded.model, request);
    await handle.end();
    return summary;
  } catch (error) {
    await handle.end({ status: 'FAILED', reason: (error as Error).message }).catch(() => undefined);
    throw error;
  }
}

/** Prepare the input, write job.json and, for a queued job, store the model for the workers. */
async function createJob(
  deps: BatchDeps,
  request: PredictRequest,
  job: LoadedModel & { chunkRows: number; cwd: string },
  handle: RunHandle,
): Promise<JobState> {
  const folder = jobDir(deps.workDir, handle.id);
  const resolveFiles = (ref: string) => deps.resolveFiles(ref, job.cwd);
  const idColumn = request.idColumn ?? null;
  const input = await prepareInput(parseInput(request.input), resolveFiles, folder, job.model, idColumn);
  const state: JobState = {
    jobId: handle.id,
    model: request.model,
    modelDigest: modelDigest(job.model),
    modelVersion: job.version,
    ...input,
    output: request.output,
    cwd: job.cwd,
    chunkRows: job.chunkRows,
    createdAt: Date.now(),
  };
  await writeJobState(deps.workDir, state);
  // Workers on other machines load the model from the shared object store, by digest.
  if (request.queue !== undefined) {
    await saveModel(job.model, join(folder, 'model'));
    await handle.logArtifact(join(folder, 'model'), { name: 'model' });
  }
  return state;
}

/** Resume a job from its last committed chunk (the model must be the very same). */
export async function resumeBatchJob(
  deps: BatchDeps,
  jobId: string,
  options: BatchRunOptions = {},
): Promise<BatchSummary> {
  const state = await readJobState(deps.workDir, jobId);
  const finished = await readJobSummary(deps.workDir, jobId);
  if (finished !== undefined) return finished;
  if (options.queue !== undefined) requireQueueSecret(deps.queueSecret);
  const loaded = await deps.loadModel(state.model, state.cwd);
  if (modelDigest(loaded.model) !== state.modelDigest) {
    throw new FlywheelError(
      'CONFLICT',
      `Job ${jobId} was started with another model than ${state.model} is now`,
      {
        hint: 'An alias moved since the job started: start a new job, or point the alias back to finish this one.',
      },
    );
  }
  const handle = await deps.tracking.attachRun(jobId);
  options.onStart?.(jobId);
  try {
    const summary = await runJob(deps, state, loaded.model, options);
    await deps.tracking.updateRun(jobId, { status: 'FINISHED', endTime: Date.now() });
    return summary;
  } catch (error) {
    await deps.tracking.updateRun(jobId, { status: 'FAILED', endTime: Date.now() }).catch(() => undefined);
    throw error;
  } finally {
    await handle.detach().catch(() => undefined);
  }
}

async function runJob(
  deps: BatchDeps,
  state: JobState,
  model: Model,
  options: BatchRunOptions,
): Promise<BatchSummary> {
  const started = performance.now();
  const target = parseOutput(state.output, state.cwd);
  const sink = await openSink(
    target,
    outputShape(model, state.modelVersion, state.idSchema),
    jobDir(deps.workDir, state.jobId),
  );
  const pool = createScorePool(model, options.queue === undefined ? (options.threads ?? 2) : 1);
  try {
    let rows = 0;
    const onRows = (n: number) => {
      rows += n;
      options.onProgress?.({ rows, totalRows: state.totalRows });
    };
    const result =
      options.queue === undefined
        ? await executeJob(state, pool, sink, await sink.committed(state.jobId), onRows)
        : await executeQueued(deps, state, sink, queueOf(deps, options.queue), onRows);
    await sink.finish(state.jobId, result.chunks);
    const seconds = (performance.now() - started) / 1000;
    const handle = await deps.tracking.attachRun(state.jobId);
    handle.logMetrics({
      rows: result.rows,
      rows_scored: result.scored,
      rows_failed: result.failed,
      chunks: result.chunks,
    });
    await handle.detach();
    const summary: BatchSummary = {
      jobId: state.jobId,
      model: state.model,
      modelVersion: state.modelVersion,
      output: sink.describe.predictions,
      errorsOutput: sink.describe.errors,
      rows: result.rows,
      scored: result.scored,
      failed: result.failed,
      chunks: result.chunks,
      resumedChunks: result.skipped,
      seconds,
      rowsPerSecond: seconds > 0 ? result.rows / seconds : 0,
    };
    await writeJobSummary(deps.workDir, summary);
    // The output is complete: the chunk files and a materialised sql: input are no longer needed.
    const folder = jobDir(deps.workDir, state.jobId);
    await rm(join(folder, 'chunks'), { recursive: true, force: true });
    await rm(join(folder, 'input.parquet'), { force: true });
    return summary;
  } finally {
    await pool.close();
    await sink.close();
  }
}

function queueOf(deps: BatchDeps, url: string) {
  return { url, signing: { secret: requireQueueSecret(deps.queueSecret), ttlMs: deps.taskTtlMs } };
}

/** sha256 of a model's files: what a resume checks and workers load by. */
export function modelDigest(model: Model): string {
  const files = modelToFiles(model);
  const hash = createHash('sha256');
  for (const name of Object.keys(files).sort()) hash.update(name).update(files[name]!);
  return hash.digest('hex');
}

async function checkWritable(target: OutputTarget): Promise<void> {
  if (target.kind === 'postgres') return;
  const dir = dirname(target.path);
  await access(dir, constants.W_OK).catch((error: unknown) => {
    throw fromSystemError(error, dir, 'write to');
  });
}
