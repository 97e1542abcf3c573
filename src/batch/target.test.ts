import { describe, expect, it } from 'vitest';
import { parseRedisUrl, queueName } from './redis.js';
import { checkIdentifier, parseInput, parseOutput, quoteIdent, redact, targetText } from './target.js';

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

  it('refuses reserved and hostile tables on SQLite and PostgreSQL, saying why', () => {
    const pg = 'postgres://u:p@h:5432/d';
    for (const [table, why] of [
      ['_flywheel_batch_chunks', /reserved/],
      ['_FLYWHEEL_BATCH_CHUNKS', /reserved/],
      ['_flywheel_anything', /reserved/],
      ['sqlite_master', /reserved/],
      ['pg_class', /reserved/],
      ['public.scores', /schema-qualified/],
      ['"public"."scores"', /schema-qualified/],
      ['s"; DROP TABLE x; --', /not a valid SQL identifier/],
      ["s' OR 1=1", /not a valid SQL identifier/],
      ['scores`', /not a valid SQL identifier/],
      ['a'.repeat(57), /longer than 56/],
      ['scores\n', /not a valid SQL identifier/],
    ] as const) {
      for (const output of [`sqlite://x.db#${table}`, `${pg}#${table}`]) {
        expect(() => parseOutput(output, '/w'), output).toThrow(
          expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(why) }),
        );
      }
    }
    expect(parseOutput(`${pg}#${'a'.repeat(56)}`, '/w')).toMatchObject({ table: 'a'.repeat(56) });
    expect(parseOutput('sqlite://x.db#flywheel_scores', '/w')).toMatchObject({ table: 'flywheel_scores' });
    expect(() => parseOutput('postgres://h:99999/d#t', '/w')).toThrow(/not a URL/);
  });

  it('writes a target back as text that names it alone: absolute, no password', () => {
    for (const output of [
      'out/s.parquet',
      'sqlite://db/x.db#scores',
      'postgres://u:s3cret@h:5432/d?sslmode=disable#t',
    ]) {
      const target = parseOutput(output, '/w');
      const text = targetText(target);
      expect(text).not.toContain('s3cret');
      expect(parseOutput(text, '/elsewhere')).toEqual(
        target.kind === 'postgres' ? { ...target, url: 'postgres://u@h:5432/d?sslmode=disable' } : target,
      );
    }
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
