/** The one interface every output implements: chunks committed atomically, then finished. */
import type { ScoredChunk } from './score-chunk.js';

/** A column of the output tables as SQL sees it. */
export interface OutputColumn {
  name: string;
  type: 'integer' | 'double' | 'text' | 'boolean' | 'timestamp';
  /** A text column's possible values when the model fixes them (a label, an action), sorted. */
  values?: readonly string[];
}

/** The shape of a job's outputs. */
export interface OutputShape {
  /** The model version every prediction row carries. */
  modelVersion: string;
  predictions: OutputColumn[];
  errors: OutputColumn[];
}

/** Rows a committed chunk wrote. */
export interface ChunkCounts {
  scored: number;
  failed: number;
}

/** An output that takes whole chunks, each exactly once. */
export interface ChunkSink {
  /** Where the predictions and the per-row errors go (for the summary). */
  readonly describe: { predictions: string; errors: string };
  /** Chunks of `jobId` already committed, with their counts (resume skips them). */
  committed(jobId: string): Promise<Map<number, ChunkCounts>>;
  /** Write a chunk atomically; a chunk committed before is left alone. */
  commit(jobId: string, chunk: ScoredChunk): Promise<void>;
  /** After every chunk is committed: assemble files, drop bookkeeping. */
  finish(jobId: string, chunkCount: number): Promise<void>;
  close(): Promise<void>;
}
