/**
 * The scoring loop of a job: stream the input in chunks, skip the committed ones, score the rest
 * across the pool (a bounded number in flight), and commit each result through the sink.
 */
import { readChunks } from '../data/index.js';
import type { JobState } from './job-state.js';
import type { ScorePool } from './pool.js';
import type { ScoredChunk } from './score-chunk.js';
import type { ChunkCounts, ChunkSink } from './sink.js';

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
  const done = (chunk: ScoredChunk) => {
    result.scored += chunk.scored;
    result.failed += chunk.failed;
    onRows(chunk.rows);
  };
  for (const file of state.files) {
    for await (const chunk of readChunks(file, { columns: state.columns, chunkRows: state.chunkRows })) {
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
          commits = commits.then(() => sink.commit(state.jobId, scored).then(() => done(scored)));
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
