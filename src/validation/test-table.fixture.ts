/** The small table the expectation tests share; every expected count in them is computed by hand from it. */
import { type CellValue, type Table, tableFromRows } from '../data/index.js';
import type { BatchValidation } from './batch/index.js';
import { compileSuite } from './compile.js';
import type { Expectation } from './expectation-schema.js';
import type { ExpectationResult } from './result.js';
import { checkSuite } from './suite.js';

const day = (d: number) => new Date(Date.UTC(2024, 0, d));

/** Columns by name; row i of the table takes element i of each. */
export const COLUMNS: Record<string, CellValue[]> = {
  n: [1, 2, 3, 4, 5, null, 7, 100],
  i: [1, 2, 2, 3, 4, 5, 6, 7],
  d: [8, 7, 7, 5, 4, 3, 2, 1],
  s: ['a', 'b', 'a', 'c', null, 'b', 'a', 'zz'],
  j: ['{"x":1}', '[1]', 'nope', '1', null, '"s"', '{', 'true'],
  dt: ['2024-01-31', '2024-02-30', '2024-02-29', '31/01/2024', null, '2023-12-01', 'x', '2024-13-01'],
  a: [5, 5, 5, 5, 5, 5, 5, 5],
  b: [1, 2, 5, 6, 3, null, 4, 7],
  p: [0.2, 0.5, 0.3, 0.1, 0.7, 0.5, 1, 0.25],
  q: [0.8, 0.5, 0.7, 0.9, 0.3, 0.5, 0, 0.7],
  flag: [true, false, true, true, null, false, true, true],
  t: [day(1), day(2), day(3), day(4), day(5), day(6), day(7), day(31)],
  e: [null, null, null, null, null, null, null, null],
};

/** The fixture table (8 rows). */
export function fixtureTable(): Table {
  const names = Object.keys(COLUMNS);
  const rows = Array.from({ length: 8 }, (_, r) =>
    Object.fromEntries(names.map((c) => [c, COLUMNS[c]![r]!])),
  );
  return tableFromRows(rows, { names, kinds: { e: 'float64' } });
}

/** Check one expectation (parsed like a suite file) against the fixture. */
export function runOne(
  e: Expectation,
  table: Table = fixtureTable(),
): { result: ExpectationResult; batch: BatchValidation } {
  const suite = compileSuite(checkSuite({ version: 1, name: 't', expectations: [e] }));
  const batch = suite.validateTable(table, { keepRows: true });
  return { result: batch.report.results[0]!, batch };
}
