import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlywheelError } from '../core/errors.js';
import { readChunks, readTable } from './read.js';
import { reportedLine } from './read-errors.js';
import { tableFromRows } from './table-build.js';
import { writeTable } from './write.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'flywheel-bad-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, content: string | Buffer): Promise<string> {
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

describe('bad input gives an error naming the file, the line and what to do', () => {
  it('a ragged CSV row with too many fields', async () => {
    const path = await file('ragged.csv', 'a,b,c\n1,2,3\n4,5,6\n7,8,9,10\n11,12,13\n');
    const e = await failure(readTable(path));
    expect(e.code).toBe('DATA_INVALID');
    expect(e.where).toEqual({ file: path, line: 4 });
    expect(e.message).toBe(`${path}:4: row has 4 fields, expected 3`);
    expect(e.hint).toMatch(/Give every row 3 fields/);
  });

  it('a ragged CSV row with too few fields, deep in a large file', async () => {
    const lines = [
      'a,b,c',
      ...Array.from({ length: 30_000 }, (_, i) => `${i},${i * 2},x${i % 7}`),
      '1,2',
      '3,4,5',
    ];
    const path = await file('short.csv', `${lines.join('\n')}\n`);
    const e = await failure(readTable(path));
    expect(e.where).toEqual({ file: path, line: 30_002 });
    expect(e.message).toContain('row has 2 fields, expected 3');
  });

  it('broken quoting', async () => {
    const path = await file('quote.csv', 'a,b\n1,"hello\n2,x\n3,y\n');
    const e = await failure(readTable(path));
    expect(e.code).toBe('DATA_INVALID');
    expect(e.where).toEqual({ file: path, line: 2 });
    expect(e.message).toContain('quoted value is never closed');
    expect(e.hint).toMatch(/two quotes/);
  });

  it('invalid UTF-8', async () => {
    const path = await file(
      'latin1.csv',
      Buffer.concat([Buffer.from('a,b\n1,x\n2,'), Buffer.from([0xff, 0xfe]), Buffer.from('\n3,y\n')]),
    );
    const e = await failure(readTable(path));
    expect(e.code).toBe('DATA_INVALID');
    expect(e.where).toEqual({ file: path, line: 3 });
    expect(e.message).toContain('not valid UTF-8');
    expect(e.hint).toMatch(/iconv|encoding/);
  });

  it('a value that does not fit the type detected from the sample', async () => {
    const lines = ['n', ...Array.from({ length: 25_000 }, (_, i) => String(i)), 'oops'];
    const path = await file('late.csv', `${lines.join('\n')}\n`);
    const e = await failure(readTable(path));
    expect(e.where).toEqual({ file: path, line: 25_002 });
    expect(e.message).toMatch(/"oops" is not a valid BIGINT/);
    expect(e.hint).toMatch(/sampleSize/);
  });

  it('a malformed JSONL line', async () => {
    const path = await file('bad.jsonl', '{"a":1}\n{"a":2}\n{"a":3,\n{"a":4}\n');
    const e = await failure(readTable(path));
    expect(e.code).toBe('DATA_INVALID');
    expect(e.where?.file).toBe(path);
    expect(e.where?.line).toBe(3);
    expect(e.hint).toMatch(/one complete JSON object/);
  });

  it('a truncated Parquet file', async () => {
    const whole = join(dir, 'whole.parquet');
    await writeTable(tableFromRows(Array.from({ length: 1000 }, (_, i) => ({ x: i, s: `v${i}` }))), whole);
    const bytes = await readFile(whole);
    const path = await file('truncated.parquet', bytes.subarray(0, Math.floor(bytes.length / 2)));
    const e = await failure(readTable(path));
    expect(e.code).toBe('DATA_INVALID');
    expect(e.where?.file).toBe(path);
    expect(e.message).toContain('not a valid Parquet file');
    expect(e.hint).toMatch(/again/);
  });

  it('an empty file', async () => {
    const path = await file('empty.csv', '');
    const e = await failure(readTable(path));
    expect(e.code).toBe('DATA_INVALID');
    expect(e.where).toEqual({ file: path });
    expect(e.message).toContain('is empty');
  });

  it('a missing path', async () => {
    const path = join(dir, 'nope.csv');
    const e = await failure(readTable(path));
    expect(e.code).toBe('NOT_FOUND');
    expect(e.where).toEqual({ file: path });
    expect(e.hint).toMatch(/Check the path/);
  });

  it.skipIf(process.getuid?.() === 0)('permission denied', async () => {
    const path = await file('locked.csv', 'a\n1\n');
    await chmod(path, 0o000);
    const e = await failure(readTable(path));
    expect(e.code).toBe('PERMISSION_DENIED');
    expect(e.where).toEqual({ file: path });
  });

  it('a directory instead of a file', async () => {
    const path = join(dir, 'folder.csv');
    await mkdir(path);
    const e = await failure(readTable(path));
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.message).toContain('directory');
  });

  it('an unknown extension', async () => {
    const path = await file('data.xlsx', 'x');
    const e = await failure(readTable(path));
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.hint).toMatch(/--format/);
  });

  it('a column or filter on a column the file lacks', async () => {
    const path = await file('ok.csv', 'alpha,beta\n1,2\n');
    const e = await failure(readTable(path, { columns: ['alpah'] }));
    expect(e.code).toBe('SCHEMA_MISMATCH');
    expect(e.where).toEqual({ file: path, field: 'alpah' });
    expect(e.hint).toContain('Did you mean "alpha"');
    const f = await failure(readTable(path, { where: { column: 'gamma', op: '=', value: 1 } }));
    expect(f.code).toBe('SCHEMA_MISMATCH');
  });

  it('the chunked reader reports the same errors', async () => {
    const path = await file('ragged2.csv', 'a,b\n1,2\n3,4,5\n');
    const e = await failure(
      (async () => {
        for await (const _ of readChunks(path)) {
          // drain
        }
      })(),
    );
    expect(e.where).toEqual({ file: path, line: 3 });
  });
});

describe('reportedLine', () => {
  it('finds the line in the forms DuckDB uses', () => {
    expect(reportedLine('CSV Error on Line: 12\nOriginal Line: x')).toBe(12);
    expect(reportedLine('Malformed JSON in file "x", at byte 9 in line 3: unexpected')).toBe(3);
    expect(reportedLine('No magic bytes found at end of file')).toBeUndefined();
  });
});
