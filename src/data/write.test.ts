import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlywheelError } from '../core/errors.js';
import { readTable } from './read.js';
import { rowArray, type Table, tableSchema } from './table.js';
import { tableFromRows } from './table-build.js';
import { writeTable } from './write.js';

const SHARED = fileURLToPath(new URL('../../test/fixtures/data/', import.meta.url));
let dir: string;

const rows = (t: Table) => Array.from({ length: t.rowCount }, (_, i) => rowArray(t, i));

const mixed = tableFromRows([
  { n: 1.25, s: 'plain', b: true, t: new Date(Date.UTC(2023, 4, 6, 7, 8, 9, 123)) },
  { n: null, s: null, b: null, t: null },
  { n: -7, s: 'comma, "quote"\nnewline', b: false, t: new Date(0) },
  { n: 1e300, s: 'ünïcödé ✓', b: true, t: new Date(Date.UTC(1999, 11, 31)) },
]);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'flywheel-write-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeTable', () => {
  it.each(['parquet', 'csv', 'jsonl', 'json'])(
    'round-trips values, nulls and kinds through %s',
    async (ext) => {
      const path = join(dir, `mixed.${ext}`);
      await writeTable(mixed, path);
      const back = await readTable(path);
      expect(tableSchema(back)).toEqual(tableSchema(mixed));
      expect(rows(back)).toEqual(rows(mixed));
    },
  );

  it('round-trips a shared dataset exactly through Parquet and CSV', async () => {
    const wine = await readTable(join(SHARED, 'wine.csv'));
    for (const ext of ['parquet', 'csv']) {
      const path = join(dir, `wine.${ext}`);
      await writeTable(wine, path);
      const back = await readTable(path);
      expect(back.names).toEqual(wine.names);
      expect(rows(back)).toEqual(rows(wine));
    }
  });

  it('writes a chosen CSV delimiter and no header on request', async () => {
    const path = join(dir, 'plain.csv');
    await writeTable(tableFromRows([{ a: 1, b: 'x' }]), path, { delimiter: ';', header: false });
    expect(await readFile(path, 'utf8')).toBe('1.0;x\n');
  });

  it('writes and reads back gzipped CSV and TSV', async () => {
    for (const name of ['mixed.csv.gz', 'mixed.tsv']) {
      const path = join(dir, name);
      await writeTable(mixed, path);
      expect(rows(await readTable(path))).toEqual(rows(mixed));
    }
    expect((await readFile(join(dir, 'mixed.tsv'), 'utf8')).split('\n')[0]).toBe('n\ts\tb\tt');
  });

  it('writes large tables in many vectors', async () => {
    const n = 5000;
    const t = tableFromRows(
      Array.from({ length: n }, (_, i) => ({ i, s: i % 3 === 0 ? null : `s${i % 10}` })),
    );
    const path = join(dir, 'large.parquet');
    await writeTable(t, path);
    expect(rows(await readTable(path))).toEqual(rows(t));
  });

  it('leaves no temporary file behind', async () => {
    const sub = await mkdtemp(join(dir, 'clean-'));
    await writeTable(mixed, join(sub, 'out.parquet'));
    expect(await readdir(sub)).toEqual(['out.parquet']);
  });

  it('says when the directory does not exist', async () => {
    const path = join(dir, 'missing', 'out.parquet');
    const error = await writeTable(mixed, path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FlywheelError);
    expect((error as FlywheelError).code).toBe('NOT_FOUND');
    expect((error as FlywheelError).where).toEqual({ file: path });
  });
});
