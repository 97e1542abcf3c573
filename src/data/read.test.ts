import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DataEngine, defaultDataEngine, openDataEngine } from './engine.js';
import { quoteLiteral } from './filter.js';
import { readChunks, readSchema, readTable } from './read.js';
import { getColumn, rowArray, rowObject, type Table } from './table.js';
import { concatTables } from './table-build.js';

const SHARED = fileURLToPath(new URL('../../test/fixtures/data/', import.meta.url));
let dir: string;
let parquet: string;

const rows = (t: Table) => Array.from({ length: t.rowCount }, (_, i) => rowArray(t, i));

async function sql(statement: string): Promise<void> {
  const engine = await defaultDataEngine();
  await engine.withConnection(async (c) => {
    await c.run(statement);
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'flywheel-read-'));
  parquet = join(dir, 'typed.parquet');
  await sql(
    `COPY (SELECT i AS id, i * 0.5::DOUBLE AS half, (i % 3 = 0) AS flag, 'c' || (i % 4) AS cat,
      CAST(i AS DECIMAL(10, 2)) AS dec, DATE '2024-01-01' + CAST(i AS INTEGER) AS day,
      TIMESTAMP '2024-01-01 00:00:00' + INTERVAL (i) MINUTE AS ts,
      CASE WHEN i % 5 = 0 THEN NULL ELSE i END AS maybe
      FROM range(10000) t(i)) TO ${quoteLiteral(parquet)} (FORMAT parquet, ROW_GROUP_SIZE 2500)`,
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readTable', () => {
  it('reads a shared CSV with a detected header and numeric columns', async () => {
    const t = await readTable(join(SHARED, 'iris.csv'));
    expect(t.rowCount).toBe(150);
    expect(t.names).toEqual([
      'sepal length (cm)',
      'sepal width (cm)',
      'petal length (cm)',
      'petal width (cm)',
      'target',
    ]);
    expect(t.columns.every((c) => c.kind === 'float64')).toBe(true);
    expect(rowArray(t, 0)).toEqual([5.1, 3.5, 1.4, 0.2, 0]);
  });

  it('detects semicolon and tab delimiters and honours quoting', async () => {
    const semi = join(dir, 'semi.csv');
    await writeFile(semi, 'name;note\n"Smith; J";"said ""hi"""\nLee;plain\n');
    expect(rows(await readTable(semi))).toEqual([
      ['Smith; J', 'said "hi"'],
      ['Lee', 'plain'],
    ]);
    const tsv = join(dir, 'data.tsv');
    await writeFile(tsv, 'a\tb\n1\tx\n2\ty\n');
    expect(rows(await readTable(tsv))).toEqual([
      [1, 'x'],
      [2, 'y'],
    ]);
  });

  it('applies explicit CSV overrides', async () => {
    const file = join(dir, 'noheader.txt');
    await writeFile(file, '1|a\n2|b\n');
    const t = await readTable(file, { csv: { delimiter: '|', header: false } });
    expect(t.names).toEqual(['column0', 'column1']);
    expect(rows(t)).toEqual([
      [1, 'a'],
      [2, 'b'],
    ]);
    const nulls = join(dir, 'nulls.csv');
    await writeFile(nulls, 'a,b\n1,NA\nNA,x\n');
    expect(rows(await readTable(nulls, { csv: { nullStrings: ['NA'] } }))).toEqual([
      [1, null],
      [null, 'x'],
    ]);
  });

  it('reads JSONL and JSON arrays', async () => {
    const jsonl = join(dir, 'events.jsonl');
    await writeFile(jsonl, '{"user":"u1","n":1,"ok":true}\n{"user":"u2","n":null,"ok":false}\n');
    const t = await readTable(jsonl);
    expect(rowObject(t, 1)).toEqual({ user: 'u2', n: null, ok: false });
    const json = join(dir, 'events.json');
    await writeFile(json, '[{"a": 1.5}, {"a": 2}]');
    expect(rows(await readTable(json))).toEqual([[1.5], [2]]);
  });

  it('maps Parquet types to column kinds', async () => {
    const schema = await readSchema(parquet);
    expect(schema.map((c) => [c.name, c.sourceType, c.kind])).toEqual([
      ['id', 'BIGINT', 'float64'],
      ['half', 'DOUBLE', 'float64'],
      ['flag', 'BOOLEAN', 'bool'],
      ['cat', 'VARCHAR', 'dictionary'],
      ['dec', 'DECIMAL(10,2)', 'float64'],
      ['day', 'DATE', 'timestamp'],
      ['ts', 'TIMESTAMP', 'timestamp'],
      ['maybe', 'BIGINT', 'float64'],
    ]);
    const t = await readTable(parquet);
    expect(t.rowCount).toBe(10_000);
    expect(rowObject(t, 7)).toEqual({
      id: 7,
      half: 3.5,
      flag: false,
      cat: 'c3',
      dec: 7,
      day: new Date(Date.UTC(2024, 0, 8)),
      ts: new Date(Date.UTC(2024, 0, 1, 0, 7)),
      maybe: 7,
    });
    expect(rowObject(t, 9995).maybe).toBeNull();
    const cat = getColumn(t, 'cat');
    if (cat.kind !== 'dictionary') throw new Error('kind');
    expect(cat.dictionary).toEqual(['c0', 'c1', 'c2', 'c3']);
  });

  it('reads every row in file order through the Parquet fast path', async () => {
    // A whole Parquet file takes the accelerator (when built); a filter takes DuckDB.
    const t = await readTable(parquet);
    const ordinary = await readTable(parquet, { where: { column: 'id', op: '>=', value: 0 } });
    expect(rows(t)).toEqual(rows(ordinary));
    const id = getColumn(t, 'id');
    const maybe = getColumn(t, 'maybe');
    if (id.kind !== 'float64' || maybe.kind !== 'float64') throw new Error('kind');
    for (let i = 0; i < t.rowCount; i++) {
      if (id.values[i] !== i) throw new Error(`row ${i} holds ${id.values[i]}`);
      expect(maybe.nulls![i]).toBe(i % 5 === 0 ? 1 : 0);
    }
  });

  it('reads only the requested columns, in the requested order', async () => {
    const t = await readTable(parquet, { columns: ['cat', 'id'] });
    expect(t.names).toEqual(['cat', 'id']);
    expect(rowArray(t, 5)).toEqual(['c1', 5]);
  });

  it('filters rows with pushed-down predicates', async () => {
    const t = await readTable(parquet, {
      columns: ['id'],
      where: [
        { column: 'id', op: 'between', low: 100, high: 200 },
        {
          or: [
            { column: 'cat', op: 'in', values: ['c1', 'c2'] },
            { column: 'maybe', op: 'is null' },
          ],
        },
        { not: { column: 'flag', op: '=', value: true } },
      ],
    });
    const expected = [];
    for (let i = 100; i <= 200; i++)
      if ((i % 4 === 1 || i % 4 === 2 || i % 5 === 0) && i % 3 !== 0) expected.push([i]);
    expect(rows(t)).toEqual(expected);
    const late = await readTable(parquet, {
      columns: ['id'],
      where: { column: 'ts', op: '>=', value: new Date(Date.UTC(2024, 0, 7, 22, 37)) },
    });
    expect(late.rowCount).toBe(10_000 - 9_997);
  });

  it('stops after `limit` rows', async () => {
    const t = await readTable(join(SHARED, 'wine.csv'), { columns: ['alcohol'], limit: 3 });
    expect(rows(t)).toEqual([[14.23], [13.2], [13.16]]);
  });
});

