/** The distinct ArrayBuffers under a table's columns, to move a table between threads. */
import type { Table } from '../data/index.js';

/** Buffers that can be transferred (shared and pooled ones are left out, they are copied). */
export function tableBuffers(table: Table): ArrayBuffer[] {
  const seen = new Set<ArrayBuffer>();
  const add = (view: ArrayBufferView | null) => {
    if (view === null || !(view.buffer instanceof ArrayBuffer)) return;
    // A view over part of a larger buffer (a pooled one) must not be detached from its owner.
    if (view.byteOffset !== 0 || view.byteLength !== view.buffer.byteLength) return;
    // Empty arrays may share one empty buffer, and moving nothing gains nothing.
    if (view.byteLength === 0) return;
    seen.add(view.buffer);
  };
  for (const column of table.columns) {
    if (column.kind === 'dictionary') add(column.codes);
    else {
      add(column.values);
      add(column.nulls);
    }
  }
  return [...seen];
}
