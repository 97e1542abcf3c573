// Aggregate expectations, each with passing and failing data; observed values computed by hand
// from the fixture (test-table.fixture.ts): n = 1, 2, 3, 4, 5, _, 7, 100 and s = a b a c _ b a zz.
import { describe, expect, it } from 'vitest';
import type { Expectation } from './expectation-schema.js';
import { runOne } from './test-table.fixture.js';

// b = 1, 2, 5, 6, 3, _, 4, 7: mean 4, squared deviations sum to 28, sample sd √(28/6).
const SD_B = Math.sqrt(28 / 6);

const cases: Array<[string, Expectation, boolean, unknown]> = [
  ['null share 1/8', { expect: 'null_share_at_most', column: 'n', max: 0.125 }, true, 0.125],
  ['null share 1/8 > 0.1', { expect: 'null_share_at_most', column: 'n', max: 0.1 }, false, 0.125],
  ['min 1', { expect: 'min_between', column: 'n', min: 1, max: 1 }, true, 1],
  ['min 1 < 2', { expect: 'min_between', column: 'n', min: 2 }, false, 1],
  ['max 100', { expect: 'max_between', column: 'n', min: 100, max: 100 }, true, 100],
  ['max 100 > 50', { expect: 'max_between', column: 'n', max: 50 }, false, 100],
  ['mean 122/7', { expect: 'mean_between', column: 'n', min: 17, max: 18 }, true, 122 / 7],
  ['mean 122/7 > 10', { expect: 'mean_between', column: 'n', max: 10 }, false, 122 / 7],
  ['median 4', { expect: 'median_between', column: 'n', min: 4, max: 4 }, true, 4],
  [
    'median 4 not in (4, 5)',
    { expect: 'median_between', column: 'n', min: 4, max: 5, strict: true },
    false,
    4,
  ],
  ['stdev of b', { expect: 'stdev_between', column: 'b', min: 2.16, max: 2.17 }, true, SD_B],
  ['stdev of b > 2', { expect: 'stdev_between', column: 'b', max: 2 }, false, SD_B],
  ['sum 122', { expect: 'sum_between', column: 'n', min: 122, max: 122 }, true, 122],
  ['sum 122 > 100', { expect: 'sum_between', column: 'n', min: 0, max: 100 }, false, 122],
  ['max of dates', { expect: 'max_between', column: 't', max: '2024-01-31' }, true, Date.UTC(2024, 0, 31)],
  [
    'max of dates after Jan 30',
    { expect: 'max_between', column: 't', max: '2024-01-30' },
    false,
    Date.UTC(2024, 0, 31),
  ],
  ['mean of strings', { expect: 'mean_between', column: 's', min: 0 }, false, null],
  // 7 sorted values: q0.25 at position 1.5 → (2 + 3) / 2; q0.75 at 4.5 → (5 + 7) / 2.
  [
    'quartiles 2.5 and 6',
    {
      expect: 'quantiles_between',
      column: 'n',
      quantiles: [
        { q: 0.25, min: 2.5, max: 2.5 },
        { q: 0.75, min: 6, max: 6 },
      ],
    },
    true,
    { '0.25': 2.5, '0.75': 6 },
  ],
  [
    'q0.75 = 6 > 5',
    { expect: 'quantiles_between', column: 'n', quantiles: [{ q: 0.75, max: 5 }] },
    false,
    { '0.75': 6 },
  ],
  [
    'distinct ⊆ set',
    { expect: 'distinct_in_set', column: 's', values: ['a', 'b', 'c', 'zz'] },
    true,
    ['a', 'b', 'c', 'zz'],
  ],
  [
    'zz outside the set',
    { expect: 'distinct_in_set', column: 's', values: ['a', 'b', 'c'] },
    false,
    ['a', 'b', 'c', 'zz'],
  ],
  [
    'distinct ⊇ set',
    { expect: 'distinct_contain_set', column: 's', values: ['a', 'b'] },
    true,
    ['a', 'b', 'c', 'zz'],
  ],
  [
    'q is missing',
    { expect: 'distinct_contain_set', column: 's', values: ['a', 'q'] },
    false,
    ['a', 'b', 'c', 'zz'],
  ],
  [
    'distinct = set',
    { expect: 'distinct_equal_set', column: 's', values: ['zz', 'c', 'b', 'a'] },
    true,
    ['a', 'b', 'c', 'zz'],
  ],
  [
    'q extra in set',
    { expect: 'distinct_equal_set', column: 's', values: ['a', 'b', 'c', 'zz', 'q'] },
    false,
    ['a', 'b', 'c', 'zz'],
  ],
  [
    'distinct numbers',
    { expect: 'distinct_equal_set', column: 'i', values: [1, 2, 3, 4, 5, 6, 7] },
    true,
    [1, 2, 3, 4, 5, 6, 7],
  ],
  [
    'distinct booleans',
    { expect: 'distinct_equal_set', column: 'flag', values: [true, false] },
    true,
    [false, true],
  ],
  ['4 distinct', { expect: 'unique_count_between', column: 's', min: 4, max: 4 }, true, 4],
  ['4 distinct < 5', { expect: 'unique_count_between', column: 's', min: 5 }, false, 4],
  ['4 of 7 distinct', { expect: 'unique_proportion_between', column: 's', min: 0.5, max: 0.6 }, true, 4 / 7],
  ['4/7 < 0.6', { expect: 'unique_proportion_between', column: 's', min: 0.6 }, false, 4 / 7],
  ['a is the mode', { expect: 'most_common_in_set', column: 's', values: ['a'] }, true, ['a']],
  ['the mode a is not b', { expect: 'most_common_in_set', column: 's', values: ['b'] }, false, ['a']],
  // i = 1 2 2 3 4 5 6 7: 2 is the only value seen twice.
  ['mode of numbers', { expect: 'most_common_in_set', column: 'i', values: [2] }, true, [2]],
];