describe('readChunks', () => {
  it('streams bounded chunks that add up to the whole file', async () => {
    const chunks: Table[] = [];
    for await (const chunk of readChunks(parquet, {
      chunkRows: 3000,
      columns: ['id', 'cat', 'maybe', 'flag'],
    })) {
      chunks.push(chunk);
    }
    expect(chunks.map((c) => c.rowCount)).toEqual([3000, 3000, 3000, 1000]);
    expect(chunks.reduce((n, c) => n + c.rowCount, 0)).toBe(10_000);
    const whole = await readTable(parquet, { columns: ['id', 'cat', 'maybe', 'flag'] });
    expect(rows(concatTables(chunks))).toEqual(rows(whole));
  });

  it('reads numeric Parquet in whole row groups through the accelerator, in the same chunks as the streaming path', async () => {
    // 300,000 rows in row groups of 50,000: segments of 150,000 rows, re-cut into chunks of 70,000
    // that straddle segments. A filter that keeps every row sends the same scan down the streaming
    // path, which must give the same chunks, value for value.
    const wide = join(dir, 'wide.parquet');
    const columns = Array.from(
      { length: 9 },
      (_, j) => `CASE WHEN (i + ${j}) % 7 = 0 THEN NULL ELSE i * ${j + 1} + 0.25 END AS c${j}`,
    );
    await sql(
      `COPY (SELECT i AS id, ${columns.join(', ')}, i % 2 = 0 AS even FROM range(300000) t(i)) TO ${quoteLiteral(wide)} (FORMAT parquet, ROW_GROUP_SIZE 50000)`,
    );
    const segmented: Table[] = [];
    for await (const chunk of readChunks(wide, { chunkRows: 70_000 })) segmented.push(chunk);
    const streamed: Table[] = [];
    for await (const chunk of readChunks(wide, {
      chunkRows: 70_000,
      where: { column: 'id', op: '>=', value: 0 },
    }))
      streamed.push(chunk);
    expect(segmented.map((c) => c.rowCount)).toEqual([70_000, 70_000, 70_000, 70_000, 20_000]);
    expect(streamed.map((c) => c.rowCount)).toEqual(segmented.map((c) => c.rowCount));
    const bytes = (a: ArrayBufferView | null) =>
      a === null ? null : Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    for (let k = 0; k < segmented.length; k++) {
      expect(segmented[k]!.names).toEqual(streamed[k]!.names);
      segmented[k]!.columns.forEach((column, j) => {
        const other = streamed[k]!.columns[j]!;
        expect(column.kind).toBe(other.kind);
        if (column.kind === 'dictionary' || other.kind === 'dictionary') throw new Error('no text here');
        expect(bytes(column.values)!.equals(bytes(other.values)!)).toBe(true);
        expect(bytes(column.nulls)?.equals(bytes(other.nulls)!) ?? other.nulls === null).toBe(true);
      });
    }
    expect(rowObject(segmented[1]!, 0)).toMatchObject({ id: 70_000, c0: null, c1: 140_000.25, even: true });
    // Each chunk owns its buffers, so a worker thread can take them without a copy.
    for (const chunk of segmented)
      for (const column of chunk.columns)
        if (column.kind !== 'dictionary')
          expect(column.values.byteLength).toBe(column.values.buffer.byteLength);
  });

  it('yields one empty table when no row matches, so the schema is still seen', async () => {
    const chunks: Table[] = [];
    for await (const chunk of readChunks(parquet, { where: { column: 'id', op: '<', value: 0 } }))
      chunks.push(chunk);
    expect(chunks).toHaveLength(1);
    expect(chunks[0]!.rowCount).toBe(0);
    expect(chunks[0]!.names).toContain('ts');
  });

  it('can be abandoned part way', async () => {
    let seen = 0;
    for await (const chunk of readChunks(join(SHARED, 'digits.csv'), { chunkRows: 100 })) {
      seen += chunk.rowCount;
      if (seen >= 300) break;
    }
    expect(seen).toBeGreaterThanOrEqual(300);
    // The engine is still usable after an abandoned stream.
    expect((await readTable(join(SHARED, 'digits.csv'), { columns: ['target'] })).rowCount).toBe(1797);
  });
});

