/**
 * Isolated reads: in a long-running process (the server, a batch worker, `monitor --watch`), the
 * reads DuckDB makes of a file run in a child process, so a file that crashes DuckDB (issue 23:
 * DuckDB 1.5.6 segfaulted on damaged delta-encoded string pages) kills the child, not the
 * process: the read fails with DATA_INVALID naming the file, and the process goes on. The
 * accelerator's reads stay in-process (fuzzed, with sanitizers, in CI); so do the CLI's one-shot
 * commands, where a crash ends only that command. The child returns the Table's column buffers
 * over IPC (structured clone), one table, or one chunk at a time for `readChunks`.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { type ErrorLocation, FlywheelError } from '../core/errors.js';
import type { ReadOptions } from './source.js';
import type { Table } from './table.js';

let isolated = false;

/** Make this process read files with DuckDB in a child process from now on (long-running processes call it at start). */
export function setIsolatedReads(on: boolean): void {
  isolated = on;
}

/** True when DuckDB reads of files run in a child process (see `setIsolatedReads`). */
export function isolatedReads(): boolean {
  return isolated;
}

/** What the parent asks the child (isolated-read.child.ts). */
export interface IsolatedRequest {
  path: string;
  options: ReadOptions;
  /** Read in chunks of this many rows, skipping the first `skip` rows; absent: one table. */
  chunkRows?: number;
  skip?: number;
}

/** What the child answers: a table (or the next chunk), the end of the chunks, or an error. */
export type IsolatedAnswer =
  | { table: Table }
  | { done: true }
  | { error: { code: string; message: string; hint?: string; where?: ErrorLocation } };

const CHILD = new URL(
  `./isolated-read.child.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`,
  import.meta.url,
);

/** The reader child, kept between reads (starting one costs a process and DuckDB); replaced after it dies. */
let reader: ChildProcess | undefined;
/** Reads take the child one at a time. */
let turn: Promise<void> = Promise.resolve();

function readerProcess(): ChildProcess {
  if (reader !== undefined && reader.exitCode === null && reader.signalCode === null && reader.connected)
    return reader;
  // The child runs what this process runs: compiled JS, or the sources through tsx (tests).
  const execArgv = import.meta.url.endsWith('.ts') ? ['--import', 'tsx'] : [];
  reader = fork(CHILD, [], {
    execArgv,
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
  });
  reader.on('error', () => undefined);
  return reader;
}

/** The error an answer carries, as the FlywheelError it was in the child. */
function rebuilt(error: Extract<IsolatedAnswer, { error: unknown }>['error']): FlywheelError {
  const code = error.code as ConstructorParameters<typeof FlywheelError>[0];
  return new FlywheelError(code, error.message, { hint: error.hint, where: error.where });
}

/** The read's failure when the child died: the file is reported, the process goes on. */
function died(path: string, how: string): FlywheelError {
  return new FlywheelError('DATA_INVALID', `${path}: the reader process died (${how}) reading this file`, {
    where: { file: path },
    hint: 'The file is probably damaged: check it (flywheel data profile), or write it again from its source.',
  });
}

/**
 * Answers of the reader child to one request, in order, as they come. Its death before the last
 * answer is a DATA_INVALID error (the next read starts a new child); a consumer that stops early
 * has the child killed, since it is still reading.
 */
async function* answers(request: IsolatedRequest): AsyncGenerator<Table> {
  let release: () => void = () => undefined;
  const previous = turn;
  turn = new Promise<void>((r) => (release = r));
  await previous;
  const child = readerProcess();
  child.ref();
  const queue: (IsolatedAnswer | Error)[] = [];
  let wake: (() => void) | undefined;
  const push = (item: IsolatedAnswer | Error) => {
    queue.push(item);
    wake?.();
  };
  const onMessage = (m: unknown) => push(m as IsolatedAnswer);
  const onExit = (code: number | null, signal: string | null) =>
    push(died(request.path, signal ?? `exit code ${code}`));
  child.on('message', onMessage);
  child.on('exit', onExit);
  let finished = false;
  try {
    child.send(request);
    for (;;) {
      if (queue.length === 0) await new Promise<void>((r) => (wake = r));
      wake = undefined;
      const item = queue.shift()!;
      if (item instanceof Error) throw item;
      if ('error' in item) {
        finished = true;
        throw rebuilt(item.error);
      }
      if ('done' in item) {
        finished = true;
        return;
      }
      if (request.chunkRows === undefined) {
        finished = true;
        yield item.table;
        return;
      }
      yield item.table;
      child.send({ next: true });
    }
  } finally {
    child.off('message', onMessage);
    child.off('exit', onExit);
    if (!finished) child.kill();
    // An idle child does not keep this process alive.
    child.unref();
    (child.channel as { unref?: () => void } | undefined)?.unref?.();
    release();
  }
}

/** Read a whole file in a child process (see the file's comment). */
export async function readTableIsolated(path: string, options: ReadOptions): Promise<Table> {
  for await (const table of answers({ path, options })) return table;
  throw died(path, 'no answer');
}

/** Stream a file in chunks from a child process, from row `skip` on. */
export function readChunksIsolated(path: string, options: ReadOptions, chunkRows: number, skip = 0) {
  return answers({ path, options, chunkRows, skip });
}
