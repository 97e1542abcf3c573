import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DataEngine, openDataEngine } from '../engine.js';
import { quoteLiteral } from '../filter.js';
import { nativeCopy, nativeCopyUnavailableReason } from '../native.js';
import { readChunks, readSchema, readTable } from '../read.js';
import { getColumn } from '../table.js';
import {
  CorruptFooterError,
  footerBytes,
  hivePartitioned,
  parseParquetFooter as parseWith,
} from './footer.js';

// The footer is decoded by the addon (native/parquet/footer.c); without it, DuckDB names the columns.
const addon = nativeCopy();
const parseParquetFooter = (tail: Uint8Array) => parseWith(addon!, tail);
const skip = addon === null ? ` (skipped: ${nativeCopyUnavailableReason()})` : '';

let dir: string;
let engine: DataEngine;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'flywheel-footer-'));
  engine = await openDataEngine();
});

afterAll(async () => {
  engine?.close();
  await rm(dir, { recursive: true, force: true });
});

async function query(sql: string): Promise<Record<string, unknown>[]> {
  return engine.withConnection(async (c) => (await c.runAndReadAll(sql)).getRowObjectsJS());
}

/** Write `select` to a Parquet file and return its path. */
async function write(name: string, select: string, options = ''): Promise<string> {
  const file = join(dir, name);
  await engine.withConnection((c) =>
    c.run(`COPY (${select}) TO ${quoteLiteral(file)} (FORMAT parquet${options ? `, ${options}` : ''})`),
  );
  return file;
}

/** DuckDB's own answer: DESCRIBE of read_parquet. */
async function describeTypes(file: string): Promise<{ name: string; sourceType: string }[]> {
  const rows = await query(`DESCRIBE SELECT * FROM read_parquet(${quoteLiteral(file)})`);
  return rows.map((r) => ({ name: String(r.column_name), sourceType: String(r.column_type) }));
}

// Every type DuckDB writes: those the footer names must be named exactly as DESCRIBE names them;
// the others must leave the columns to DuckDB (undefined), never guess.
const NAMED = [
  'TINYINT',
  'SMALLINT',
  'INTEGER',
  'BIGINT',
  'UTINYINT',
  'USMALLINT',
  'UINTEGER',
  'UBIGINT',
  'FLOAT',
  'DOUBLE',
  'BOOLEAN',
  'VARCHAR',
  'DATE',
  'TIMESTAMP',
  'TIMESTAMPTZ',
  'TIMESTAMP_MS',
];
const LEFT_TO_DUCKDB = [
  'TIMESTAMP_NS',
  'TIME',
  'DECIMAL(10,2)',
  'DECIMAL(20,4)',
  'BLOB',
  'INTEGER[]',
  'STRUCT(a INTEGER)',
  'MAP(VARCHAR, INTEGER)',
  'UUID',
  'INTERVAL',
  'JSON',
];

