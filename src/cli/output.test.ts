import { describe, expect, it } from 'vitest';
import { num, table } from './output.js';

describe('num', () => {
  it('prints missing values as a dash and integers as they are', () => {
    expect(num(null)).toBe('-');
    expect(num(undefined)).toBe('-');
    expect(num(150)).toBe('150');
    expect(num(-3)).toBe('-3');
    expect(num(12_345_678)).toBe('12345678');
    expect(num(Number.POSITIVE_INFINITY)).toBe('Infinity');
    expect(num(Number.NaN)).toBe('NaN');
  });

  it('rounds to the significant digits asked for, without trailing zeros', () => {
    // iris's sepal length: min 4.3, mean 5.8433…, std 0.82807 (the profile table's columns).
    expect(num(4.3)).toBe('4.3');
    expect(num(5.843333333333334)).toBe('5.843');
    expect(num(0.828066127977863)).toBe('0.8281');
    expect(num(0.1)).toBe('0.1');
    expect(num(0.123456, 3)).toBe('0.123');
    expect(num(-2.50001)).toBe('-2.5');
  });

  it('switches to exponent form for tiny and huge values', () => {
    expect(num(1.234567e-7)).toBe('1.235e-7');
    expect(num(0.0001)).toBe('0.0001');
    expect(num(0.00009999)).toBe('9.999e-5');
    expect(num(2_345_678.9)).toBe('2.346e+6');
    expect(num(999_999.5)).toBe('1e+6');
  });
});

describe('table', () => {
  it('pads every column to its widest cell', () => {
    expect(
      table([
        ['A', 'BB'],
        ['ccc', 'd'],
      ]),
    ).toBe('A    BB\nccc  d');
  });
});
