import { describe, expect, it } from 'vitest';
import type { FlywheelError } from '../core/index.js';
import { parseRunFilter, parseRunSort } from './filter.js';
import { FILTER_LIMITS as L } from './limits.js';

const metric = (key: string) => ({ kind: 'metric', key }) as const;
const param = (key: string) => ({ kind: 'param', key }) as const;

function errorOf(source: string): FlywheelError {
  try {
    parseRunFilter(source);
  } catch (error) {
    return error as FlywheelError;
  }
  throw new Error(`"${source}" parsed without an error`);
}

describe('parseRunFilter', () => {
  it('parses comparisons joined by and', () => {
    expect(parseRunFilter("metrics.auc > 0.9 and params.model = 'gbdt'")).toEqual({
      op: 'and',
      args: [
        { op: 'compare', field: metric('auc'), operator: '>', value: 0.9 },
        { op: 'compare', field: param('model'), operator: '=', value: 'gbdt' },
      ],
    });
  });

  it('binds and tighter than or, and honours parentheses', () => {
    const a = { op: 'compare', field: metric('a'), operator: '=', value: 1 };
    const b = { op: 'compare', field: metric('b'), operator: '=', value: 2 };
    const c = { op: 'compare', field: metric('c'), operator: '=', value: 3 };
    expect(parseRunFilter('metrics.a = 1 or metrics.b = 2 and metrics.c = 3')).toEqual({
      op: 'or',
      args: [a, { op: 'and', args: [b, c] }],
    });
    expect(parseRunFilter('(metrics.a = 1 OR metrics.b = 2) AND metrics.c = 3')).toEqual({
      op: 'and',
      args: [{ op: 'or', args: [a, b] }, c],
    });
  });

  it('reads quoted keys, dotted keys, attributes, lists and MLflow spellings', () => {
    expect(parseRunFilter('params."max depth" = "3"')).toMatchObject({
      field: param('max depth'),
      value: '3',
    });
    expect(parseRunFilter("tags.`a b` != 'x'")).toMatchObject({
      field: { kind: 'tag', key: 'a b' },
      operator: '!=',
    });
    expect(parseRunFilter("tags.mlflow.runName = 'r'")).toMatchObject({
      field: { kind: 'tag', key: 'mlflow.runName' },
    });
    expect(parseRunFilter("attributes.status = 'FINISHED'")).toMatchObject({
      field: { kind: 'attribute', name: 'status' },
    });
    expect(parseRunFilter('start_time >= 1700000000000')).toMatchObject({
      operator: '>=',
      value: 1_700_000_000_000,
    });
    expect(parseRunFilter('metrics.loss <> -1.5e-3')).toMatchObject({ operator: '!=', value: -0.0015 });
    expect(parseRunFilter("params.model ILIKE 'GB%'")).toMatchObject({ operator: 'ilike', value: 'GB%' });
    expect(parseRunFilter("status not in ('FAILED', 'KILLED')")).toEqual({
      op: 'in',
      field: { kind: 'attribute', name: 'status' },
      negate: true,
      values: ['FAILED', 'KILLED'],
    });
    // A bare number compared with a string field means its text.
    expect(parseRunFilter('params.depth = 3')).toMatchObject({ value: '3' });
    expect(parseRunFilter("params.q = 'it''s'")).toMatchObject({ value: "it's" });
    expect(parseRunFilter('   ')).toBeUndefined();
  });

  // Positions are 1-based character offsets into the filter text, counted by hand.
  it.each([
    ['metrics.auc >> 0.9', 14, 'expected a number after ">", found ">"'],
    ["metrics.auc > 'x'", 15, 'expected a number'],
    ["params.model = 'gbdt", 16, 'unterminated'],
    ['metrics.auc > 0.9 and', 22, 'found the end of the filter'],
    ['metrics.auc > 0.9 params.x = 1', 19, 'expected "and", "or" or the end'],
    ["params.model > 'a'", 14, 'does not apply'],
    ['colour = 1', 1, 'unknown run attribute "colour"'],
    ['(metrics.a = 1', 15, 'expected ")" to close the "(" at position 1'],
    ['metrics.a = 1 & metrics.b = 2', 15, 'unexpected character "&"'],
    ['metrics. = 1', 9, 'expected a name after "metrics."'],
    ["metrics.auc in ('a')", 13, '"in" compares strings'],
    ['start_time > 1e999', 14, 'is in whole epoch milliseconds; 1e999 is not one'],
    ['end_time <= 1.5', 13, 'is in whole epoch milliseconds'],
  ])('rejects %j at position %i', (source, position, message) => {
    const e = errorOf(source);
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.message).toContain(`position ${position}`);
    expect(e.message).toContain(message);
    expect(e.where?.column).toBe(position);
    expect(e.hint).toContain(`\n  ${' '.repeat(position - 1)}^`);
  });
});

