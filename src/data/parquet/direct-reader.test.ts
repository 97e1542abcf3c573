// The direct Parquet decoder (native/parquet/read.c through direct-reader.ts) against DuckDB's
// read_parquet of the same files: every page layout DuckDB writes (pages v1 and v2, PLAIN and
// dictionary, Snappy and uncompressed, nulls, required columns, many row groups and pages), every
// type it takes, and what it must decline (other codecs and types, damaged or changed files).
// The reference is the same file read with the addon turned off (DuckDB's ordinary result).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlywheelError } from '../../core/errors.js';
import { type DataEngine, openDataEngine } from '../engine.js';
import { quoteLiteral } from '../filter.js';
import { type NativeCopy, nativeCopy, nativeCopyUnavailableReason, setNativeCopyEnabled } from '../native.js';
import { readChunks, readTable } from '../read.js';
import { planScan, type ScanPlan } from '../scan-plan.js';
import type { ReadOptions } from '../source.js';
import type { Table } from '../table.js';
import { DECLINED, type ReadAccelerator } from './accelerator.js';
import { directReader, readParquetDirect, readParquetDirectChunks } from './direct-reader.js';
import { columnDigest } from './read-child.fixture.js';

const execFileAsync = promisify(execFile);
const CHILD_READER = fileURLToPath(new URL('./read-child.fixture.ts', import.meta.url));

let dir: string;
let engine: DataEngine;
const available = nativeCopyUnavailableReason() === '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'flywheel-pqnative-'));
  engine = await openDataEngine();
});