describe.skipIf(addon === null)(`parseParquetFooter${skip}`, () => {
  it('names every column of a flat file exactly as DuckDB DESCRIBE does', async () => {
    const value = (t: string, i: number) =>
      t === 'DATE' || t.startsWith('TIMESTAMP')
        ? `CAST('2024-01-02 03:04:05' AS ${t})`
        : `CAST(${i % 2} AS ${t})`;
    const select = NAMED.map((t, i) => `${value(t, i)} AS "col ${t}"`).join(', ');
    const file = await write('named.parquet', `SELECT ${select}`);
    const footer = parseParquetFooter(await readFile(file));
    expect(footer?.columns).toEqual(await describeTypes(file));
    expect(footer?.columns?.length).toBe(NAMED.length);
  });

  it.each(LEFT_TO_DUCKDB)('leaves a file with a %s column to DuckDB', async (type) => {
    const file = await write(
      `left-${LEFT_TO_DUCKDB.indexOf(type)}.parquet`,
      `SELECT NULL::${type} AS x, 1 AS y`,
    );
    const footer = parseParquetFooter(await readFile(file));
    expect(footer).toBeDefined();
    expect(footer!.columns).toBeUndefined();
    // The row count is still read (a nested or unusual column does not stop the decoder).
    expect(footer!.rows).toBe(1);
  });

  it('reads the row count and row groups as parquet_metadata reports them', async () => {
    // 50 columns make the schema and column-chunk lists longer than 14 (the long list header form).
    const columns = Array.from({ length: 50 }, (_, j) => `i * ${j + 1} AS c${j}`).join(', ');
    const file = await write(
      'groups.parquet',
      `SELECT ${columns} FROM range(100000) t(i)`,
      'ROW_GROUP_SIZE 12288',
    );
    const footer = parseParquetFooter(await readFile(file))!;
    const meta = await query(
      `SELECT DISTINCT row_group_id, row_group_num_rows FROM parquet_metadata(${quoteLiteral(file)}) ORDER BY row_group_id`,
    );
    expect(footer.rows).toBe(100_000);
    expect(footer.rowGroups).toEqual(meta.map((r) => Number(r.row_group_num_rows)));
    expect(footer.rowGroups.length).toBeGreaterThan(1);
    expect(footer.columns?.map((c) => c.sourceType)).toEqual(Array(50).fill('BIGINT'));
  });

  it('reads an empty file: no rows, no row groups', async () => {
    const file = await write('empty.parquet', 'SELECT 1.5::DOUBLE AS x WHERE false');
    const footer = parseParquetFooter(await readFile(file))!;
    expect(footer.rows).toBe(0);
    expect(footer.rowGroups).toEqual([]);
    expect(footer.columns).toEqual([{ name: 'x', sourceType: 'DOUBLE' }]);
  });

  it('leaves names DuckDB would rename to DuckDB (the same name in another case)', async () => {
    // DuckDB's writer renames such a column itself, so the file is made by changing the name "B"
    // in the footer into "A" (same length, so the footer stays valid).
    const file = await write('dup.parquet', 'SELECT 1 AS a, 2 AS "B"');
    const bytes = await readFile(file);
    const footerStart = bytes.length - 8 - bytes.readUInt32LE(bytes.length - 8);
    const name = bytes.indexOf(Buffer.from([0x01, 0x42]), footerStart); // length 1, "B"
    expect(name).toBeGreaterThan(footerStart);
    bytes[name + 1] = 0x41;
    const renamed = join(dir, 'dup-renamed.parquet');
    await writeFile(renamed, bytes);
    expect(parseParquetFooter(bytes)!.columns).toBeUndefined();
    const described = await describeTypes(renamed);
    expect(described.map((c) => c.name)).toEqual(['a', 'A_1']);
    expect((await readSchema(renamed, { engine })).map((c) => c.name)).toEqual(['a', 'A_1']);
  });

  it('leaves a repeated top-level column (a legacy list) to DuckDB', async () => {
    // DuckDB writes lists as groups; a bare repeated leaf comes from older writers. Made here by
    // changing a leaf's repetition_type from OPTIONAL (zigzag 2) to REPEATED (zigzag 4).
    const file = await write('repeated.parquet', 'SELECT 7::INTEGER AS x');
    const bytes = await readFile(file);
    const footerStart = bytes.length - 8 - bytes.readUInt32LE(bytes.length - 8);
    // Field 3 (repetition_type, i32) then field 4 (name, binary) "x".
    const at = bytes.indexOf(Buffer.from([0x25, 0x02, 0x18, 0x01, 0x78]), footerStart);
    expect(at).toBeGreaterThan(footerStart);
    bytes[at + 1] = 0x04;
    const repeated = join(dir, 'repeated-leaf.parquet');
    await writeFile(repeated, bytes);
    expect(parseParquetFooter(bytes)!.columns).toBeUndefined();
    expect(await describeTypes(repeated)).toEqual([{ name: 'x', sourceType: 'INTEGER[]' }]);
  });

  it('gives up, without throwing, on bytes that are not a whole plain footer', async () => {
    const file = await write('whole.parquet', 'SELECT i::DOUBLE AS x FROM range(1000) t(i)');
    const bytes = await readFile(file);
    const length = bytes.readUInt32LE(bytes.length - 8);
    // The tail cut inside the footer, the magic changed (encrypted files end with PARE), a length
    // past the start, garbage in the footer, and text.
    expect(parseParquetFooter(bytes.subarray(bytes.length - length))).toBeUndefined();
    const encrypted = Buffer.from(bytes);
    encrypted.write('PARE', encrypted.length - 4);
    expect(parseParquetFooter(encrypted)).toBeUndefined();
    const tooLong = Buffer.from(bytes);
    tooLong.writeUInt32LE(bytes.length, bytes.length - 8);
    expect(parseParquetFooter(tooLong)).toBeUndefined();
    const garbage = Buffer.from(bytes);
    garbage.fill(0xff, bytes.length - 8 - length, bytes.length - 8);
    expect(parseParquetFooter(garbage)).toBeUndefined();
    expect(parseParquetFooter(Buffer.from('a,b\n1,2\n'))).toBeUndefined();
    expect(parseParquetFooter(Buffer.from('PAR1'))).toBeUndefined();
    expect(parseParquetFooter(bytes)?.rows).toBe(1000);
  });

  it('refuses row groups that do not add up to the row count as corrupt', async () => {
    const file = await write(
      'count.parquet',
      'SELECT i::DOUBLE AS x FROM range(5000) t(i)',
      'ROW_GROUP_SIZE 2048',
    );
    const bytes = Buffer.from(await readFile(file));
    const footer = parseParquetFooter(bytes)!;
    expect(footer.rowGroups).toEqual([2048, 2048, 904]);
    // num_rows (field 3) is a zigzag varint right after the schema: 5000 -> 10000 = 0x90 0x4e.
    const at = bytes.indexOf(
      Buffer.from([0x16, 0x90, 0x4e]),
      bytes.length - 8 - bytes.readUInt32LE(bytes.length - 8),
    );
    expect(at).toBeGreaterThan(0);
    bytes[at + 1] = 0x92; // 5001 rows
    expect(() => parseParquetFooter(bytes)).toThrow(CorruptFooterError);
  });

  it('gives up at once on a map that claims more booleans than its bytes hold (it once looped for ever)', () => {
    // FileMetaData: version 1, then field 8 as a map of 2^49 entries, boolean keys and values
    // (types 1 and 1), and nothing after it; its length and PAR1.
    const meta = Uint8Array.from([
      0x15, 0x02, 0x7b, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01, 0x11, 0x00,
    ]);
    const tail = Buffer.concat([meta, Buffer.from([meta.length, 0, 0, 0]), Buffer.from('PAR1')]);
    expect(parseParquetFooter(tail)).toBeUndefined();
  }, 5_000);

  it('recognises hive-partitioned paths, whose directories DuckDB turns into columns', async () => {
    expect(hivePartitioned('/data/year=2024/part.parquet')).toBe(true);
    expect(hivePartitioned('C:\\data\\k=v\\part.parquet')).toBe(true);
    expect(hivePartitioned('/data/x.parquet')).toBe(false);
    expect(hivePartitioned('/data/a=b.parquet')).toBe(false);
    const sub = join(dir, 'k=1');
    await mkdir(sub);
    const file = await write('k=1/part.parquet', 'SELECT 2.5::DOUBLE AS x');
    // DuckDB adds the partition column, and a read through the footer path must too.
    expect((await readSchema(file, { engine })).map((c) => c.name)).toEqual(['x', 'k']);
  });
});

