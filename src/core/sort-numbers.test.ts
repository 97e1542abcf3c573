// The radix sort against Float64Array.prototype.sort (the reference order: ascending, -0 before
// +0, NaN last) on values that exercise every part of the key mapping.
import { describe, expect, it } from 'vitest';
import { sameBits } from '../testing/arrays.js';
import { seededUniform } from './random.js';
import { SORT_RADIX_MIN, sortNumbers } from './sort-numbers.js';

describe('sortNumbers', () => {
  const random = seededUniform(7);
  const cases: [string, () => number][] = [
    ['uniform doubles of both signs', () => (random() - 0.5) * 1e6],
    [
      'wide magnitudes and subnormals',
      () => (random() < 0.5 ? -1 : 1) * 10 ** (random() * 616 - 308) * (random() < 0.01 ? 1e-10 : 1),
    ],
    ['small integers (most passes skipped)', () => Math.floor(random() * 100) - 50],
    ['one value', () => 3.25],
    ['signed zeros and infinities', () => [0, -0, Infinity, -Infinity, 1, -1][Math.floor(random() * 6)]!],
  ];
  for (const [label, draw] of cases) {
    it(`orders ${label} as Float64Array.sort does`, () => {
      const values = Float64Array.from({ length: 50_000 }, draw);
      const expected = values.slice().sort();
      expect(sameBits(sortNumbers(values), expected)).toBe(true);
    });
  }

  it('puts NaNs last, also negative ones', () => {
    const length = 2 * SORT_RADIX_MIN;
    const values = Float64Array.from({ length }, (_, i) => (i % 97 === 0 ? Number.NaN : (i % 13) - 6.5));
    // Two NaNs with the sign bit set (their bits would sort first were they not taken out).
    new DataView(values.buffer).setUint32(8 * 97 + 4, 0xfff80000, true);
    new DataView(values.buffer).setUint32(8 * 194 + 4, 0xfff00001, true);
    const sorted = sortNumbers(values);
    const nans = sorted.filter((v) => Number.isNaN(v)).length;
    expect(nans).toBe(Math.ceil(length / 97));
    expect(sorted.subarray(0, length - nans).every((v, i, a) => i === 0 || a[i - 1]! <= v)).toBe(true);
    expect(sorted.subarray(length - nans).every((v) => Number.isNaN(v))).toBe(true);
  });

  it('sorts a view into a larger buffer in place', () => {
    // A view longer than SORT_RADIX_MIN, so the radix passes run on it.
    const backing = Float64Array.from({ length: 30_000 }, (_, i) => 30_000 - i);
    const view = backing.subarray(1000, 29_000);
    sortNumbers(view);
    expect(view[0]).toBe(1001);
    expect(view[27_999]).toBe(29_000);
    expect(backing[0]).toBe(30_000);
  });

  it('sorts the same with a scratch array given, long enough or not', () => {
    const random = seededUniform(13);
    const values = Float64Array.from({ length: 40_000 }, () => (random() - 0.5) * 1e3);
    const expected = values.slice().sort();
    const scratch = new Float64Array(50_000).fill(7);
    expect(sameBits(sortNumbers(values.slice(), scratch), expected)).toBe(true);
    // The scratch held the sort's working values (it was used), and a short one is not used.
    expect(scratch.subarray(0, 40_000).some((v) => v !== 7)).toBe(true);
    const short = new Float64Array(100).fill(7);
    expect(sameBits(sortNumbers(values.slice(), short), expected)).toBe(true);
    expect(short.every((v) => v === 7)).toBe(true);
  });
});