describe('engines', () => {
  it('reads with an engine passed explicitly, which can then be closed', async () => {
    const engine = await openDataEngine({ threads: 1, memoryLimit: '256MB' });
    try {
      const t = await readTable(parquet, { engine, columns: ['id'] });
      expect(t.rowCount).toBe(10_000);
      const chunks = [];
      for await (const chunk of readChunks(parquet, { engine, columns: ['cat'], chunkRows: 5000 }))
        chunks.push(chunk);
      expect(chunks.reduce((n, c) => n + c.rowCount, 0)).toBe(10_000);
    } finally {
      engine.close();
    }
  });
});

describe('text columns read by DuckDB', () => {
  let engine: DataEngine;
  beforeAll(async () => {
    engine = await openDataEngine();
  });
  afterAll(() => engine.close());

  it('builds sorted string dictionaries from CSV and JSONL, with nulls as -1', async () => {
    // Short values (inlined in DuckDB's string_t, up to 12 bytes), long ones (pointed to), empty ones, nulls,
    // multi-byte UTF-8 and a high-cardinality column (20,000 distinct ids), over ten vectors of
    // 2,048 rows. (120,000 rows once grew the native sink's hash table; that sink is gone, and the
    // reference path's dictionary is a Map.)
    const select = `SELECT CASE WHEN i % 9 = 0 THEN NULL WHEN i % 9 = 1 THEN '' ELSE
          ['a', 'ünïcode ✓', 'a fairly long category name', '日本語テキスト', 'z😀', 'twelve bytes'][i % 6 + 1] END AS cat,
          'user-' || (i * 7919 % 50000) || '-with-a-long-suffix' AS id, i::DOUBLE AS x FROM range(20000) t(i)`;
    for (const [name, options] of [
      ['strings.csv', '(HEADER)'],
      ['strings.jsonl', '(FORMAT json)'],
    ] as const) {
      const path = join(dir, name);
      await engine.withConnection((c) => c.run(`COPY (${select}) TO ${quoteLiteral(path)} ${options}`));
      const a = await readTable(path, { engine });
      // Each row's value as DuckDB returns it.
      const reader = name.endsWith('.csv') ? 'read_csv' : 'read_json';
      const expected = await engine.withConnection(async (c) =>
        (await c.runAndReadAll(`SELECT cat, id FROM ${reader}(${quoteLiteral(path)})`)).getRowsJS(),
      );
      for (const [j, column] of ['cat', 'id'].entries()) {
        const x = a.columns[a.names.indexOf(column)]!;
        if (x.kind !== 'dictionary') throw new Error(`${column} is not text`);
        expect([...x.dictionary].sort(), `${name} ${column}`).toEqual(x.dictionary);
        const values = Array.from(x.codes, (code) => (code < 0 ? null : x.dictionary[code]));
        expect(values, `${name} ${column}`).toEqual(expected.map((r) => r[j] ?? null));
      }
      // DuckDB reads an empty CSV field as NULL; JSON keeps "".
      const csv = name.endsWith('.csv');
      const cat = a.columns[0]!;
      expect(cat.kind === 'dictionary' && cat.dictionary).toEqual([
        ...(csv ? [] : ['']),
        'a',
        'a fairly long category name',
        'twelve bytes',
        'z😀',
        'ünïcode ✓',
        '日本語テキスト',
      ]);
      // Rows with i % 9 = 0 are null (2,223 of 20,000); in CSV also the 2,223 empty ones.
      expect(cat.kind === 'dictionary' && cat.codes.filter((c) => c < 0).length).toBe(csv ? 4_446 : 2_223);
    }
  });
});
