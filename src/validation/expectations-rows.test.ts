// Per-row, whole-column and table-shape expectations, each with passing and failing data. Every
// count is worked out by hand from the fixture (test-table.fixture.ts); the comment says how.
import { describe, expect, it } from 'vitest';
import { rowObject } from '../data/index.js';
import { compileSuite } from './compile.js';
import type { Expectation } from './expectation-schema.js';
import { checkSuite } from './suite.js';
import { fixtureTable, runOne } from './test-table.fixture.js';

interface Case {
  e: Expectation;
  success: boolean;
  /** Unexpected rows, in order (their count is the unexpected count). */
  rows: number[];
  /** Rows checked (default 8 − nulls of the column). */
  checked: number;
  why: string;
}

const c = (e: Expectation, success: boolean, rows: number[], checked: number, why: string): Case => ({
  e,
  success,
  rows,
  checked,
  why,
});

const ROW_CASES: Case[] = [
  c({ expect: 'not_null', column: 'n' }, false, [5], 8, 'n is null in row 5'),
  c({ expect: 'not_null', column: 'n', mostly: 0.875 }, true, [5], 8, '7/8 = 0.875 passes mostly 0.875'),
  c({ expect: 'not_null', column: 'i' }, true, [], 8, 'i has no nulls'),
  c({ expect: 'type', column: 'n', type: 'numeric' }, true, [], 7, 'all numbers'),
  c(
    { expect: 'type', column: 'p', type: 'integer' },
    false,
    [0, 1, 2, 3, 4, 5, 7],
    8,
    'only 1 (row 6) is whole',
  ),
  c({ expect: 'type', column: 's', type: 'string' }, true, [], 7, 'strings'),
  c(
    { expect: 'type', column: 's', type: 'numeric' },
    false,
    [0, 1, 2, 3, 5, 6, 7],
    7,
    'strings are not numbers',
  ),
  c({ expect: 'type', column: 'flag', type: 'boolean' }, true, [], 7, 'booleans'),
  c({ expect: 'type', column: 't', type: 'timestamp' }, true, [], 8, 'dates'),
  c({ expect: 'between', column: 'n', min: 0, max: 10 }, false, [7], 7, '100 is above 10'),
  c({ expect: 'between', column: 'n', min: 0, max: 10, mostly: 0.85 }, true, [7], 7, '6/7 = 0.857 ≥ 0.85'),
  c(
    { expect: 'between', column: 'n', min: 1, max: 7, strict: true },
    false,
    [0, 6, 7],
    7,
    '1 and 7 are bounds, 100 above',
  ),
  c({ expect: 'between', column: 'n', min: 1, max: 100 }, true, [], 7, 'inclusive bounds'),
  c(
    { expect: 'between', column: 'n', min: 0, max: 1000, nulls: 'fail' },
    false,
    [5],
    8,
    'a null fails with nulls: fail',
  ),
  c(
    { expect: 'between', column: 't', min: '2024-01-01', max: '2024-01-07' },
    false,
    [7],
    8,
    'Jan 31 is after Jan 7',
  ),
  c(
    { expect: 'between', column: 's', min: 0, max: 1 },
    false,
    [0, 1, 2, 3, 5, 6, 7],
    7,
    'strings are never in a numeric range',
  ),
  c({ expect: 'in_set', column: 's', values: ['a', 'b', 'c'] }, false, [7], 7, 'zz is not in the set'),
  c({ expect: 'in_set', column: 's', values: ['a', 'b', 'c', 'zz'] }, true, [], 7, 'every value listed'),
  c({ expect: 'in_set', column: 'flag', values: [true] }, false, [1, 5], 7, 'false in rows 1 and 5'),
  c({ expect: 'not_in_set', column: 's', values: ['zz'] }, false, [7], 7, 'zz is forbidden'),
  c({ expect: 'not_in_set', column: 's', values: ['q'] }, true, [], 7, 'q never occurs'),
  c({ expect: 'regex', column: 's', pattern: '^[a-c]$' }, false, [7], 7, 'zz does not match'),
  c({ expect: 'regex', column: 's', pattern: '^[a-z]+$' }, true, [], 7, 'all lower-case words'),
  c({ expect: 'not_regex', column: 's', pattern: 'z' }, false, [7], 7, 'zz contains z'),
  c({ expect: 'not_regex', column: 's', pattern: '\\d' }, true, [], 7, 'no digits'),
  c({ expect: 'length_between', column: 's', min: 1, max: 1 }, false, [7], 7, 'zz has length 2'),
  c({ expect: 'length_between', column: 's', min: 1, max: 2 }, true, [], 7, 'lengths 1 and 2'),
  c({ expect: 'json_parseable', column: 'j' }, false, [2, 6], 7, '"nope" and "{" are not JSON'),
  c({ expect: 'json_parseable', column: 'j', mostly: 0.7 }, true, [2, 6], 7, '5/7 = 0.714 ≥ 0.7'),
  c(
    { expect: 'date_parseable', column: 'dt', format: '%Y-%m-%d' },
    false,
    [1, 3, 6, 7],
    7,
    'Feb 30, d/m/Y, x, month 13',
  ),
  c(
    { expect: 'date_parseable', column: 'dt', format: '%d/%m/%Y' },
    false,
    [0, 1, 2, 5, 6, 7],
    7,
    'only row 3 is d/m/Y',
  ),
  c({ expect: 'date_parseable', column: 't' }, true, [], 8, 'timestamps are dates'),
  c(
    { expect: 'z_score_below', column: 'b', threshold: 2, mean: 4, std: 1 },
    false,
    [0, 1, 3, 7],
    7,
    '|v − 4| ≥ 2 for 1, 2, 6, 7 (rows 0, 1, 3, 7)',
  ),
  c(
    { expect: 'pair_greater', column_a: 'a', column_b: 'b' },
    false,
    [2, 3, 7],
    7,
    '5 > b fails for b = 5, 6, 7',
  ),
  c(
    { expect: 'pair_greater', column_a: 'a', column_b: 'b', or_equal: true },
    false,
    [3, 7],
    7,
    '5 >= b fails for 6, 7',
  ),
  c({ expect: 'pair_greater', column_a: 'a', column_b: 'b', mostly: 0.5 }, true, [2, 3, 7], 7, '4/7 ≥ 0.5'),
  c(
    { expect: 'pair_equal', column_a: 'a', column_b: 'b' },
    false,
    [0, 1, 3, 4, 6, 7],
    7,
    'only row 2 has b = 5',
  ),
  c({ expect: 'pair_equal', column_a: 'd', column_b: 'd' }, true, [], 8, 'a column equals itself'),
  c({ expect: 'multicolumn_sum_equal', columns: ['p', 'q'], total: 1 }, false, [7], 8, '0.25 + 0.7 = 0.95'),
  c(
    { expect: 'multicolumn_sum_equal', columns: ['p', 'q'], total: 1, tolerance: 0.06 },
    true,
    [],
    8,
    'within 0.06',
  ),
];

