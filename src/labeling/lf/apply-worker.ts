/**
 * A labeling thread: imports the LF module named in its workerData, then answers chunks of rows
 * with their votes (run-chunk.ts). Errors go back as FlywheelError JSON, so the main thread reports
 * the LF and row the same way whether one thread or many ran.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { toFlywheelError } from '../../core/index.js';
import type { Table } from '../../data/index.js';
import { collectLabelingFile } from './collect.js';
import { type ChunkVotes, type LfErrorPolicy, runChunk } from './run-chunk.js';

/** What a labeling thread starts with. */
export interface ApplyWorkerData {
  moduleUrl: string;
  file: string;
  cardinality: number;
  policy: LfErrorPolicy;
}

/** A chunk to label. */
export interface ApplyRequest {
  id: number;
  table: Table;
  rowOffset: number;
}

/** A thread's answer. */
export type ApplyReply =
  | { id: number; votes: ChunkVotes }
  | { id: number; error: ReturnType<ReturnType<typeof toFlywheelError>['toJSON']> };

const data = workerData as ApplyWorkerData;
const port = parentPort!;
const loading = import(data.moduleUrl).then(
  (m: Record<string, unknown>) => collectLabelingFile(m, data.file).lfs,
);

port.on('message', (request: ApplyRequest) => {
  loading
    .then((lfs) => {
      const votes = runChunk(request.table, lfs, data.cardinality, data.policy, request.rowOffset);
      const reply: ApplyReply = { id: request.id, votes };
      const buffers = [
        votes.counts.buffer,
        votes.lf.buffer,
        votes.label.buffer,
        votes.errors.buffer,
      ] as ArrayBuffer[];
      port.postMessage(reply, buffers);
    })
    .catch((error: unknown) => {
      const reply: ApplyReply = { id: request.id, error: toFlywheelError(error).toJSON() };
      port.postMessage(reply);
    });
});
