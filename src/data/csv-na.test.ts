import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlywheelError } from '../core/errors.js';
import { RecordLines } from './csv-lines.js';
import { readSchema, readTable } from './read.js';
import { DEFAULT_NA_VALUES, parseNaValues } from './source.js';
import { getColumn, rowArray, type Table } from './table.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'flywheel-na-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, content: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

async function failure(promise: Promise<unknown>): Promise<FlywheelError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(FlywheelError);
    return error as FlywheelError;
  }
  throw new Error('expected the read to fail');
}

const column = (t: Table, name: string) =>
  Array.from({ length: t.rowCount }, (_, i) => rowArray(t, i)[t.names.indexOf(name)]);

/** `rows` numbered rows (id, x = id) as CSV lines, for files past DuckDB's type-detection sample. */
const filler = (rows: number) => Array.from({ length: rows }, (_, i) => `${i},${i}`);

describe('missing-value tokens in CSV', () => {
  it.each(['NA', 'N/A', 'NaN', 'null', 'NULL', 'None', 'nan', '#N/A', '<NA>', 'n/a', ''])(
    'reads %j in a numeric column as null, and the column stays numeric',
    async (token) => {
      const path = await file(`na-${encodeURIComponent(token)}.csv`, `id,x\n1,1.5\n2,${token}\n3,2\n`);
      const t = await readTable(path);
      expect(getColumn(t, 'x').kind).toBe('float64');
      expect(column(t, 'x')).toEqual([1.5, null, 2]);
    },
  );

  it('takes every token of the default list as missing, in one column', async () => {
    const lines = DEFAULT_NA_VALUES.map((token, i) => `${i},${token}`);
    const path = await file('all.csv', `id,x\n${lines.join('\n')}\n99,7\n`);
    const t = await readTable(path);
    expect(getColumn(t, 'x').kind).toBe('float64');
    expect(column(t, 'x')).toEqual([...DEFAULT_NA_VALUES.map(() => null), 7]);
  });

  it('does not take `?` as missing: in the sampled rows it makes a text column', async () => {
    const path = await file('question.csv', 'id,x\n1,1.5\n2,?\n');
    const t = await readTable(path);
    expect(getColumn(t, 'x').kind).toBe('dictionary');
    expect(column(t, 'x')).toEqual(['1.5', '?']);
  });

  it('a `?` past the sampled rows is an error naming its file line and the option', async () => {
    const path = await file('late-question.csv', ['id,x', ...filler(25_000), '25000,?'].join('\n'));
    const e = await failure(readTable(path));
    expect(e.code).toBe('DATA_INVALID');
    expect(e.where).toEqual({ file: path, line: 25_002 });
    expect(e.message).toContain('"?"');
    expect(e.hint).toMatch(/--na-values/);
  });

  it('the list is configurable per read: `?` added, `NA` left a value', async () => {
    const path = await file('custom.csv', 'id,x,s\n1,1.5,NA\n2,?,b\n');
    const t = await readTable(path, { csv: { nullStrings: ['', '?'] } });
    expect(getColumn(t, 'x').kind).toBe('float64');
    expect(column(t, 'x')).toEqual([1.5, null]);
    expect(column(t, 's')).toEqual(['NA', 'b']);
    const none = await readSchema(path, { csv: { nullStrings: [] } });
    expect(none.map((c) => c.kind)).toEqual(['float64', 'dictionary', 'dictionary']);
  });

  it('parses the flag form of the list', () => {
    expect(parseNaValues('NA,,?')).toEqual(['NA', '', '?']);
    expect(parseNaValues('')).toEqual([]);
    expect(() => parseNaValues('x'.repeat(65))).toThrow(FlywheelError);
  });
});

describe('CSV errors report file lines (1-based, the header counted)', () => {
  it('a bad value on file line 7 after a quoted value spanning lines is line 7', async () => {
    // Line 2 holds a quoted value over three lines: DuckDB counts it as one record.
    const text = ['id,x,note', '1,1,"a', 'b', 'c"', '2,2,t', '3,3,t', '4,5,6,7', '5,5,t'].join('\n');
    const path = await file('ragged.csv', `${text}\n`);
    const e = await failure(readTable(path));
    expect(e.where).toEqual({ file: path, line: 7 });
    expect(e.message).toContain(`${path}:7:`);
  });

  it('a value of the wrong type past the sample is reported on its file line', async () => {
    const lines = ['id,x,note', '1,1,"two\nlines"', ...filler(25_000).map((l) => `${l},t`), '9,oops,t'];
    const path = await file('late.csv', `${lines.join('\r\n')}\r\n`);
    const e = await failure(readTable(path));
    expect(e.where).toEqual({ file: path, line: 25_004 });
  });

  it('counts records and lines with quotes, escapes and CRLF', () => {
    const bytes = Buffer.from('a,b\r\n"x\r\ny",1\n"q\\"\n",2\nlast,3\n');
    expect(new RecordLines({ quote: '"', escape: '\\' }).feed(bytes, 4)).toBe(6);
    expect(new RecordLines().feed(Buffer.from('a\n"x""\ny"\nz\n'), 3)).toBe(4);
  });
});
