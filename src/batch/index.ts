/**
 * batch: batch scoring jobs — chunked, multi-threaded, resumable (a chunk manifest per job, each
 * chunk committed once), per-row errors kept — into Parquet, CSV, JSONL, SQLite or PostgreSQL.
 */

export { type BatchOperations, type BatchServiceDeps, createBatch } from './batch-service.js';
export type { BatchWorker, WorkerOptions } from './batch-worker.js';
export { errorsPath } from './file-sink.js';
export { type BatchSummary, batchSummarySchema, type JobState, readJobState } from './job-state.js';
export {
  type BatchDeps,
  type BatchProgress,
  type BatchRunOptions,
  type LoadedModel,
  modelDigest,
  type PredictRequest,
  resumeBatchJob,
  startBatchJob,
} from './run-job.js';
export { type ChunkContext, type ScoredChunk, scoreChunk } from './score-chunk.js';
export { type InputSource, type OutputTarget, parseInput, parseOutput } from './target.js';
