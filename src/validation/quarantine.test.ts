import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cellValue, getColumn, type Table, tableFromRows } from '../data/index.js';
import { compileSuite } from './compile.js';
import type { Expectation } from './expectation-schema.js';
import { FAILED_COLUMN, splitRows } from './quarantine.js';
import { checkSuite } from './suite.js';

function split(table: Table, expectations: Expectation[]) {
  const suite = compileSuite(checkSuite({ version: 1, name: 'q', expectations }));
  const { unexpectedRows, report } = suite.validateTable(table, { keepRows: true });
  return { ...splitRows(table, unexpectedRows, suite.ids), report, suite };
}

const ids = (t: Table) => Array.from({ length: t.rowCount }, (_, i) => cellValue(getColumn(t, 'rid'), i));

describe('quarantine', () => {
  it('puts each row in exactly one output, bad rows naming every expectation they failed', () => {
    const table = tableFromRows([
      { rid: 0, x: 1, s: 'a' },
      { rid: 1, x: 50, s: 'zz' }, // x out of range, s not in set, s too long
      { rid: 2, x: null, s: 'b' }, // x null
      { rid: 3, x: 2, s: 'b' },
      { rid: 4, x: -3, s: null }, // x out of range
    ]);
    const r = split(table, [
      { expect: 'between', column: 'x', min: 0, max: 10 },
      { expect: 'in_set', column: 's', values: ['a', 'b'] },
      { expect: 'length_between', column: 's', max: 1, id: 'short-s' },
      { expect: 'not_null', column: 'x', mostly: 0.5 },
      { expect: 'mean_between', column: 'x', max: 0 }, // an aggregate: fails, moves no row
    ]);
    expect(r.clean.rowCount + r.bad.rowCount).toBe(table.rowCount);
    expect(ids(r.clean)).toEqual([0, 3]);
    expect(ids(r.bad)).toEqual([1, 2, 4]);
    expect(r.bad.names).toEqual(['rid', 'x', 's', FAILED_COLUMN]);
    expect(Array.from({ length: 3 }, (_, i) => cellValue(getColumn(r.bad, FAILED_COLUMN), i))).toEqual([
      'between(x); in_set(s); short-s',
      'not_null(x)',
      'between(x)',
    ]);
    // not_null passed thanks to mostly, but its unexpected row is still quarantined.
    expect(r.report.results.map((x) => x.success)).toEqual([false, false, false, true, false]);
  });

  it('does not overwrite a column already named _failed_expectations', () => {
    const table = tableFromRows([{ [FAILED_COLUMN]: 'kept', x: 99 }]);
    const r = split(table, [{ expect: 'between', column: 'x', max: 1 }]);
    expect(r.failedColumn).toBe(`${FAILED_COLUMN}_`);
    expect(cellValue(getColumn(r.bad, FAILED_COLUMN), 0)).toBe('kept');
  });

  it('never loses or duplicates a row (property: random data, several row expectations)', () => {
    const cell = fc.option(fc.integer({ min: -5, max: 5 }), { nil: null });
    fc.assert(
      fc.property(fc.array(fc.tuple(cell, cell), { minLength: 1, maxLength: 60 }), (pairs) => {
        const table = tableFromRows(
          pairs.map(([a, b], rid) => ({ rid, a, b })),
          { kinds: { a: 'float64', b: 'float64' } },
        );
        const r = split(table, [
          { expect: 'between', column: 'a', min: -2, max: 2 },
          { expect: 'unique', column: 'b' },
          { expect: 'pair_greater', column_a: 'a', column_b: 'b', nulls: 'fail' },
          { expect: 'not_null', column: 'b' },
        ]);
        const clean = ids(r.clean) as number[];
        const bad = ids(r.bad) as number[];
        expect(clean.length + bad.length).toBe(table.rowCount);
        expect([...clean, ...bad].sort((x, y) => x - y)).toEqual(
          Array.from({ length: table.rowCount }, (_, i) => i),
        );
        // A row is bad exactly when some per-row expectation listed it.
        const badByRow = r.suite.validateTable(table, { keepRows: true }).unexpectedRows;
        const union = new Set([...badByRow.values()].flatMap((rows) => [...rows]));
        expect(bad).toEqual([...union].sort((x, y) => x - y));
      }),
      { numRuns: 150 },
    );
  });

  it('keeps column kinds and values of the rows it moves', () => {
    const table = tableFromRows([
      { x: 1.5, when: new Date(Date.UTC(2024, 0, 1)), ok: true, s: 'a' },
      { x: 99, when: null, ok: false, s: null },
    ]);
    const r = split(table, [{ expect: 'between', column: 'x', max: 10 }]);
    expect(r.bad.columns.slice(0, 4).map((c) => c.kind)).toEqual([
      'float64',
      'timestamp',
      'bool',
      'dictionary',
    ]);
    expect(cellValue(getColumn(r.bad, 'x'), 0)).toBe(99);
    expect(cellValue(getColumn(r.bad, 'when'), 0)).toBeNull();
    expect(cellValue(getColumn(r.clean, 'when'), 0)).toEqual(new Date(Date.UTC(2024, 0, 1)));
  });
});