describe('aggregate expectations', () => {
  it.each(cases)('%s', (_, e, success, observed) => {
    const { result } = runOne(e);
    expect(result.success, result.message).toBe(success);
    if (typeof observed === 'number') expect(result.observed as number).toBeCloseTo(observed, 12);
    else expect(result.observed).toEqual(observed);
    expect(result.unexpectedCount).toBe(0);
  });
});

describe('distribution_distance_below', () => {
  // n binned with edges [0, 5, 10]: below 0, [0,5) holds 1 2 3 4, [5,10] holds 5 7, above: 100.
  // Reference counts 5, 2: CDFs at the edges are (0, 5/7, 1, 1) and (0, 4/7, 6/7, 1): KS = 1/7.
  const reference = { edges: [0, 5, 10], counts: [5, 2] };
  it('measures KS against the reference histogram', () => {
    const pass = runOne({
      expect: 'distribution_distance_below',
      column: 'n',
      metric: 'ks',
      threshold: 0.15,
      reference,
    });
    expect(pass.result.success).toBe(true);
    expect(pass.result.observed as number).toBeCloseTo(1 / 7, 12);
    const fail = runOne({
      expect: 'distribution_distance_below',
      column: 'n',
      metric: 'ks',
      threshold: 0.14,
      reference,
    });
    expect(fail.result.success).toBe(false);
  });

  it('measures PSI with shares floored at 1e-4', () => {
    // Bins (below, [0,5), [5,10], above): p = (0, 5/7, 2/7, 0), q = (0, 4/7, 2/7, 1/7).
    const f = (p: number, q: number) =>
      (Math.max(q, 1e-4) - Math.max(p, 1e-4)) * Math.log(Math.max(q, 1e-4) / Math.max(p, 1e-4));
    const expected = f(5 / 7, 4 / 7) + f(0, 1 / 7);
    const { result } = runOne({
      expect: 'distribution_distance_below',
      column: 'n',
      metric: 'psi',
      threshold: 1.1,
      reference,
    });
    expect(result.observed as number).toBeCloseTo(expected, 12);
    expect(expected).toBeCloseTo(1.0689, 3);
    expect(result.success).toBe(true);
    expect(
      runOne({ expect: 'distribution_distance_below', column: 'n', metric: 'psi', threshold: 1, reference })
        .result.success,
    ).toBe(false);
  });

  it('compares category shares, values outside the reference counting as one more category', () => {
    // s: a 3, b 2, c 1, zz 1 (of 7) against a, b, c at 1/3 each: largest gap is c, |1/3 − 1/7| = 4/21.
    const e: Expectation = {
      expect: 'distribution_distance_below',
      column: 's',
      metric: 'ks',
      threshold: 0.2,
      reference: { values: ['a', 'b', 'c'], counts: [2, 2, 2] },
    };
    const { result } = runOne(e);
    expect(result.observed as number).toBeCloseTo(4 / 21, 12);
    expect(result.success).toBe(true);
    expect(runOne({ ...e, threshold: 0.19 }).result.success).toBe(false);
  });
});