describe('the bounds of the filter language (FILTER_LIMITS)', () => {
  const ors = (n: number) => Array.from({ length: n }, (_, i) => `metrics.a = ${i}`).join(' or ');
  const nested = (n: number) => `${'('.repeat(n)}metrics.a = 1${')'.repeat(n)}`;
  const list = (n: number) => `params.a in (${Array.from({ length: n }, (_, i) => `'${i}'`).join(',')})`;

  it.each([
    ['a 60,000-clause filter (by its length, before reading it)', ors(60_000), 'length'],
    ['one comparison too many', ors(L.comparisons + 1), 'comparisons'],
    ['parentheses one level too deep', nested(L.depth + 1), 'depth'],
    ['10,000 nested parentheses', nested(10_000), 'depth'],
    ['an "in" list one value too long', list(L.listValues + 1), 'listValues'],
    ['a value one character too long', `tags.a = '${'x'.repeat(L.valueLength + 1)}'`, 'valueLength'],
    [
      'a LIKE pattern one character too long',
      `tags.a like '${'x'.repeat(L.patternLength + 1)}'`,
      'patternLength',
    ],
    [
      'a LIKE pattern with too many %',
      `tags.a ilike '${'%a'.repeat(L.patternWildcards + 1)}'`,
      'patternWildcards',
    ],
  ])('refuses %s, naming the limit', (_what, source, limit) => {
    const e = errorOf(source);
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.details).toMatchObject({ limit, max: L[limit as keyof typeof L] });
    expect(e.message).toContain(`the limit is ${L[limit as keyof typeof L]}`);
  });

  it('parses filters at every limit', () => {
    expect(parseRunFilter(ors(L.comparisons))).toMatchObject({ op: 'or' });
    expect(parseRunFilter(nested(L.depth))).toMatchObject({ op: 'compare' });
    expect(parseRunFilter(list(L.listValues))).toMatchObject({ op: 'in' });
    expect(parseRunFilter(`tags.a like '${'%'.repeat(L.patternWildcards)}'`)).toMatchObject({
      op: 'compare',
    });
  });

  it('bounds sort keys', () => {
    expect(() => parseRunSort(Array(L.sortKeys + 1).fill('metrics.a'))).toThrow(/too many sort keys/);
    expect(parseRunSort(Array(L.sortKeys).fill('metrics.a'))).toHaveLength(L.sortKeys);
  });
});

describe('parseRunSort', () => {
  it('reads -key, +key, key asc|desc and comma lists', () => {
    expect(parseRunSort('-metrics.auc')).toEqual([{ field: metric('auc'), descending: true }]);
    expect(parseRunSort('start_time, +params.model')).toEqual([
      { field: { kind: 'attribute', name: 'start_time' }, descending: false },
      { field: param('model'), descending: false },
    ]);
    expect(parseRunSort(['metrics.auc DESC', 'attributes.end_time asc'])).toEqual([
      { field: metric('auc'), descending: true },
      { field: { kind: 'attribute', name: 'end_time' }, descending: false },
    ]);
  });

  it('names the position of a bad sort key', () => {
    expect(() => parseRunSort('metrics.auc downwards')).toThrow(/sort at position 13.*"asc", "desc"/);
  });
});
