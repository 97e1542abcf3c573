/**
 * `flywheel worker --queue redis://…`: takes chunk tasks off the BullMQ queue and scores them.
 * Models come from the shared artifact store by digest (plain files, checked against the job's
 * model digest; never code). A worker killed mid-chunk commits nothing; BullMQ hands the task to
 * another worker once its lock expires, and the sink's per-chunk commit keeps the output exact.
 */
import { type Job, Worker } from 'bullmq';
import { FlywheelError } from '../core/index.js';
import { type Model, modelFromFiles } from '../models/index.js';
import { type ChunkTask, chunkTaskSchema, readTaskRows } from './chunk-task.js';
import { openSink } from './open-sink.js';
import { outputShape } from './output-shape.js';
import { checkRedis, parseRedisUrl, queueName } from './redis.js';
import { modelDigest } from './run-job.js';
import { scoreChunk } from './score-chunk.js';
import type { ChunkSink } from './sink.js';
import { parseOutput } from './target.js';

/** Options of a worker. */
export interface WorkerOptions {
  queue: string;
  /** Chunks scored at once by this worker (default 1). */
  concurrency?: number;
  /** How long a task's lock lasts without renewal: how soon a dead worker's task moves (default 30 s). */
  lockMs?: number;
  /** Told after each committed chunk. */
  onChunk?: (task: { jobId: string; index: number; rows: number }) => void;
}

/** A running worker. */
export interface BatchWorker {
  close(): Promise<void>;
}

/** Start a worker; it runs until `close()`. */
export async function startBatchWorker(
  getObject: (digest: string) => Promise<Uint8Array>,
  options: WorkerOptions,
): Promise<BatchWorker> {
  await checkRedis(options.queue);
  const models = new Map<string, Promise<Model>>();
  const sinks = new Map<string, Promise<ChunkSink>>();
  const process = async (job: Job) => {
    const task = chunkTaskSchema.parse(job.data);
    let model = models.get(task.modelDigest);
    if (model === undefined) {
      model = loadTaskModel(task, getObject);
      models.set(task.modelDigest, model);
      model.catch(() => models.delete(task.modelDigest));
    }
    const m = await model;
    const key = `${task.jobId}|${task.output}`;
    let sink = sinks.get(key);
    if (sink === undefined) {
      sink = openSink(
        parseOutput(task.output, task.cwd),
        outputShape(m, task.modelVersion, task.idSchema),
        task.chunkDir,
      );
      sinks.set(key, sink);
      sink.catch(() => sinks.delete(key));
    }
    await scoreTask(task, m, await sink);
    options.onChunk?.({ jobId: task.jobId, index: task.index, rows: task.rows });
  };
  const lockMs = options.lockMs ?? 30_000;
  const worker = new Worker(queueName(options.queue), process, {
    connection: parseRedisUrl(options.queue),
    concurrency: options.concurrency ?? 1,
    lockDuration: lockMs,
    stalledInterval: Math.max(500, Math.floor(lockMs / 2)),
    maxStalledCount: 5,
  });
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
  const scored = scoreChunk(model, rows, {
    index: task.index,
    startRow: task.startRow,
    idColumn: task.idColumn,
    modelVersion: task.modelVersion,
    jobId: task.jobId,
    present: task.present,
  });
  await sink.commit(task.jobId, scored);
}

async function loadTaskModel(
  task: ChunkTask,
  getObject: (digest: string) => Promise<Uint8Array>,
): Promise<Model> {
  const files: Record<string, Uint8Array> = {};
  for (const [name, digest] of Object.entries(task.modelFiles)) files[name] = await getObject(digest);
  const model = modelFromFiles(files, `${task.modelVersion} (job ${task.jobId})`);
  if (modelDigest(model) !== task.modelDigest) {
    throw new FlywheelError(
      'OBJECT_CORRUPT',
      `The model objects of job ${task.jobId} do not match its digest`,
      {
        hint: 'Run flywheel fsck on the shared object store.',
      },
    );
  }
  return model;
}
