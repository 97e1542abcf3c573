// Isolated reads (isolated-read.ts): DuckDB's reads of files in a child process, so a file that
// crashes DuckDB fails the read, not the process.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlywheelError } from '../core/errors.js';
import { setIsolatedReads } from './isolated-read.js';
import { readChunks, readTable } from './read.js';
import { setDefaultNaValues } from './source.js';
import type { Table } from './table.js';

// DuckDB 1.5.6 segfaults reading this damaged DELTA_LENGTH_BYTE_ARRAY page (issue 23); the direct
// decoder refuses it as corrupt, so it reaches DuckDB only with every accelerator off.
const SEGV = fileURLToPath(
  new URL('./fixtures/parquet-corpus/damaged/duckdb-fallback-segv-delta-length.parquet', import.meta.url),
);

let dir: string;
let csv: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'flywheel-isolated-'));
  csv = join(dir, 'rows.csv');
  const lines = ['x,cat,flag'];
  for (let i = 0; i < 5000; i++) lines.push(`${i % 7 === 0 ? '' : i * 0.5},c${i % 13},${i % 2 === 0}`);
  await writeFile(csv, `${lines.join('\n')}\n`);
});
afterAll(async () => {
  setIsolatedReads(false);
  await rm(dir, { recursive: true, force: true });
});

async function collect(chunks: AsyncGenerator<Table>): Promise<Table[]> {
  const out: Table[] = [];
  for await (const t of chunks) out.push(t);
  return out;
}

describe('isolated reads', () => {
  it('give the tables an in-process read gives, whole and in chunks', async () => {
    const whole = await readTable(csv);
    const chunked = await collect(readChunks(csv, { chunkRows: 1200 }));
    setIsolatedReads(true);
    try {
      expect(await readTable(csv)).toEqual(whole);
      const isolated = await collect(readChunks(csv, { chunkRows: 1200 }));
      expect(isolated.map((t) => t.rowCount)).toEqual([1200, 1200, 1200, 1200, 200]);
      expect(isolated).toEqual(chunked);
      // An error in the child is the error an in-process read gives.
      const missing = readTable(csv, { columns: ['nope'] });
      await expect(missing).rejects.toMatchObject({ code: 'SCHEMA_MISMATCH' });
    } finally {
      setIsolatedReads(false);
    }
  }, 120_000);

  it("read CSV with this process's missing-value fields (the CLI's --na-values), not the child's default", async () => {
    const q = join(dir, 'q.csv');
    await writeFile(q, 'id,x\n1,2\n2,?\n3,NA\n4,5\n');
    setIsolatedReads(true);
    setDefaultNaValues(['NA', '?']);
    try {
      const table = await readTable(q);
      const x = table.columns[table.names.indexOf('x')]!;
      expect(x.kind).toBe('float64');
      const chunk = (await collect(readChunks(q, { chunkRows: 10 })))[0]!;
      expect(chunk.columns[chunk.names.indexOf('x')]!.kind).toBe('float64');
    } finally {
      setDefaultNaValues(undefined);
      setIsolatedReads(false);
    }
    // The default again: `?` is a value, so the column is text.
    const x = (await readTable(q)).columns[1]!;
    expect(x.kind).toBe('dictionary');
  }, 120_000);

  it('turn a file that crashes DuckDB into DATA_INVALID naming it, and the process reads on', async () => {
    setIsolatedReads(true);
    try {
      const error = (await readTable(SEGV, { accelerator: null }).catch((e) => e)) as FlywheelError;
      expect(error.code).toBe('DATA_INVALID');
      expect(error.message).toContain(SEGV);
      expect(error.message).toMatch(/reader process died \(SIGSEGV\)/);
      expect(error.where?.file).toBe(SEGV);
      const chunks = readChunks(SEGV, { accelerator: null, chunkRows: 10 });
      await expect(collect(chunks)).rejects.toMatchObject({ code: 'DATA_INVALID' });
      // This process is alive and reads the next file.
      expect((await readTable(csv)).rowCount).toBe(5000);
    } finally {
      setIsolatedReads(false);
    }
  }, 120_000);
});
