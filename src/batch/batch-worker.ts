/**
 * `flywheel worker --queue redis://…`: takes chunk tasks off the BullMQ queue and scores them.
 * Whoever can write to Redis can put a job on the queue, so before a task touches anything the
 * worker checks its signature (task-signing.ts), that its input and output are where this worker
 * may read and write (worker-policy.ts), and loads the model from its own stores (task-model.ts).
 * A task failing a check is refused: logged with the reason, failed without retry. A worker killed
 * mid-chunk commits nothing; BullMQ hands the task to another worker once its lock expires, and
 * the sink's per-chunk commit keeps the output exact.
 */
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import { isFlywheelError, type Logger } from '../core/index.js';
import { type Model, modelDecision } from '../models/index.js';
import { type ChunkTask, readTaskRows } from './chunk-task.js';
import { openSink } from './open-sink.js';
import { outputShape } from './output-shape.js';
import { checkRedis, parseRedisUrl, queueName } from './redis.js';
import { scoreChunk } from './score-chunk.js';
import type { ChunkSink } from './sink.js';
import type { OutputTarget } from './target.js';
import type { TaskModels } from './task-model.js';
import { requireQueueSecret, TaskRefused, verifyTask } from './task-signing.js';
import type { WorkerPolicy } from './worker-policy.js';

/** Options of a worker. */
export interface WorkerOptions {
  queue: string;
  /** Chunks scored at once by this worker (default 1). */
  concurrency?: number;
  /** How long a task's lock lasts without renewal: how soon a dead worker's task moves (default 30 s). */
  lockMs?: number;
  /** Told after each committed chunk. */
  onChunk?: (task: { jobId: string; index: number; rows: number }) => void;
  /** Told when a task fails for good: refused by a check, or failing on its data. */
  onFailed?: (failure: { taskId: string; reason: string; refused: boolean }) => void;
}

/** A running worker. */
export interface BatchWorker {
  close(): Promise<void>;
}

/** What a worker runs with: its secret, its access policy, its models, its log. */
export interface WorkerDeps {
  secret: string | undefined;
  policy: WorkerPolicy;
  models: TaskModels;
  logger: Logger;
  now?: () => number;
}

// Failures no retry can mend: the task or its data is wrong, not the moment.
const PERMANENT = new Set(['DATA_INVALID', 'SCHEMA_MISMATCH', 'INVALID_ARGUMENT', 'OBJECT_CORRUPT']);

/** Start a worker; it runs until `close()`. */
export async function startBatchWorker(deps: WorkerDeps, options: WorkerOptions): Promise<BatchWorker> {
  const secret = requireQueueSecret(deps.secret);
  const queue = queueName(options.queue);
  await checkRedis(options.queue);
  const now = deps.now ?? Date.now;
  const sinks = new Map<string, Promise<ChunkSink>>();
  const fail = (job: Job, reason: string, refused: boolean): never => {
    const id = job.id ?? '?';
    deps.logger.warn(refused ? 'batch task refused' : 'batch task failed', { task: id, reason });
    options.onFailed?.({ taskId: id, reason, refused });
    throw new UnrecoverableError(refused ? `refused: ${reason}` : reason);
  };
  const handle = async (job: Job) => {
    let checked: { task: ChunkTask; input: string; target: OutputTarget; model: Model };
    try {
      const task = verifyTask(secret, queue, job.id, job.data, now());
      const input = await deps.policy.input(task);
      const target = await deps.policy.output(task);
      checked = { task, input, target, model: await deps.models.load(task) };
    } catch (error) {
      if (error instanceof TaskRefused) return fail(job, error.reason, true);
      throw error;
    }
    const { task, target, model } = checked;
    try {
      const key = `${task.jobId}|${task.output}`;
      let sink = sinks.get(key);
      if (sink === undefined) {
        sink = openSink(target, outputShape(model, task.modelVersion, task.idSchema), task.chunkDir);
        sinks.set(key, sink);
        sink.catch(() => sinks.delete(key));
      }
      await scoreTask({ ...task, file: checked.input }, model, await sink);
    } catch (error) {
      if (isFlywheelError(error) && PERMANENT.has(error.code)) return fail(job, error.message, false);
      throw error;
    }
    options.onChunk?.({ jobId: task.jobId, index: task.index, rows: task.rows });
  };
  const lockMs = options.lockMs ?? 30_000;
  const worker = new Worker(queue, handle, {
    connection: parseRedisUrl(options.queue),
    concurrency: options.concurrency ?? 1,
    lockDuration: lockMs,
    stalledInterval: Math.max(500, Math.floor(lockMs / 2)),
    maxStalledCount: 5,
  });
  // Without a listener an 'error' event would end the process; a worker outlives what it meets.
  worker.on('error', (error) => deps.logger.error('batch worker error', { error }));
  await worker.waitUntilReady();
  return {
    async close() {
      await worker.close();
      for (const sink of sinks.values()) await (await sink.catch(() => undefined))?.close();
    },
  };
}

async function scoreTask(task: ChunkTask, model: Model, sink: ChunkSink): Promise<void> {
  if ((await sink.committed(task.jobId)).has(task.index)) return;
  const rows = await readTaskRows(task);
  const scored = scoreChunk(
    model,
    rows,
    {
      index: task.index,
      startRow: task.startRow,
      idColumn: task.idColumn,
      modelVersion: task.modelVersion,
      jobId: task.jobId,
      present: task.present,
    },
    modelDecision(model),
  );
  await sink.commit(task.jobId, scored);
}