const COLUMN_CASES: Case[] = [
  // b = 1,2,5,6,3,_,4,7: mean 4, sample sd √(28/6) = 2.1602; z of 1 and 7 is 1.389.
  c(
    { expect: 'z_score_below', column: 'b', threshold: 1.3 },
    false,
    [0, 7],
    7,
    '|z| = 1.389 for 1 (row 0) and 7 (row 7)',
  ),
  c({ expect: 'z_score_below', column: 'b', threshold: 1.5 }, true, [], 7, 'every |z| ≤ 1.389'),
  c({ expect: 'unique', column: 's' }, false, [0, 1, 2, 5, 6], 7, 'a in rows 0, 2, 6; b in 1, 5'),
  c({ expect: 'unique', column: 'n' }, true, [], 7, '1, 2, 3, 4, 5, 7, 100'),
  c({ expect: 'unique', column: 'i' }, false, [1, 2], 8, '2 twice'),
  c({ expect: 'compound_unique', columns: ['s', 'i'] }, true, [], 7, 'row 4 has a null s and is skipped'),
  c({ expect: 'compound_unique', columns: ['a', 'i'] }, false, [1, 2], 8, '(5, 2) twice'),
  c({ expect: 'increasing', column: 'i' }, true, [], 8, '1, 2, 2, 3, …'),
  c({ expect: 'increasing', column: 'i', strict: true }, false, [2], 8, '2 after 2'),
  c({ expect: 'increasing', column: 'b' }, false, [4], 7, '3 after 6; 4 after 3 is fine'),
  c({ expect: 'decreasing', column: 'd' }, true, [], 8, '8, 7, 7, 5, …'),
  c({ expect: 'decreasing', column: 'd', strict: true }, false, [2], 8, '7 after 7'),
  c(
    { expect: 'increasing', column: 's' },
    false,
    [2, 5, 6],
    7,
    'strings: a b a c _ b a zz breaks at a, b, a',
  ),
];

function expectCase(k: Case): void {
  const { result, batch } = runOne(k.e);
  const label = `${result.id}: ${k.why} (${result.message})`;
  expect(result.success, label).toBe(k.success);
  expect(result.unexpectedCount, label).toBe(k.rows.length);
  expect(result.unexpectedRows, label).toEqual(k.rows);
  expect(result.checkedCount, label).toBe(k.checked);
  expect([...(batch.unexpectedRows.get(result.id) ?? [])], label).toEqual(k.rows);
  expect(result.unexpectedPercent).toBeCloseTo((100 * k.rows.length) / k.checked, 10);
}

describe('per-row expectations on a batch', () => {
  it.each(ROW_CASES.map((k) => [k.e.expect, k]))('%s', (_, k) => expectCase(k as Case));
});

describe('whole-column expectations on a batch', () => {
  it.each(COLUMN_CASES.map((k) => [k.e.expect, k]))('%s', (_, k) => expectCase(k as Case));
});

