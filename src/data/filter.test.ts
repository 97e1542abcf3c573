import { describe, expect, it } from 'vitest';
import { FlywheelError } from '../core/errors.js';
import { compileFilter, filterSchema, quoteIdentifier, quoteLiteral } from './filter.js';

const columns = ['a', 'b', 'weird "name"'];

describe('compileFilter', () => {
  it('binds every value as a parameter', () => {
    const compiled = compileFilter(
      [
        { column: 'a', op: '>=', value: 3 },
        {
          or: [
            { column: 'b', op: 'in', values: ['x', "y'); DROP TABLE t; --"] },
            { column: 'b', op: 'is null' },
          ],
        },
        { not: { column: 'weird "name"', op: 'between', low: 1, high: 2 } },
      ],
      columns,
    );
    expect(compiled.sql).toBe(
      '(("a" >= $1) AND (("b" IN ($2, $3)) OR ("b" IS NULL)) AND (NOT ("weird ""name""" BETWEEN $4 AND $5)))',
    );
    expect(compiled.params).toEqual([3, 'x', "y'); DROP TABLE t; --", 1, 2]);
  });

  it('binds dates as ISO strings and handles empty lists', () => {
    const at = new Date(Date.UTC(2024, 1, 3));
    const compiled = compileFilter(
      {
        and: [
          { column: 'a', op: '<', value: at },
          { column: 'b', op: 'in', values: [] },
        ],
      },
      columns,
    );
    expect(compiled.params).toEqual(['2024-02-03T00:00:00.000Z']);
    expect(compiled.sql).toContain('FALSE');
  });

  it('names an unknown column', () => {
    expect(() => compileFilter({ column: 'c', op: '=', value: 1 }, columns)).toThrow(FlywheelError);
  });
});

describe('filterSchema', () => {
  it('parses nested filters and refuses unknown operators', () => {
    const parsed = filterSchema.parse({
      or: [{ column: 'a', op: '=', value: 1 }, { not: { column: 'b', op: 'is null' } }],
    });
    expect(parsed).toEqual({
      or: [{ column: 'a', op: '=', value: 1 }, { not: { column: 'b', op: 'is null' } }],
    });
    expect(filterSchema.safeParse({ column: 'a', op: 'LIKE', value: 'x' }).success).toBe(false);
    expect(filterSchema.safeParse({ column: 'a', op: '=', value: 1, sql: 'x' }).success).toBe(false);
  });
});

describe('quoting', () => {
  it('doubles embedded quotes', () => {
    expect(quoteIdentifier('a"b')).toBe('"a""b"');
    expect(quoteLiteral("it's")).toBe("'it''s'");
  });
});
