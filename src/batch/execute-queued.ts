/** Running a job through the queue: plan its tasks, queue them, wait, and count what was written. */
import { FlywheelError } from '../core/index.js';
import type { TrackingService } from '../tracking/index.js';
import { planTasks, type QueueSigning, runQueued } from './distributed.js';
import type { ExecuteResult } from './execute.js';
import { type JobState, jobDir } from './job-state.js';
import type { ChunkSink } from './sink.js';
import { parseOutput, targetText } from './target.js';

/** Queue a job's chunks for workers and wait until all are committed. */
export async function executeQueued(
  deps: { tracking: TrackingService; workDir: string },
  state: JobState,
  sink: ChunkSink,
  queue: { url: string; signing: QueueSigning },
  onRows: (rows: number) => void,
): Promise<ExecuteResult> {
  const before = await sink.committed(state.jobId);
  // Workers load the model from their own stores; this only fails early on a job without one.
  await requireStoredModel(deps.tracking, state.jobId);
  const tasks = await planTasks(state, {
    jobId: state.jobId,
    columns: state.columns,
    present: state.present,
    idColumn: state.idColumn,
    idSchema: state.idSchema,
    modelVersion: state.modelVersion,
    modelDigest: state.modelDigest,
    output: targetText(parseOutput(state.output, state.cwd)),
    chunkDir: jobDir(deps.workDir, state.jobId),
  });
  await runQueued(queue.url, tasks, sink, onRows, queue.signing);
  const committed = await sink.committed(state.jobId);
  const result: ExecuteResult = { chunks: tasks.length, rows: 0, scored: 0, failed: 0, skipped: before.size };
  for (const t of tasks) {
    const counts = committed.get(t.index)!;
    result.rows += t.rows;
    result.scored += counts.scored;
    result.failed += counts.failed;
  }
  return result;
}

/** Fail when the job's run holds no model (a job started without --queue). */
async function requireStoredModel(tracking: TrackingService, jobId: string): Promise<void> {
  const run = await tracking.getRun(jobId);
  if (!run.artifacts.some((a) => a.path.startsWith('model/'))) {
    throw new FlywheelError('NOT_FOUND', `Job ${jobId} has no model stored for workers`, {
      hint: 'It was started without --queue: resume it without --queue.',
    });
  }
}
