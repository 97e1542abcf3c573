import { describe, expect, it } from 'vitest';
import { FlywheelError } from '../core/errors.js';
import { parseProfile, profileChunks, profileTable } from './profile.js';
import { createTable, sliceRows, type Table } from './table.js';
import {
  boolColumn,
  dictionaryColumn,
  float64Column,
  tableFromRows,
  timestampColumn,
} from './table-build.js';

const one = (column: Parameters<typeof createTable>[1][number], options = {}) =>
  profileTable(createTable(['c'], [column]), options).columns[0]!;

async function* chunksOf(table: Table, size: number): AsyncGenerator<Table> {
  for (let start = 0; start < table.rowCount; start += size) yield sliceRows(table, start, start + size);
}

describe('type inference', () => {
  it('tells integers from other numbers', () => {
    expect(one(float64Column([1, 2, null, 3])).type).toBe('integer');
    expect(one(float64Column([1, 2.5])).type).toBe('numeric');
    expect(one(float64Column([0, 1, 1, 0])).type).toBe('integer');
  });

  it('keeps bools, timestamps and yes/no words as such', () => {
    expect(one(boolColumn([true, false, null])).type).toBe('boolean');
    expect(one(timestampColumn([new Date(0), new Date(1000)])).type).toBe('timestamp');
    expect(one(dictionaryColumn(['Yes', 'no', 'YES', null])).type).toBe('boolean');
    expect(one(dictionaryColumn(['yes', 'true'])).type).not.toBe('boolean');
  });

  it('tells categories from free text', () => {
    const repeated = Array.from({ length: 100 }, (_, i) => ['red', 'green', 'blue'][i % 3]!);
    expect(one(dictionaryColumn(repeated)).type).toBe('categorical');
    const unique = Array.from({ length: 100 }, (_, i) => `sentence number ${i}`);
    expect(one(dictionaryColumn(unique)).type).toBe('text');
    const many = Array.from({ length: 10_000 }, (_, i) => `code${i % 2000}`);
    expect(one(dictionaryColumn(many)).type).toBe('text');
    expect(one(dictionaryColumn(many), { maxCategories: 5000 }).type).toBe('categorical');
  });
});

describe('statistics', () => {
  it('match hand-computed references', () => {
    const c = one(float64Column([4, 1, 3, 2, 100, null]), {
      quantiles: [0, 0.1, 0.5, 0.9, 1],
      bins: 4,
      topK: 2,
    });
    expect(c).toMatchObject({ count: 6, nulls: 1, distinct: 5, min: 1, max: 100, mean: 22 });
    // Sample variance: sum of squared deviations 7610 over n - 1 = 4.
    expect(c.std).toBeCloseTo(Math.sqrt(7610 / 4), 12);
    // quantile_cont: position q * (n - 1) on the sorted values [1, 2, 3, 4, 100].
    const expected = [1, 1.4, 3, 4 + 0.6 * 96, 100];
    c.quantiles.forEach(({ value }, k) => {
      expect(value).toBeCloseTo(expected[k]!, 12);
    });
    expect(c.histogram).toEqual({ edges: [1, 25.75, 50.5, 75.25, 100], counts: [4, 0, 0, 1] });
    expect(c.topK).toEqual([
      { value: 1, count: 1 },
      { value: 2, count: 1 },
    ]);
  });

  it('counts NaN and infinities apart and leaves them out of the statistics', () => {
    const c = one(float64Column([1, Number.NaN, Number.POSITIVE_INFINITY, 3, Number.NEGATIVE_INFINITY]));
    expect(c).toMatchObject({ nan: 1, infinite: 2, nulls: 0, min: 1, max: 3, mean: 2, distinct: 2 });
  });

  it('gives one bin per value to small integer ranges', () => {
    const c = one(float64Column([0, 1, 1, 2, 2, 2]));
    expect(c.histogram).toEqual({ edges: [-0.5, 0.5, 1.5, 2.5], counts: [1, 2, 3] });
    expect(one(float64Column([7, 7])).histogram).toEqual({ edges: [6.5, 7.5], counts: [2] });
  });

  it('profiles bools, strings and empty columns', () => {
    expect(one(boolColumn([true, true, false, null]))).toMatchObject({
      distinct: 2,
      mean: 2 / 3,
      topK: [
        { value: true, count: 2 },
        { value: false, count: 1 },
      ],
    });
    const s = one(dictionaryColumn(['bb', 'a', 'bb', null, 'ccc', 'bb', 'a']));
    expect(s).toMatchObject({ nulls: 1, distinct: 3, min: null, histogram: null });
    expect(s.topK).toEqual([
      { value: 'bb', count: 3 },
      { value: 'a', count: 2 },
      { value: 'ccc', count: 1 },
    ]);
    expect(s.length).toEqual({ min: 1, max: 3, mean: 11 / 6 });
    expect(one(float64Column([null, null]))).toMatchObject({
      nulls: 2,
      min: null,
      mean: null,
      histogram: null,
    });
  });
});

describe('bounded memory', () => {
  it('merges chunks to the same numbers as the whole table', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => ({
      x: Math.sin(i) * 1000 + i,
      k: `k${i % 37}`,
      b: i % 3 === 0,
      t: new Date(1_600_000_000_000 + i * 60_000),
    }));
    const table = tableFromRows(rows);
    const whole = profileTable(table);
    const streamed = await profileChunks(chunksOf(table, 777), { sampleLimit: 10_000 });
    expect(streamed.rowCount).toBe(5000);
    streamed.columns.forEach((c, j) => {
      const w = whole.columns[j]!;
      expect({ ...c, mean: null, std: null }).toEqual({ ...w, mean: null, std: null });
      if (w.mean !== null) expect(Math.abs(c.mean! / w.mean! - 1)).toBeLessThan(1e-12);
      if (w.std !== null) expect(Math.abs(c.std! / w.std! - 1)).toBeLessThan(1e-12);
    });
  });

  it('switches to a sample and a sketch past the limits', async () => {
    const n = 200_000;
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) values[i] = i;
    const c = one({ kind: 'float64', values, nulls: null }, { sampleLimit: 20_000 });
    expect(c.sampled).toBe(true);
    expect(c.distinctExact).toBe(false);
    expect(Math.abs(c.distinct / n - 1)).toBeLessThan(0.03);
    expect(c.mean).toBe((n - 1) / 2);
    expect(Math.abs(c.quantiles.find((q) => q.q === 0.5)!.value / (n / 2) - 1)).toBeLessThan(0.03);
    expect(c.histogram!.counts.reduce((a, b) => a + b, 0)).toBeCloseTo(n, -2);
    const strings = Array.from({ length: 50_000 }, (_, i) => `id-${i}`);
    const s = one(dictionaryColumn(strings), { distinctLimit: 1000 });
    expect(s.distinctExact).toBe(false);
    expect(s.topKExact).toBe(false);
    expect(Math.abs(s.distinct / 50_000 - 1)).toBeLessThan(0.03);
  });
});

describe('stored profiles', () => {
  it('parse back from JSON, and a damaged one is refused', () => {
    const profile = profileTable(tableFromRows([{ a: 1, s: 'x' }]));
    expect(parseProfile(JSON.stringify(profile))).toEqual(profile);
    const broken = { ...profile, columns: [{ ...profile.columns[0], count: -1 }] };
    expect(() => parseProfile(broken)).toThrow(FlywheelError);
    expect(() => parseProfile('{')).toThrow(/not valid JSON/);
  });

  it('rejects invalid options', () => {
    expect(() => profileTable(tableFromRows([{ a: 1 }]), { quantiles: [2] })).toThrow(/quantiles/);
  });
});
