/**
 * Applying an LF file to a table: the rows are cut into chunks and labelled in parallel by worker
 * threads (one thread: in this thread), then the chunks' votes are joined, in row order, into one
 * CSR label matrix. Chunks carry only their own rows: string columns get a chunk-local dictionary,
 * so a thread never receives the whole table's text.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { type ErrorCode, FlywheelError, type SerializedError } from '../../core/index.js';
import type { Column, Table } from '../../data/index.js';
import type { LabelMatrix } from '../matrix.js';
import type { ApplyReply, ApplyRequest, ApplyWorkerData } from './apply-worker.js';
import type { LabelingFunction } from './labeling-function.js';
import { type ChunkVotes, type LfErrorPolicy, runChunk } from './run-chunk.js';

/** Options for `applyLabelingFunctions`. */
export interface ApplyOptions {
  /** Number of classes (votes must be 0 .. cardinality-1). */
  cardinality: number;
  /** Worker threads (default: the machine's cores); 1 labels in this thread. */
  threads?: number;
  /** An LF that throws: stop (default) or count as ABSTAIN. */
  lfErrors?: LfErrorPolicy;
  /** Rows per chunk (default: about four chunks per thread, 1,024 to 65,536 rows). */
  chunkRows?: number;
}

/** The label matrix and how often each LF threw (with `lfErrors: 'abstain'`). */
export interface ApplyResult {
  matrix: LabelMatrix;
  /** Per LF (in LF order), the rows it threw on. */
  errors: number[];
  threads: number;
  elapsedMs: number;
}

/** The LFs as loaded in this thread, and the module the threads import. */
export interface LfSource {
  lfs: readonly LabelingFunction<object>[];
  moduleUrl: string;
  file: string;
}

/** Apply the LFs of `source` to every row of `table`. */
export async function applyLabelingFunctions(
  table: Table,
  source: LfSource,
  options: ApplyOptions,
): Promise<ApplyResult> {
  const started = performance.now();
  const policy = options.lfErrors ?? 'stop';
  const wanted = Math.max(1, options.threads ?? availableParallelism());
  // About four chunks per thread (a slow chunk does not hold the others up), 1,024 to 65,536 rows.
  const chunkRows =
    options.chunkRows ?? Math.min(65_536, Math.max(1024, Math.ceil(table.rowCount / (wanted * 4))));
  if (source.lfs.length > 65_535)
    throw new FlywheelError(
      'INVALID_ARGUMENT',
      `${source.lfs.length} labeling functions are more than 65,535`,
    );
  const chunks = Math.max(1, Math.ceil(table.rowCount / chunkRows));
  const threads = Math.min(wanted, chunks);
  const parts: ChunkVotes[] = new Array(chunks);
  if (threads === 1) {
    const scratch: Scratch = new Map();
    for (let c = 0; c < chunks; c++) {
      const start = c * chunkRows;
      parts[c] = runChunk(
        chunkTable(table, start, start + chunkRows, scratch),
        source.lfs,
        options.cardinality,
        policy,
        start,
      );
    }
  } else {
    const data: ApplyWorkerData = {
      moduleUrl: source.moduleUrl,
      file: source.file,
      cardinality: options.cardinality,
      policy,
    };
    await runInThreads(table, data, threads, chunkRows, chunks, parts);
  }
  return {
    matrix: joinChunks(parts, table.rowCount, source.lfs.length, options.cardinality),
    errors: sumErrors(parts, source.lfs.length),
    threads,
    elapsedMs: performance.now() - started,
  };
}

