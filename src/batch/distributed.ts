/**
 * The coordinator of a distributed job (`flywheel predict … --queue redis://…`): it splits the
 * input into the same chunks a local job would use, puts one signed task per uncommitted chunk on
 * the BullMQ queue (task id = job id + chunk, so re-adding is harmless), and waits until the sink
 * holds every chunk. Workers (`flywheel worker`) do the scoring; the sink's per-chunk commit makes
 * the output exactly-once however often a task is retried.
 */
import { Queue } from 'bullmq';
import { FlywheelError } from '../core/index.js';
import { defaultDataEngine } from '../data/index.js';
import type { ChunkTask } from './chunk-task.js';
import { isParquet } from './job-input.js';
import type { JobState } from './job-state.js';
import { checkRedis, parseRedisUrl, queueName } from './redis.js';
import type { ChunkSink } from './sink.js';
import { signedTask, signTask, taskId } from './task-signing.js';

/** The submitter's queue secret and how long the tasks it signs stay valid. */
export interface QueueSigning {
  secret: string;
  ttlMs: number;
}

/** Everything a task needs besides its range. */
export type TaskBase = Omit<ChunkTask, 'index' | 'file' | 'fileStart' | 'rows' | 'startRow'>;

/** The chunk tasks of a job: per file, ranges of `chunkRows` (as `readChunks` makes them). */
export async function planTasks(state: JobState, base: TaskBase): Promise<ChunkTask[]> {
  const engine = await defaultDataEngine();
  const tasks: ChunkTask[] = [];
  let startRow = 0;
  if (!isParquet(state)) {
    throw new FlywheelError(
      'UNSUPPORTED',
      `Distributed jobs read Parquet (or sql: inputs); ${state.files[0]} is not Parquet`,
      { hint: 'Convert the input to Parquet first, or run the job without --queue.' },
    );
  }
  for (const file of state.files) {
    const result = await engine.withConnection((c) =>
      c.runAndReadAll(
        `SELECT sum(num_rows)::BIGINT FROM parquet_file_metadata('${file.replaceAll("'", "''")}')`,
      ),
    );
    const rows = Number(result.getRows()[0]?.[0] ?? 0);
    for (let at = 0; at < rows || (at === 0 && rows === 0); at += state.chunkRows) {
      const n = Math.min(state.chunkRows, rows - at);
      tasks.push({ ...base, index: tasks.length, file, fileStart: at, rows: n, startRow });
      startRow += n;
      if (rows === 0) break;
    }
  }
  return tasks;
}

/** Queue the uncommitted tasks and wait for the sink to hold them all. */
export async function runQueued(
  queueUrl: string,
  tasks: ChunkTask[],
  sink: ChunkSink,
  onRows: (rows: number) => void,
  signing: QueueSigning,
): Promise<void> {
  await checkRedis(queueUrl);
  const name = queueName(queueUrl);
  const queue = new Queue(name, { connection: parseRedisUrl(queueUrl) });
  try {
    const jobId = tasks[0]?.jobId ?? '';
    const committed = await sink.committed(jobId);
    const todo = tasks.filter((t) => !committed.has(t.index));
    // A task left on the queue under its id (failed for good, or waiting with an older signature
    // that may expire) is replaced by a freshly signed one; one a worker holds now is left alone.
    for (const t of todo) {
      const existing = await queue.getJob(taskId(t));
      if (existing !== undefined && (await existing.getState()) !== 'active')
        await existing.remove().catch(() => undefined);
    }
    const now = Date.now();
    await queue.addBulk(
      todo.map((t) => ({
        name: 'chunk',
        data: signTask(signing.secret, t, { queue: name, now, ttlMs: signing.ttlMs }),
        opts: {
          jobId: taskId(t),
          attempts: 5,
          backoff: { type: 'exponential', delay: 1000 },
          removeOnComplete: true,
          removeOnFail: false,
        },
      })),
    );
    await waitForChunks(queue, tasks, sink, onRows, (data) => signedTask(signing.secret, name, data));
  } finally {
    await queue.close();
  }
}

async function waitForChunks(
  queue: Queue,
  tasks: ChunkTask[],
  sink: ChunkSink,
  onRows: (rows: number) => void,
  ours: (data: unknown) => ChunkTask | undefined,
) {
  const jobId = tasks[0]?.jobId ?? '';
  let reported = 0;
  for (;;) {
    const committed = await sink.committed(jobId);
    const rows = tasks.filter((t) => committed.has(t.index)).reduce((s, t) => s + t.rows, 0);
    if (rows > reported) onRows(rows - reported);
    reported = rows;
    if (tasks.every((t) => committed.has(t.index))) return;
    for (const failed of await queue.getFailed(0, 100)) {
      // Only a task this job signed counts: anyone who can write to Redis can add a failed job.
      const data = ours(failed.data);
      if (data !== undefined && data.jobId === jobId && !committed.has(data.index)) {
        throw new FlywheelError(
          'CHECK_FAILED',
          `Chunk ${data.index} of job ${jobId} failed ${failed.attemptsMade} times: ${failed.failedReason}`,
          {
            hint: `Fix the cause, then run flywheel predict --resume ${jobId} --queue … to queue it again.`,
          },
        );
      }
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
