import { describe, expect, it } from 'vitest';
import { parseRedisUrl, queueName } from './redis.js';
import { checkIdentifier, parseInput, parseOutput, quoteIdent, redact } from './target.js';

describe('batch targets', () => {
  it('parses file, SQLite and PostgreSQL outputs', () => {
    expect(parseOutput('out/s.parquet', '/w')).toEqual({
      kind: 'file',
      path: '/w/out/s.parquet',
      format: 'parquet',
    });
    expect(parseOutput('s.CSV', '/w')).toMatchObject({ format: 'csv' });
    expect(parseOutput('s.ndjson', '/w')).toMatchObject({ format: 'jsonl' });
    expect(parseOutput('sqlite://db/x.db#scores', '/w')).toEqual({
      kind: 'sqlite',
      path: '/w/db/x.db',
      table: 'scores',
    });
    expect(parseOutput('postgres://u:p@h:5432/d?sslmode=disable#t_1', '/w')).toEqual({
      kind: 'postgres',
      url: 'postgres://u:p@h:5432/d?sslmode=disable',
      table: 't_1',
    });
  });

  it('refuses table names that are not identifiers, and unknown schemes', () => {
    for (const bad of [
      'sqlite://x.db#a;drop',
      'sqlite://x.db#"t"',
      'sqlite://x.db#1t',
      'postgres://h/d#',
      'sqlite://x.db',
    ]) {
      expect(() => parseOutput(bad, '/w'), bad).toThrow(
        expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
      );
    }
    expect(() => parseOutput('s3://b/k.parquet', '/w')).toThrow(/unknown URL scheme/);
    expect(() => parseOutput('out.txt', '/w')).toThrow(/\.parquet, \.csv or \.jsonl/);
    expect(() => checkIdentifier('a'.repeat(64), 'table')).toThrow();
    expect(quoteIdent('a"b')).toBe('"a""b"');
  });

  it('takes sql: inputs only as queries, and masks passwords', () => {
    expect(parseInput("sql:SELECT * FROM read_parquet('x')")).toEqual({
      kind: 'sql',
      sql: "SELECT * FROM read_parquet('x')",
    });
    expect(parseInput('train:2')).toEqual({ kind: 'ref', ref: 'train:2' });
    expect(() => parseInput('sql:DROP TABLE x')).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(redact('postgres://app:s3cret@db/x#t')).toBe('postgres://app:***@db/x#t');
  });

  it('parses Redis URLs and queue names', () => {
    expect(parseRedisUrl('redis://:pw@10.0.0.5:6380/2')).toMatchObject({
      host: '10.0.0.5',
      port: 6380,
      password: 'pw',
      db: 2,
    });
    expect(queueName('redis://h:6379')).toBe('flywheel-batch');
    expect(queueName('redis://h:6379?queue=nightly_1')).toBe('nightly_1');
    expect(() => queueName('redis://h?queue=a:b')).toThrow();
    expect(() => parseRedisUrl('http://h')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
