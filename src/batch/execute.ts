/**
 * The scoring loop of a job: stream the input in chunks, skip the committed ones, score the rest
 * across the pool (a bounded number in flight), and commit each result through the sink.
 */
import { readChunks } from '../data/index.js';
import type { JobState } from './job-state.js';
import type { ScorePool } from './pool.js';
import type { ScoredChunk } from './score-chunk.js';
import { SharedChunkBuffers } from './shared-buffers.js';
import type { ChunkCounts, ChunkSink } from './sink.js';

/** At most this much memory of shared chunk buffers per job (see shared-buffers.ts). */
const SHARED_BUFFER_BYTES = 512 * 1024 * 1024;

/** What the loop did. */
export interface ExecuteResult {
  chunks: number;
  rows: number;
  scored: number;
  failed: number;
  /** Chunks that were already committed (by an earlier attempt). */
  skipped: number;
}

/** Score every uncommitted chunk of a job; `onRows` is told as rows are done. */
export async function executeJob(
  state: JobState,
  pool: ScorePool,
  sink: ChunkSink,
  committed: Map<number, ChunkCounts>,
  onRows: (rows: number) => void,
): Promise<ExecuteResult> {
  const result: ExecuteResult = { chunks: 0, rows: 0, scored: 0, failed: 0, skipped: 0 };
  const inflight = new Set<Promise<void>>();
  let commits: Promise<void> = Promise.resolve();
  let failure: unknown;
  const window = pool.threads * 2;
  // Chunks in flight: the window, the reader's chunks being filled, the commit queue.
  const buffers = new SharedChunkBuffers(SHARED_BUFFER_BYTES);
  const done = (chunk: ScoredChunk) => {
    result.scored += chunk.scored;
    result.failed += chunk.failed;
    onRows(chunk.rows);
  };
  for (const file of state.files) {
    for await (const chunk of readChunks(file, {
      format: state.format ?? undefined,
      columns: state.columns,
      chunkRows: state.chunkRows,
      buffers,
    })) {
      if (failure !== undefined) break;
      const index = result.chunks++;
      const startRow = result.rows;
      result.rows += chunk.rowCount;
      const previous = committed.get(index);
      if (previous !== undefined) {
        result.skipped++;
        result.scored += previous.scored;
        result.failed += previous.failed;
        onRows(chunk.rowCount);
        buffers.release(chunk);
        continue;
      }
      const ctx = {
        index,
        startRow,
        idColumn: state.idColumn,
        modelVersion: state.modelVersion,
        jobId: state.jobId,
        present: state.present,
      };
      const task = pool
        .score(chunk, ctx)
        .then((scored) => {
          // Commits run one at a time: SQL sinks hold one connection, and order does not matter.
          commits = commits.then(() =>
            sink.commit(state.jobId, scored).then(() => {
              done(scored);
              // Committed: nothing reads the chunk (or predictions sharing its id column) any more.
              buffers.release(chunk);
            }),
          );
          return commits;
        })
        .catch((error: unknown) => {
          failure ??= error;
        });
      inflight.add(task);
      void task.finally(() => inflight.delete(task));
      while (inflight.size >= window) await Promise.race(inflight);
    }
    if (failure !== undefined) break;
  }
  await Promise.all(inflight);
  await commits.catch((error: unknown) => {
    failure ??= error;
  });
  if (failure !== undefined) throw failure;
  return result;
}