async function runInThreads(
  table: Table,
  data: ApplyWorkerData,
  threads: number,
  chunkRows: number,
  chunks: number,
  parts: ChunkVotes[],
): Promise<void> {
  const workers = Array.from({ length: threads }, () => startWorker(data));
  const scratch: Scratch = new Map();
  // The error reported is the one of the first failing row, whichever thread finished first: after a
  // failure no new chunk is sent, and every earlier chunk was sent before it, so all of them settle.
  const failures = new Map<number, unknown>();
  let next = 0;
  try {
    await Promise.all(
      workers.map(async (worker) => {
        for (let c = next++; c < chunks && failures.size === 0; c = next++) {
          const start = c * chunkRows;
          const request: ApplyRequest = {
            id: c,
            table: chunkTable(table, start, start + chunkRows, scratch),
            rowOffset: start,
          };
          try {
            parts[c] = await ask(worker, request);
          } catch (error) {
            failures.set(c, error);
          }
        }
      }),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  if (failures.size > 0) throw failures.get(Math.min(...failures.keys()));
}

function ask(worker: Worker, request: ApplyRequest): Promise<ChunkVotes> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: ApplyReply) => {
      cleanup();
      if ('votes' in reply) resolve(reply.votes);
      else reject(fromJson(reply.error));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(new FlywheelError('INTERNAL', `A labeling thread stopped: ${error.message}`, { cause: error }));
    };
    const cleanup = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.postMessage(request);
  });
}

function fromJson(error: SerializedError): FlywheelError {
  return new FlywheelError(error.code as ErrorCode, error.message, {
    hint: error.hint,
    where: error.where,
    details: error.details,
  });
}

function startWorker(workerData: ApplyWorkerData): Worker {
  if (!import.meta.url.endsWith('.ts'))
    return new Worker(new URL('./apply-worker.js', import.meta.url), { workerData });
  // From source (the tests) the worker is TypeScript: register tsx's loader in it first.
  const worker = new URL('./apply-worker.ts', import.meta.url).href;
  const code = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(worker)}); });`;
  return new Worker(code, { eval: true, workerData });
}

/** Rows start..end of `table` as a table of their own (copied; strings with a chunk-local dictionary). */
function chunkTable(table: Table, start: number, end: number, scratch: Scratch): Table {
  const to = Math.min(end, table.rowCount);
  return {
    names: table.names,
    columns: table.columns.map((c) => chunkColumn(c, start, to, scratch)),
    rowCount: to - start,
  };
}

/** Per dictionary column, a code → chunk-code map (-1: unused) reused by every chunk. */
type Scratch = Map<Column, Int32Array>;

function chunkColumn(column: Column, start: number, end: number, scratch: Scratch): Column {
  if (column.kind !== 'dictionary')
    return {
      ...column,
      values: column.values.slice(start, end),
      nulls: column.nulls?.slice(start, end) ?? null,
    } as Column;
  let remap = scratch.get(column);
  if (remap === undefined) {
    remap = new Int32Array(column.dictionary.length).fill(-1);
    scratch.set(column, remap);
  }
  const dictionary: string[] = [];
  const codes = column.codes.slice(start, end);
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i]!;
    if (code < 0) continue;
    let local = remap[code]!;
    if (local < 0) {
      local = dictionary.length;
      remap[code] = local;
      dictionary.push(column.dictionary[code]!);
    }
    codes[i] = local;
  }
  // Put the map back to unused for the next chunk (only the codes this chunk touched).
  for (let i = start; i < end; i++) if (column.codes[i]! >= 0) remap[column.codes[i]!] = -1;
  return { kind: 'dictionary', codes, dictionary };
}

function joinChunks(
  parts: readonly ChunkVotes[],
  rows: number,
  lfs: number,
  cardinality: number,
): LabelMatrix {
  let nnz = 0;
  for (const p of parts) nnz += p.lf.length;
  const indptr = new Int32Array(rows + 1);
  const lf = new Uint16Array(nnz);
  const label = new Uint16Array(nnz);
  let row = 0;
  let at = 0;
  for (const p of parts) {
    for (let i = 0; i < p.counts.length; i++) {
      indptr[row + 1] = indptr[row]! + p.counts[i]!;
      row++;
    }
    lf.set(p.lf, at);
    label.set(p.label, at);
    at += p.lf.length;
  }
  return { rows, lfs, cardinality, indptr, lf, label };
}

function sumErrors(parts: readonly ChunkVotes[], lfs: number): number[] {
  const out = new Array<number>(lfs).fill(0);
  for (const p of parts) for (let j = 0; j < lfs; j++) out[j]! += p.errors[j]!;
  return out;
}
