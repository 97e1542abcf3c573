/**
 * A scoring thread: builds the model from its files (plain JSON and weights, never code) once, then
 * scores the chunks the pool sends and sends the results back, moving the buffers instead of copying.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Table } from '../data/index.js';
import { modelFromFiles } from '../models/index.js';
import type { ScoreWorkerData } from './pool.js';
import { type ChunkContext, scoreChunk } from './score-chunk.js';
import { tableBuffers } from './transfer.js';

interface Job {
  id: number;
  chunk: Table;
  ctx: ChunkContext;
}

const { files, decision } = workerData as ScoreWorkerData;
const model = modelFromFiles(files, 'batch model');
parentPort?.on('message', (job: Job) => {
  try {
    const result = scoreChunk(model, job.chunk, job.ctx, decision);
    const buffers = [...tableBuffers(result.predictions), ...tableBuffers(result.errors)];
    parentPort?.postMessage({ id: job.id, result }, buffers);
  } catch (error) {
    parentPort?.postMessage({ id: job.id, error: serialize(error) });
  }
});

function serialize(error: unknown): { message: string; code?: string; hint?: string } {
  const e = error as { message?: string; code?: string; hint?: string };
  return { message: e?.message ?? String(error), code: e?.code, hint: e?.hint };
}
