/** Running a job through the queue: plan its tasks, queue them, wait, and count what was written. */
import { FlywheelError } from '../core/index.js';
import type { TrackingService } from '../tracking/index.js';
import { planTasks, runQueued } from './distributed.js';
import type { ExecuteResult } from './execute.js';
import { type JobState, jobDir } from './job-state.js';
import type { ChunkSink } from './sink.js';

/** Queue a job's chunks for workers and wait until all are committed. */
export async function executeQueued(
  deps: { tracking: TrackingService; workDir: string },
  state: JobState,
  sink: ChunkSink,
  queue: string,
  onRows: (rows: number) => void,
): Promise<ExecuteResult> {
  const before = await sink.committed(state.jobId);
  const tasks = await planTasks(state, {
    jobId: state.jobId,
    columns: state.columns,
    present: state.present,
    idColumn: state.idColumn,
    idSchema: state.idSchema,
    modelVersion: state.modelVersion,
    modelDigest: state.modelDigest,
    modelFiles: await modelObjects(deps.tracking, state.jobId),
    output: state.output,
    cwd: state.cwd,
    chunkDir: jobDir(deps.workDir, state.jobId),
  });
  await runQueued(queue, tasks, sink, onRows);
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

/** The model's files in the object store, as logged to the job's run. */
async function modelObjects(tracking: TrackingService, jobId: string): Promise<Record<string, string>> {
  const run = await tracking.getRun(jobId);
  const files: Record<string, string> = {};
  for (const a of run.artifacts)
    if (a.path.startsWith('model/')) files[a.path.slice('model/'.length)] = a.digest;
  if (Object.keys(files).length === 0) {
    throw new FlywheelError('NOT_FOUND', `Job ${jobId} has no model stored for workers`, {
      hint: 'It was started without --queue: resume it without --queue.',
    });
  }
  return files;
}