afterAll(async () => {
  engine?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Write `select` to a Parquet file with COPY options and return its path. */
async function write(name: string, select: string, options = ''): Promise<string> {
  const file = join(dir, name);
  await engine.withConnection((c) =>
    c.run(`COPY (${select}) TO ${quoteLiteral(file)} (FORMAT parquet${options ? `, ${options}` : ''})`),
  );
  return file;
}

function plan(file: string, options: ReadOptions = {}): Promise<ScanPlan> {
  return engine.withConnection((c) => planScan(c, file, options, directReader));
}

/** The direct reader's table, or undefined when it declines. */
async function direct(file: string, options: ReadOptions = {}): Promise<Table | undefined> {
  return readParquetDirect(await plan(file, options), nativeCopy()!);
}

/** True when the direct reader reads the plan (does not decline it). */
async function takes(p: ScanPlan): Promise<boolean> {
  return (await directReader.read(p)) !== DECLINED;
}

/** DuckDB's reading of the file (the addon off: its ordinary result path). */
async function reference(file: string, options: ReadOptions = {}): Promise<Table> {
  setNativeCopyEnabled(false);
  try {
    return await readTable(file, { ...options, engine });
  } finally {
    setNativeCopyEnabled(true);
  }
}

/** Cell-by-cell equality, NaN payloads aside, with the null masks. */
function expectSameTable(actual: Table, expected: Table): void {
  expect(actual.names).toEqual(expected.names);
  expect(actual.rowCount).toBe(expected.rowCount);
  for (const [j, b] of expected.columns.entries()) {
    const a = actual.columns[j]!;
    expect(a.kind, expected.names[j]).toBe(b.kind);
    if (a.kind === 'dictionary' || b.kind === 'dictionary') {
      if (a.kind !== 'dictionary' || b.kind !== 'dictionary') throw new Error('unreachable');
      expect(a.dictionary, expected.names[j]).toEqual(b.dictionary);
      expect(
        Buffer.from(a.codes.buffer, a.codes.byteOffset, a.codes.byteLength).equals(
          Buffer.from(b.codes.buffer, b.codes.byteOffset, b.codes.byteLength),
        ),
        expected.names[j],
      ).toBe(true);
      continue;
    }
    const nullsA = a.nulls ?? new Uint8Array(actual.rowCount);
    const nullsB = b.nulls ?? new Uint8Array(expected.rowCount);
    let mismatches = 0;
    let first = '';
    for (let i = 0; i < expected.rowCount; i++) {
      const x = a.values[i]!;
      const y = b.values[i]!;
      const same = (Object.is(x, y) || (Number.isNaN(x) && Number.isNaN(y))) && nullsA[i] === nullsB[i];
      if (!same && mismatches++ === 0)
        first = `${expected.names[j]} row ${i}: ${x} (null ${nullsA[i]}) vs ${y} (null ${nullsB[i]})`;
    }
    expect(first).toBe('');
  }
}

// Columns that exercise every conversion, nulls in most, and a dictionary-friendly column.
const EVERY_TYPE = `
  SELECT
    CASE WHEN i % 7 = 3 THEN NULL ELSE i * 1.5::DOUBLE - 1000 END AS d,
    CASE WHEN i % 11 = 0 THEN NULL ELSE (i % 5)::DOUBLE / 4 END AS few,
    (i * 0.25)::FLOAT AS f,
    CASE WHEN i % 13 = 1 THEN NULL ELSE (i % 200 - 100)::TINYINT END AS i8,
    (i % 60000 - 30000)::SMALLINT AS i16,
    (i * 7919 - 50000000)::INTEGER AS i32,
    CASE WHEN i % 5 = 0 THEN NULL ELSE (i::BIGINT * 1000003 - 9007199254740993) END AS i64,
    (i % 256)::UTINYINT AS u8,
    (i % 65536)::USMALLINT AS u16,
    (4294967295 - i)::UINTEGER AS u32,
    (18446744073709551615 - i)::UBIGINT AS u64,
    CASE WHEN i % 3 = 0 THEN NULL ELSE i % 2 = 0 END AS b,
    NULL::DOUBLE AS empty,
    42.0::DOUBLE AS constant,
    CASE WHEN i % 6 = 0 THEN NULL ELSE DATE '1970-01-01' + (i % 3000 - 1500)::INTEGER END AS day,
    TIMESTAMP '1969-12-31 23:00:00' + to_microseconds(i * 1234567) AS ts,
    CASE WHEN i % 8 = 0 THEN NULL ELSE TIMESTAMPTZ '2024-03-01 00:00:00+00' - to_microseconds(i * 7) END AS tz,
    (TIMESTAMP '1960-01-01' + to_milliseconds(i * 1001))::TIMESTAMP_MS AS tms,
    CASE WHEN i % 9 = 4 THEN NULL WHEN i % 9 = 5 THEN '' ELSE ['low', 'ünï', '日本', 'z😀', 'Zeta'][i % 5 + 1] END AS cat,
    'id-' || (i * 7919 % 100003) AS id,
    NULL::VARCHAR AS no_text
  FROM range(ROWS) t(i)`;

/** ZSTD pages are read where the system has libzstd (native/parquet/read.c loads it); CI's machines do. */
const ZSTD = 6;
const zstd = available && nativeCopy()!.parquetCodecs().includes(ZSTD);
/** GZIP pages are read with the zlib Node exports, where its headers were there to build with. */
const GZIP = 2;
const gzip = available && nativeCopy()!.parquetCodecs().includes(GZIP);

const LAYOUTS: [string, string][] = [
  ['snappy, pages v1', ''],
  ...(zstd
    ? ([
        ['zstd', "COMPRESSION 'zstd'"],
        ['zstd, pages v2', "COMPRESSION 'zstd', PARQUET_VERSION 'V2'"],
      ] as [string, string][])
    : []),
  ...(gzip ? ([['gzip', "COMPRESSION 'gzip'"]] as [string, string][]) : []),
  ['uncompressed', "COMPRESSION 'uncompressed'"],
  ['pages v2', "PARQUET_VERSION 'V2'"],
  ['pages v2, uncompressed', "PARQUET_VERSION 'V2', COMPRESSION 'uncompressed'"],
  ['small row groups', 'ROW_GROUP_SIZE 2048'],
];

describe.skipIf(!available)('direct Parquet reader', () => {
  for (const [label, options] of LAYOUTS) {
    it(`equals DuckDB for every type it takes (${label})`, async () => {
      const file = await write(
        `types-${label.replace(/\W+/g, '-')}.parquet`,
        EVERY_TYPE.replace('ROWS', '20000'),
        options,
      );
      const table = await direct(file);
      expect(table).toBeDefined();
      expectSameTable(table!, await reference(file));
    });
  }

  it('reads many pages and row groups, and only the requested columns, in their order', async () => {
    // 300,000 rows: several row groups of several pages.
    const file = await write(
      'wide.parquet',
      'SELECT random() AS a, i::DOUBLE AS b, (i % 3)::DOUBLE AS c, CASE WHEN i % 1000 = 0 THEN NULL ELSE i END AS d FROM range(300000) t(i)',
      'ROW_GROUP_SIZE 100000',
    );
    const columns = ['d', 'b'];
    const table = await direct(file, { columns });
    expect(table).toBeDefined();
    expect(table!.names).toEqual(columns);
    expectSameTable(table!, await reference(file, { columns }));
  });

  // DuckDB writes every column OPTIONAL; pyarrow's files (fixtures/make-parquet-fixtures.py) have
  // required columns (no definition levels), several pages per chunk and RLE-encoded booleans.
  for (const name of ['pyarrow-strings-delta', 'pyarrow-strings-fallback', 'pyarrow-unused-categories']) {
    it(`reads strings written by pyarrow (${name}: shared prefixes; dictionary then PLAIN pages; unused dictionary values)`, async () => {
      const file = fileURLToPath(new URL(`../fixtures/${name}.parquet`, import.meta.url));
      const table = await direct(file);
      expect(table).toBeDefined();
      expectSameTable(table!, await reference(file));
    });
  }

  for (const name of ['pyarrow-required-v1', 'pyarrow-required-v2']) {
    it(`reads required columns and small pages written by pyarrow (${name})`, async () => {
      const file = fileURLToPath(new URL(`../fixtures/${name}.parquet`, import.meta.url));
      const p = await plan(file);
      expect(p.parquet?.leaves?.map((l) => l.optional)).toEqual([false, false, false, false, true]);
      const table = await direct(file);
      expect(table).toBeDefined();
      expectSameTable(table!, await reference(file));
    });
  }

  it('reads dates and timestamps written by pyarrow (ms with a zone, naive µs), named as DuckDB names them', async () => {
    const file = fileURLToPath(new URL('../fixtures/pyarrow-times.parquet', import.meta.url));
    const p = await plan(file);
    const described = await engine.withConnection(async (c) =>
      (await c.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${quoteLiteral(file)})`)).getRowObjectsJS(),
    );
    expect(p.parquet?.columns).toEqual(
      described.map((r) => ({ name: r.column_name, sourceType: r.column_type })),
    );
    const table = await direct(file);
    expect(table).toBeDefined();
    expectSameTable(table!, await reference(file));
  });

  it('reads a footer longer than the first 64 KiB read (many row groups and columns)', async () => {
    // 120 columns × 40 row groups, each chunk with statistics: a footer of a few hundred KiB.
    const columns = Array.from(
      { length: 120 },
      (_, j) => `(i * ${j + 1}) % 1000 * 0.5::DOUBLE AS c${j}`,
    ).join(', ');
    const file = await write(
      'long-footer.parquet',
      `SELECT ${columns} FROM range(40 * 2048) t(i)`,
      'ROW_GROUP_SIZE 2048',
    );
    const bytes = await readFile(file);
    expect(bytes.readUInt32LE(bytes.length - 8)).toBeGreaterThan(64 * 1024);
    const p = await plan(file, { columns: ['c0', 'c77', 'c119'] });
    expect(p.parquet?.rowGroups.length).toBe(40);
    const table = await direct(file, { columns: ['c0', 'c77', 'c119'] });
    expect(table).toBeDefined();
    expectSameTable(table!, await reference(file, { columns: ['c0', 'c77', 'c119'] }));
  });

  it('gives the same tables when many reads run at once (threads share nothing but the file)', async () => {
    const file = await write(
      'concurrent.parquet',
      EVERY_TYPE.replace('ROWS', '30000'),
      'ROW_GROUP_SIZE 4096',
    );
    const sets = [
      ['d', 'cat'],
      ['i64', 'b', 'ts'],
      ['id', 'few', 'u64'],
      ['day', 'tz', 'f', 'i8'],
      ['no_text', 'empty'],
    ];
    const alone: (Table | undefined)[] = [];
    for (const columns of sets) alone.push(await direct(file, { columns }));
    const together = await Promise.all([...sets, ...sets].map((columns) => direct(file, { columns })));
    together.forEach((table, k) => {
      expect(table).toBeDefined();
      expectSameTable(table!, alone[k % sets.length]!);
    });
  });

  // The reader starts as many threads as the CPUs the process may use, its helpers allowed only on
  // the CPUs other than the first thread's, then widened back (work_execute): confined to one CPU
  // it reads on one thread, to two it spreads; the table must be the same.
  it.skipIf(!existsSync('/usr/bin/taskset'))(
    'reads the same table in a process confined to one CPU, or two, as in this one',
    async () => {
      const file = await write(
        'affinity.parquet',
        EVERY_TYPE.replace('ROWS', '200000'),
        'ROW_GROUP_SIZE 16384',
      );
      const own = (await direct(file))!;
      const mine = own.columns.map(columnDigest);
      const cpus = availableParallelism() > 1 ? ['0', '1', '0,1'] : ['0'];
      for (const cpu of cpus) {
        const { stdout } = await execFileAsync(
          '/usr/bin/taskset',
          ['-c', cpu, process.execPath, '--import', 'tsx', CHILD_READER, file],
          { maxBuffer: 1 << 20 },
        );
        const child = JSON.parse(stdout) as { direct: boolean; digests: string[] };
        expect(child.direct, `taskset -c ${cpu}`).toBe(true);
        expect(child.digests, `taskset -c ${cpu}`).toEqual(mine);
      }
    },
    60_000,
  );

  it('is what readTable uses for numeric Parquet, with the same result', async () => {
    const file = await write('through-read-table.parquet', EVERY_TYPE.replace('ROWS', '3000'));
    const viaReadTable = await readTable(file, { engine });
    expectSameTable(viaReadTable, await reference(file));
    const columns = ['i64', 'b'];
    expectSameTable(await readTable(file, { engine, columns }), await reference(file, { columns }));
  });

  it('reads the numeric columns of a file whose other columns it does not take (the plan from DESCRIBE)', async () => {
    const file = await write(
      'with-decimal.parquet',
      "SELECT i * 1.25 AS price, i::DOUBLE AS x, TIMESTAMP_NS '2024-01-01 00:00:00.000000001' AS ns, i % 2 = 0 AS b FROM range(4000) t(i)",
    );
    const p = await plan(file, { columns: ['x', 'b'] });
    expect(p.parquet?.columns).toBeUndefined(); // the footer leaves DECIMAL and TIMESTAMP_NS to DuckDB
    const table = await direct(file, { columns: ['x', 'b'] });
    expect(table).toBeDefined();
    expectSameTable(table!, await reference(file, { columns: ['x', 'b'] }));
    expect(await direct(file, { columns: ['x', 'ns'] })).toBeUndefined();
    expect(await direct(file, { columns: ['price'] })).toBeUndefined();
  });

  it("leaves DuckDB's infinite dates and timestamps to DuckDB", async () => {
    for (const value of ["'infinity'::DATE", "'-infinity'::TIMESTAMP"]) {
      const file = await write(
        'infinite.parquet',
        `SELECT CASE WHEN i = 5 THEN ${value} END AS t FROM range(10) t(i)`,
      );
      expect(await direct(file)).toBeUndefined();
      expectSameTable(await readTable(file, { engine }), await reference(file));
    }
  });

  it('declines codecs, types and scans it does not take, and readTable still reads them', async () => {
    const gzipped = fileURLToPath(new URL('../fixtures/pyarrow-gzip.parquet', import.meta.url));
    if (gzip) expectSameTable((await direct(gzipped))!, await reference(gzipped));
    else expect(await direct(gzipped)).toBeUndefined();
    expectSameTable(await readTable(gzipped, { engine }), await reference(gzipped));
    const lz4 = await write(
      'lz4.parquet',
      'SELECT i::DOUBLE AS x FROM range(1000) t(i)',
      "COMPRESSION 'lz4_raw'",
    );
    expect(await direct(lz4)).toBeUndefined();
    expectSameTable(await readTable(lz4, { engine }), await reference(lz4));
    const mixed = await write(
      'mixed.parquet',
      "SELECT i::DOUBLE AS x, 'k' || i AS s, DATE '2024-01-01' + i::INTEGER AS day FROM range(100) t(i)",
    );
    expect(await direct(mixed)).toBeDefined();
    expect(await direct(mixed, { columns: ['day'] })).toBeDefined();
    expect(await direct(mixed, { columns: ['x'] })).toBeDefined();
    expect(
      await takes(
        await plan(mixed, { columns: ['x'], where: { column: 'x', op: '>', value: 3 } } as ReadOptions),
      ),
    ).toBe(false);
    // A limit is read directly (the first row groups that hold it): a filter is not.
    expect(await takes(await plan(mixed, { columns: ['x'], limit: 5 }))).toBe(true);
    const empty = await write('empty.parquet', 'SELECT i::DOUBLE AS x FROM range(0) t(i)');
    expect(await direct(empty)).toBeUndefined();
    expect((await readTable(empty, { engine })).rowCount).toBe(0);
  });

  it('declines a file that changed size since its footer was read', async () => {
    const file = await write('changing.parquet', 'SELECT i::DOUBLE AS x FROM range(10000) t(i)');
    const p = await plan(file);
    await writeFile(file, Buffer.concat([await readFile(file), Buffer.alloc(16)]));
    expect(await readParquetDirect(p, nativeCopy()!)).toBeUndefined();
  });

  it('never crashes on damaged files: it declines, or returns what DuckDB reads from the same bytes', async () => {
    const source = await write(
      'damage.parquet',
      'SELECT CASE WHEN i % 9 = 0 THEN NULL ELSE i * 0.5::DOUBLE END AS x, (i % 4)::DOUBLE AS y, i % 2 = 0 AS b, i::BIGINT AS n FROM range(3000) t(i)',
      "ROW_GROUP_SIZE 1000, PARQUET_VERSION 'V2'",
    );
    const bytes = await readFile(source);
    const file = join(dir, 'damaged.parquet');
    let declined = 0;
    let read = 0;
    // Deterministic positions over the whole file (pages, levels, values and the footer's row
    // groups), one bit each; the last 8 bytes (footer length and magic) only make it not Parquet.
    const flips = 150;
    for (let k = 0; k < flips; k++) {
      const at = Math.floor((((k * 7919) % 1499) / 1499) * (bytes.length - 8));
      const damaged = Buffer.from(bytes);
      damaged[at] = damaged[at]! ^ (1 << (k % 8));
      await writeFile(file, damaged);
      let p: ScanPlan;
      try {
        p = await plan(file);
      } catch {
        declined++; // a footer DuckDB cannot read either
        continue;
      }
      let table: Table | undefined;
      try {
        table = await readParquetDirect(p, nativeCopy()!);
      } catch (error) {
        // Found damaged: reported as DATA_INVALID, not read by DuckDB (issue 23).
        expect((error as FlywheelError).code).toBe('DATA_INVALID');
        declined++;
        continue;
      }
      if (table === undefined) {
        declined++;
        continue;
      }
      read++;
      // Values and levels carry no checksum: whatever DuckDB makes of the same bytes, so must we.
      let expected: Table | undefined;
      try {
        expected = await reference(file);
      } catch {
        expected = undefined;
      }
      if (expected !== undefined) expectSameTable(table, expected);
    }
    expect(declined + read).toBe(flips);
    expect(declined).toBeGreaterThan(0);
    expect(read).toBeGreaterThan(0);
  });

  it('declines strings that are not UTF-8, and readTable reports them as DuckDB does', async () => {
    const file = fileURLToPath(new URL('../fixtures/pyarrow-invalid-utf8.parquet', import.meta.url));
    expect(await direct(file)).toBeUndefined();
    await expect(readTable(file, { engine })).rejects.toMatchObject({ code: 'DATA_INVALID' });
    await expect(readTable(file, { engine })).rejects.toThrow(/pyarrow-invalid-utf8\.parquet/);
  });

  it('declines a truncated file, and readTable reports it as before', async () => {
    const source = await write('truncated-src.parquet', 'SELECT i::DOUBLE AS x FROM range(50000) t(i)');
    const file = join(dir, 'truncated.parquet');
    await copyFile(source, file);
    const p = await plan(file);
    await truncate(file, 1000);
    expect(await readParquetDirect(p, nativeCopy()!)).toBeUndefined();
    await expect(readTable(file, { engine })).rejects.toThrow(/truncated\.parquet/);
  });
});

describe.skipIf(!available)('direct reader, in chunks (readChunks)', () => {
  async function collect(chunks: AsyncGenerator<Table>): Promise<Table[]> {
    const out: Table[] = [];
    for await (const t of chunks) out.push(t);
    return out;
  }

  /** One table of a list of chunks (for comparing streams chunked differently). */
  function joined(chunks: Table[]): Table {
    const rows = chunks.reduce((n, t) => n + t.rowCount, 0);
    const columns = chunks[0]!.columns.map((first, j) => {
      if (first.kind === 'dictionary') throw new Error('numeric only');
      const values = first.kind === 'bool' ? new Uint8Array(rows) : new Float64Array(rows);
      const nulls = new Uint8Array(rows);
      let at = 0;
      for (const t of chunks) {
        const c = t.columns[j]! as typeof first;
        values.set(c.values, at);
        if (c.nulls) nulls.set(c.nulls, at);
        at += t.rowCount;
      }
      return {
        kind: first.kind,
        values,
        nulls: nulls.includes(1) ? nulls : null,
      } as Table['columns'][number];
    });
    return { names: chunks[0]!.names, columns, rowCount: rows };
  }

  let file: string;
  beforeAll(async () => {
    // Row groups of 30,720 rows (DuckDB rounds 30,000 up to whole 2,048-row vectors): chunk
    // boundaries fall inside row groups and segments.
    file = await write(
      'chunks.parquet',
      `SELECT i::DOUBLE AS id, CASE WHEN i % 7 = 0 THEN NULL ELSE i * 0.5::DOUBLE END AS x, (i % 3)::INTEGER AS k,
        CASE WHEN i % 11 = 0 THEN NULL ELSE i % 2 = 0 END AS b, TIMESTAMP '2024-01-01' + to_seconds(i) AS ts
        FROM range(150000) t(i)`,
      'ROW_GROUP_SIZE 30000',
    );
  });

  for (const chunkRows of [65_536, 40_000, 7_000]) {
    it(`gives DuckDB's rows in chunks of exactly ${chunkRows} rows, each owning its buffers`, async () => {
      const p = await plan(file);
      expect(await takes(p)).toBe(true);
      const chunks = await collect(readChunks(file, { engine, chunkRows }));
      const sizes = chunks.map((c) => c.rowCount);
      expect(sizes.slice(0, -1).every((n) => n === chunkRows)).toBe(true);
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(150_000);
      for (const chunk of chunks)
        for (const column of chunk.columns) {
          if (column.kind === 'dictionary') throw new Error('numeric only');
          expect(column.values.byteOffset).toBe(0);
          expect(column.values.buffer.byteLength).toBe(column.values.byteLength);
        }
      expectSameTable(joined(chunks), await reference(file));
    });
  }

  it('gives text columns per-chunk dictionaries, as DuckDB streaming does', async () => {
    // A low-cardinality column, one whose values change along the file (each chunk sees others),
    // and nulls; row groups of 10,240 rows against chunks of 25,000.
    const text = await write(
      'chunks-text.parquet',
      `SELECT i::DOUBLE AS id, CASE WHEN i % 9 = 0 THEN NULL ELSE ['a', 'b', 'ünï'][i % 3 + 1] END AS cat,
        'block-' || (i // 7000) AS block FROM range(100000) t(i)`,
      'ROW_GROUP_SIZE 10000',
    );
    expect(await takes(await plan(text))).toBe(true);
    const chunks = await collect(readChunks(text, { engine, chunkRows: 25_000 }));
    setNativeCopyEnabled(false);
    let expected: Table[];
    try {
      expected = await collect(readChunks(text, { engine, chunkRows: 25_000 }));
    } finally {
      setNativeCopyEnabled(true);
    }
    expect(chunks.map((c) => c.rowCount)).toEqual(expected.map((c) => c.rowCount));
    for (const [k, chunk] of chunks.entries()) expectSameTable(chunk, expected[k]!);
    const block = chunks[1]!.columns[2]!;
    expect(block.kind === 'dictionary' && block.dictionary).toEqual([
      'block-3',
      'block-4',
      'block-5',
      'block-6',
      'block-7',
    ]);
  });

  it('takes chunk buffers from `buffers` when given', async () => {
    let taken = 0;
    const buffers = {
      take(bytes: number) {
        taken++;
        return new ArrayBuffer(bytes);
      },
    };
    const chunks = await collect(readChunks(file, { engine, chunkRows: 50_000, buffers }));
    expect(chunks.length).toBe(3);
    expect(taken).toBe(3 * 5);
  });

  it('declines from the first row not yet yielded, and readChunks goes on with DuckDB from there', async () => {
    const p = await plan(file);
    // The reader declines its second segment (as it would a damaged page there).
    const direct = readParquetDirectChunks(
      p,
      declineSecondRead(nativeCopy()!).flaky,
      40_000,
      undefined,
      60_000,
    );
    // The first segment (two row groups, 61,440 rows) gives one whole chunk of 40,000, then declines.
    const first = await direct.next();
    expect(first.done === false && first.value.rowCount).toBe(40_000);
    expect(await direct.next()).toEqual({ done: true, value: DECLINED });
    // Through the seam, readChunks reads the rest with DuckDB from row 40,000 on.
    const { flaky } = declineSecondRead(nativeCopy()!);
    const accelerator: ReadAccelerator = {
      ...directReader,
      readChunks: (q, rows, buffers) => readParquetDirectChunks(q, flaky, rows, buffers, 60_000),
    };
    const chunks = await collect(readChunks(file, { engine, chunkRows: 40_000, accelerator }));
    expect(chunks.map((c) => c.rowCount)).toEqual([40_000, 40_000, 40_000, 30_000]);
    expectSameTable(joined(chunks), await reference(file));
  });

  it('reads the next segment while handing out chunks, and drops it when the consumer stops', async () => {
    const p = await plan(file);
    // The read-ahead of the second segment fails: a consumer that stopped never sees it.
    const { flaky, calls } = declineSecondRead(nativeCopy()!);
    let seen = 0;
    for await (const chunk of readParquetDirectChunks(p, flaky, 40_000, undefined, 60_000)) {
      seen += chunk.rowCount;
      // The second segment is asked for before the first one's first chunk is handed out.
      expect(calls()).toBe(2);
      break;
    }
    expect(seen).toBe(40_000);
    // Nothing surfaces later (an unhandled rejection would fail the run), and reads go on.
    await new Promise((r) => setTimeout(r, 50));
    expectSameTable(
      joined(await collect(readChunks(file, { engine, chunkRows: 40_000 }))),
      await reference(file),
    );
  });
});

/** The addon, but its second `parquetRead` is declined; `calls` counts the reads asked for. */
function declineSecondRead(addon: NativeCopy): { flaky: NativeCopy; calls: () => number } {
  let calls = 0;
  const flaky = {
    ...addon,
    parquetRead: (...args: Parameters<NativeCopy['parquetRead']>) =>
      ++calls === 2 ? Promise.reject(new Error('declined')) : addon.parquetRead(...args),
  };
  return { flaky, calls: () => calls };
}

describe.skipIf(!available)('readTail (the Parquet footer in one trip to the thread pool)', () => {
  it('gives the size and the last bytes, as node:fs reads them', async () => {
    const file = join(dir, 'tail.bin');
    const bytes = Buffer.from(Array.from({ length: 100_000 }, (_, i) => (i * 31) % 251));
    await writeFile(file, bytes);
    const buffer = Buffer.alloc(65_536);
    expect(await nativeCopy()!.readTail(file, buffer)).toEqual({ size: 100_000, length: 65_536 });
    expect(buffer.equals(bytes.subarray(100_000 - 65_536))).toBe(true);
    const small = join(dir, 'tail-small.bin');
    await writeFile(small, bytes.subarray(0, 10));
    expect(await nativeCopy()!.readTail(small, buffer)).toEqual({ size: 10, length: 10 });
    expect(buffer.subarray(0, 10).equals(bytes.subarray(0, 10))).toBe(true);
  });

  it('rejects a missing path and a directory (inspectFile then asks node:fs for the error)', async () => {
    const buffer = Buffer.alloc(1024);
    await expect(nativeCopy()!.readTail(join(dir, 'no-such-file.parquet'), buffer)).rejects.toThrow(
      /no such file/i,
    );
    await expect(nativeCopy()!.readTail(dir, buffer)).rejects.toThrow(/regular file/);
    await expect(readTable(join(dir, 'no-such-file.parquet'), { engine })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const folder = join(dir, 'folder.parquet');
    await mkdir(folder);
    await expect(readTable(folder, { engine })).rejects.toThrow(/directory/);
  });
});