describe.skipIf(addon === null)('reads planned from the footer', () => {
  it('give the schema DESCRIBE gives, and tables that match DuckDB', async () => {
    const file = await write(
      'plan.parquet',
      `SELECT i AS id, i * 0.5::DOUBLE AS half, (i % 3 = 0) AS flag, 'c' || (i % 4) AS cat, (i % 100)::UTINYINT AS small,
        CASE WHEN i % 5 = 0 THEN NULL ELSE i::FLOAT END AS maybe, DATE '2024-01-01' + (i % 30)::INTEGER AS day
        FROM range(300000) t(i)`,
      'ROW_GROUP_SIZE 40000',
    );
    expect(parseParquetFooter(await readFile(file))!.columns).toBeDefined();
    const schema = await readSchema(file, { engine });
    expect(schema.map(({ name, sourceType }) => ({ name, sourceType }))).toEqual(await describeTypes(file));

    // The whole table, and chunks that cut across row groups (the footer's row groups place them).
    const table = await readTable(file, { engine, columns: ['id', 'half', 'small', 'maybe'] });
    const id = getColumn(table, 'id');
    expect(table.rowCount).toBe(300_000);
    expect(id.kind === 'float64' && id.values.every((v, i) => v === i)).toBe(true);
    const chunks: number[] = [];
    let next = 0;
    for await (const chunk of readChunks(file, { engine, columns: ['id', 'maybe'], chunkRows: 70_000 })) {
      const ids = getColumn(chunk, 'id');
      expect(ids.kind === 'float64' && ids.values.every((v, i) => v === next + i)).toBe(true);
      next += chunk.rowCount;
      chunks.push(chunk.rowCount);
    }
    expect(chunks).toEqual([70_000, 70_000, 70_000, 70_000, 20_000]);
    const [sums] = await query(
      `SELECT sum(half) AS half, sum(small) AS small, count(maybe) AS maybe FROM read_parquet(${quoteLiteral(file)})`,
    );
    const sum = (name: string) => {
      const c = getColumn(table, name);
      if (c.kind !== 'float64') throw new Error(name);
      return c.values.reduce((a, v, i) => (c.nulls?.[i] ? a : a + v), 0);
    };
    expect(sum('half')).toBe(Number(sums!.half));
    expect(sum('small')).toBe(Number(sums!.small));
    const maybe = getColumn(table, 'maybe');
    expect(maybe.kind === 'float64' && maybe.nulls?.filter((n) => n === 0).length).toBe(Number(sums!.maybe));
  });
});

describe.skipIf(addon === null)('parseParquetFooter on damaged footers', () => {
  it('returns a footer, undefined or a CorruptFooterError, and never hangs, for any bits flipped in a real footer', () => {
    const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
    const tails = readdirSync(dir)
      .filter((f) => f.endsWith('.parquet'))
      .map((f) => new Uint8Array(readFileSync(join(dir, f))));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: tails.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 7 })), { minLength: 1, maxLength: 4 }),
        (which, flips) => {
          const tail = Uint8Array.from(tails[which]!);
          const footer = footerBytes(tail) ?? 8;
          for (const [at, bit] of flips) {
            const i = tail.length - footer + (at % (footer - 8));
            tail[i]! ^= 1 << bit;
          }
          try {
            parseParquetFooter(tail);
          } catch (error) {
            expect(error).toBeInstanceOf(CorruptFooterError);
          }
        },
      ),
      { numRuns: 3000, seed: 23 },
    );
  }, 60_000);
});
