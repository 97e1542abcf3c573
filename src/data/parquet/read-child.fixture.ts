// A child process for direct-reader.test.ts: reads a Parquet file with the direct reader and
// prints, as JSON, whether it took the file and a digest of each column, so the parent can
// compare a read made under a CPU affinity (taskset) with its own.
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { openDataEngine } from '../engine.js';
import { nativeCopy } from '../native.js';
import { planScan } from '../scan-plan.js';
import type { Column } from '../table.js';
import { directReader, readParquetDirect } from './direct-reader.js';

/** SHA-256 of a column's values (codes and dictionary for text) and null mask. */
export function columnDigest(column: Column): string {
  const hash = createHash('sha256');
  if (column.kind === 'dictionary') hash.update(column.codes).update(JSON.stringify(column.dictionary));
  else {
    hash.update(new Uint8Array(column.values.buffer, column.values.byteOffset, column.values.byteLength));
    if (column.nulls) hash.update(column.nulls);
  }
  return hash.digest('hex');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const engine = await openDataEngine();
  try {
    const plan = await engine.withConnection((c) => planScan(c, process.argv[2]!, {}, directReader));
    const addon = nativeCopy();
    const table = addon === null ? undefined : await readParquetDirect(plan, addon);
    const digests = table?.columns.map(columnDigest);
    process.stdout.write(JSON.stringify({ direct: table !== undefined, digests }));
  } finally {
    engine.close();
  }
}