describe('row-level validation', () => {
  it('fails exactly the rows the batch finds unexpected, for every per-row case', () => {
    const table = fixtureTable();
    for (const k of ROW_CASES) {
      const suite = compileSuite(checkSuite({ version: 1, name: 't', expectations: [k.e] }));
      const failing = Array.from({ length: 8 }, (_, r) => r).filter(
        (r) => !suite.validateRow(rowObject(table, r)).ok,
      );
      expect(failing, `${k.e.expect}: ${k.why}`).toEqual(k.rows);
    }
  });

  it('skips whole-column expectations and says so', () => {
    for (const k of COLUMN_CASES) {
      const suite = compileSuite(checkSuite({ version: 1, name: 't', expectations: [k.e] }));
      const verdict = suite.validateRow(rowObject(fixtureTable(), 0));
      expect(verdict).toEqual({ ok: true, failures: [], skipped: [suite.ids[0]] });
    }
  });

  it('gives the id, column and reason of each failure', () => {
    const suite = compileSuite(
      checkSuite({
        version: 1,
        name: 't',
        expectations: [
          { expect: 'between', column: 'n', min: 0, max: 10 },
          { expect: 'in_set', column: 's', values: ['a'], id: 's-is-a' },
          { expect: 'not_null', column: 'missing' },
        ],
      }),
    );
    expect(suite.validateRow({ n: 11, s: 'b' })).toEqual({
      ok: false,
      failures: [
        { id: 'between(n)', expect: 'between', column: 'n', reason: '11: expected in [0, 10]' },
        { id: 's-is-a', expect: 'in_set', column: 's', reason: '"b": expected in {a}' },
        { id: 'not_null(missing)', expect: 'not_null', column: 'missing', reason: 'is null' },
      ],
      skipped: [],
    });
    expect(suite.validateRow({ n: 3, s: 'a', missing: 0 }).ok).toBe(true);
  });
});

describe('table-shape expectations', () => {
  const names = [...fixtureTable().names];
  const cases: Array<[Expectation, boolean, unknown]> = [
    [{ expect: 'column_exists', column: 'n' }, true, true],
    [{ expect: 'column_exists', column: 'nope' }, false, false],
    [{ expect: 'columns_match_set', columns: [...names].reverse() }, true, names],
    [{ expect: 'columns_match_set', columns: ['n', 's'], exact: false }, true, names],
    [{ expect: 'columns_match_set', columns: names.slice(1) }, false, names],
    [{ expect: 'columns_match_list', columns: names }, true, names],
    [{ expect: 'columns_match_list', columns: [...names].reverse() }, false, names],
    [{ expect: 'column_count_between', min: 13, max: 13 }, true, 13],
    [{ expect: 'column_count_between', max: 12 }, false, 13],
    [{ expect: 'row_count_between', min: 8, max: 8 }, true, 8],
    [{ expect: 'row_count_between', min: 9 }, false, 8],
  ];
  it.each(cases)('%o passes: %s', (e, success, observed) => {
    const { result } = runOne(e);
    expect(result.success, result.message).toBe(success);
    expect(result.observed).toEqual(observed);
  });

  it('checks column names and counts per row against the row keys', () => {
    const suite = compileSuite(
      checkSuite({
        version: 1,
        name: 't',
        expectations: [
          { expect: 'columns_match_set', columns: ['x', 'y'] },
          { expect: 'column_count_between', max: 2 },
          { expect: 'row_count_between', min: 1 },
        ],
      }),
    );
    expect(suite.validateRow({ x: 1, y: 2 })).toMatchObject({ ok: true, skipped: ['row_count_between'] });
    expect(suite.validateRow({ x: 1, y: 2, z: 3 }).failures.map((f) => f.reason)).toEqual([
      'unexpected column "z"',
      '3 columns',
    ]);
    expect(suite.validateRow({ x: 1 }).failures[0]!.reason).toBe('no column "y"');
  });
});

describe('null handling', () => {
  it('fails every expectation on a column with no non-null values instead of passing silently', () => {
    const table = fixtureTable();
    const results = compileSuite(
      checkSuite({
        version: 1,
        name: 't',
        expectations: [
          { expect: 'between', column: 'e', min: 0, max: 1 },
          { expect: 'unique', column: 'e' },
          { expect: 'mean_between', column: 'e', min: 0, max: 1 },
          { expect: 'distinct_in_set', column: 'e', values: [1] },
        ],
      }),
    ).validateTable(table).report.results;
    expect(results.map((r) => [r.success, r.checkedCount, r.nullCount])).toEqual([
      [false, 0, 8],
      [false, 0, 8],
      [false, 0, 8],
      [false, 0, 8],
    ]);
    expect(results[0]!.message).toMatch(/no values to check/);
    expect(results[2]!.message).toMatch(/no non-null values/);
  });

  it('fails an expectation whose column is missing, marking no rows', () => {
    const { result } = runOne({ expect: 'between', column: 'nope', min: 0 });
    expect(result).toMatchObject({
      success: false,
      unexpectedCount: 0,
      message: 'no column named "nope" in the data',
    });
  });
});
