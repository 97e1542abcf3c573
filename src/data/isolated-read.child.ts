/**
 * The child process of isolated-read.ts: reads each file it is asked for, one at a time, with
 * DuckDB (every accelerator off) and sends the table, or its chunks one at a time as the parent
 * asks for the next, or the error. A crash here is the parent's DATA_INVALID, not its death.
 */
import { FlywheelError } from '../core/errors.js';
import type { IsolatedAnswer, IsolatedRequest } from './isolated-read.js';
import { readChunks, readTable } from './read.js';
import { sliceRows } from './table.js';

function send(answer: IsolatedAnswer): Promise<void> {
  return new Promise((resolve, reject) =>
    process.send!(answer, (e: Error | null) => (e ? reject(e) : resolve())),
  );
}

/** Who waits for the parent's next message while a chunked read runs (else a message is a request). */
let waiting: (() => void) | undefined;

function nextWanted(): Promise<void> {
  return new Promise((resolve) => {
    waiting = resolve;
  });
}

async function serve(request: IsolatedRequest): Promise<void> {
  const options = { ...request.options, accelerator: null };
  if (request.chunkRows === undefined) {
    await send({ table: await readTable(request.path, options) });
    return;
  }
  let skip = request.skip ?? 0;
  for await (const chunk of readChunks(request.path, { ...options, chunkRows: request.chunkRows })) {
    if (skip >= chunk.rowCount && chunk.rowCount > 0) {
      skip -= chunk.rowCount;
      continue;
    }
    const table = skip > 0 ? sliceRows(chunk, skip) : chunk;
    skip = 0;
    const wanted = nextWanted();
    await send({ table });
    await wanted;
  }
  await send({ done: true });
}

process.on('message', (message: IsolatedRequest | { next: true }) => {
  if (waiting !== undefined) {
    const resume = waiting;
    waiting = undefined;
    resume();
    return;
  }
  serve(message as IsolatedRequest).catch(async (error: unknown) => {
    const e =
      error instanceof FlywheelError
        ? error
        : new FlywheelError('DATA_INVALID', error instanceof Error ? error.message : String(error));
    await send({ error: { code: e.code, message: e.message, hint: e.hint, where: e.where } });
  });
});
// The parent's end (it exited, or dropped this reader) ends the child.
process.on('disconnect', () => process.exit(0));
