/**
 * Shared column buffers for a job's chunks. The reader fills chunks into `SharedArrayBuffer`s
 * taken from here (`readChunks`' `buffers` option); a chunk goes to a scoring thread without a
 * copy or a transfer, and once its predictions are committed its buffers come back for the next
 * chunk. A job then allocates a handful of buffers instead of one set per chunk: measured, the
 * per-chunk buffers (allocated in one isolate, moved to another, freed there) kept the garbage
 * collectors of both busy.
 */
import type { ChunkBuffers, Table } from '../data/index.js';

export class SharedChunkBuffers implements ChunkBuffers {
  private readonly free = new Map<number, SharedArrayBuffer[]>();
  private allocated = 0;

  /** Allocate at most `limitBytes` of shared buffers; beyond that `take` says no (plain buffers are used). */
  constructor(private readonly limitBytes: number) {}

  take(bytes: number): SharedArrayBuffer | undefined {
    const spare = this.free.get(bytes)?.pop();
    if (spare !== undefined) return spare;
    if (this.allocated + bytes > this.limitBytes) return undefined;
    this.allocated += bytes;
    return new SharedArrayBuffer(bytes);
  }

  /** Take back the shared buffers under a table's columns; nothing may read the table afterwards. */
  release(table: Table): void {
    for (const column of table.columns) {
      const view = column.kind === 'dictionary' ? column.codes : column.values;
      const buffer = view.buffer;
      if (
        !(buffer instanceof SharedArrayBuffer) ||
        view.byteOffset !== 0 ||
        view.byteLength !== buffer.byteLength
      )
        continue;
      let list = this.free.get(buffer.byteLength);
      if (list === undefined) {
        list = [];
        this.free.set(buffer.byteLength, list);
      }
      if (!list.includes(buffer)) list.push(buffer);
    }
  }

  /** Bytes of shared buffers allocated so far. */
  get allocatedBytes(): number {
    return this.allocated;
  }
}
