/**
 * Scoring across threads: `threads` worker threads each hold the model (built from its files) and
 * score chunks; with one thread the chunk is scored in this thread and no worker is started.
 */
import { Worker } from 'node:worker_threads';
import { type ErrorCode, FlywheelError } from '../core/index.js';
import type { Table } from '../data/index.js';
import { type Model, modelDecision, modelToFiles } from '../models/index.js';
import { type ChunkContext, type Decision, type ScoredChunk, scoreChunk } from './score-chunk.js';
import { tableBuffers } from './transfer.js';

/** What a scoring thread starts with: the model's files and its decision (score-worker.ts). */
export interface ScoreWorkerData {
  files: Record<string, Uint8Array>;
  decision: Decision;
}

/** Scores chunks; `score` resolves when the chunk is done. */
export interface ScorePool {
  readonly threads: number;
  score(chunk: Table, ctx: ChunkContext): Promise<ScoredChunk>;
  close(): Promise<void>;
}

interface Pending {
  resolve(result: ScoredChunk): void;
  reject(error: Error): void;
}

type Reply =
  | { id: number; result: ScoredChunk }
  | { id: number; error: { message: string; code?: string; hint?: string } };

/** Start a pool of `threads` scoring threads (1: score inline). */
export function createScorePool(model: Model, threads: number): ScorePool {
  const decision = modelDecision(model);
  // An imported ONNX model is opened asynchronously by ONNX Runtime and runs its own thread pool
  // (onnx_runtime.intra_op_threads): it scores inline.
  if (threads <= 1 || model.family === 'onnx') {
    return {
      threads: 1,
      score: async (chunk, ctx) => scoreChunk(model, chunk, ctx, decision),
      close: async () => {},
    };
  }
  const data: ScoreWorkerData = { files: modelToFiles(model), decision };
  const workers = Array.from({ length: threads }, () => startWorker(data));
  const pending = new Map<number, Pending>();
  const load = new Map<Worker, number>(workers.map((w) => [w, 0]));
  let next = 0;
  let broken: FlywheelError | undefined;
  let closing = false;
  for (const worker of workers) {
    worker.on('message', (reply: Reply) => {
      load.set(worker, load.get(worker)! - 1);
      const p = pending.get(reply.id);
      pending.delete(reply.id);
      if ('result' in reply) p?.resolve(reply.result);
      else
        p?.reject(
          new FlywheelError((reply.error.code as ErrorCode) ?? 'INTERNAL', reply.error.message, {
            hint: reply.error.hint,
          }),
        );
    });
    // A thread that dies fails the pool: what it held is rejected, and so is every later chunk.
    const fail = (error: Error) => {
      broken ??= new FlywheelError('INTERNAL', `A scoring thread stopped: ${error.message}`, {
        hint: 'The job can be resumed (flywheel predict --resume JOB); try fewer --threads if memory ran out.',
        cause: error,
      });
      for (const p of pending.values()) p.reject(broken);
      pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (!closing) fail(new Error(`exit code ${code}`));
    });
  }
  return {
    threads,
    score(chunk, ctx) {
      if (broken !== undefined) return Promise.reject(broken);
      const id = next++;
      const worker = [...load.entries()].sort((a, b) => a[1] - b[1])[0]![0];
      load.set(worker, load.get(worker)! + 1);
      return new Promise<ScoredChunk>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, chunk, ctx }, tableBuffers(chunk));
      });
    },
    async close() {
      closing = true;
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

function startWorker(workerData: ScoreWorkerData): Worker {
  if (!import.meta.url.endsWith('.ts')) {
    return new Worker(new URL('./score-worker.js', import.meta.url), { workerData });
  }
  // From source (the tests) the worker is TypeScript: register tsx's loader in it first. The code
  // is a constant; the only module it loads is this folder's worker.
  const worker = new URL('./score-worker.ts', import.meta.url).href;
  const code = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(worker)}); });`;
  return new Worker(code, { eval: true, workerData });
}
