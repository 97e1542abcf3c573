// Acceptance: the suite inferred from half of each shared dataset passes on the held-out half and
// fails when one column is shifted by one standard deviation. Splits are random (seeded): the
// files are sorted by class, so first-half/second-half would not be samples of one distribution.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createTable, profileTable, readTable, type Table, takeRows } from '../data/index.js';
import { compileSuite } from './compile.js';
import { inferSuite } from './infer.js';
import { ksCritical, logGamma, normalQuantile, outsideAllowance } from './infer-stats.js';
import { checkSuite } from './suite.js';

const SHARED = fileURLToPath(new URL('../../test/fixtures/data/', import.meta.url));
const DATASETS = ['iris', 'wine', 'breast_cancer', 'digits', 'diabetes'];

/** A seeded uniform generator (mulberry32). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function split(table: Table, seed: number): [Table, Table] {
  const next = rng(seed);
  const order = Array.from({ length: table.rowCount }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const half = Math.floor(table.rowCount / 2);
  return [takeRows(table, order.slice(0, half)), takeRows(table, order.slice(half))];
}

function shifted(table: Table, column: number, by: number): Table {
  const c = table.columns[column]!;
  if (c.kind !== 'float64') throw new Error('numeric columns only');
  const values = c.values.map((v) => v + by);
  const columns = [...table.columns];
  columns[column] = { kind: 'float64', values, nulls: c.nulls };
  return createTable(table.names, columns, table.rowCount);
}

describe.each(DATASETS)('the suite inferred from half of %s', (name) => {
  it('passes on the held-out half and fails with any one column shifted by one standard deviation', async () => {
    const table = await readTable(`${SHARED}${name}.csv`);
    const [reference, heldOut] = split(table, 1);
    const suite = compileSuite(checkSuite(inferSuite(profileTable(reference), { name })));
    const report = suite.validateTable(heldOut).report;
    expect(report.results.filter((r) => !r.success).map((r) => r.message)).toEqual([]);
    const profile = profileTable(heldOut);
    let shifts = 0;
    heldOut.names.forEach((column, j) => {
      const sd = profile.columns[j]!.std ?? 0;
      if (!(sd > 0)) return; // a constant column does not move
      shifts++;
      expect(suite.validateTable(shifted(heldOut, j, sd)).report.success, `${column} + ${sd}`).toBe(false);
    });
    expect(shifts).toBeGreaterThan(3);
  });

  it('passes a fresh half in at least 19 of 20 random splits (the 95% the margins are set for)', async () => {
    const table = await readTable(`${SHARED}${name}.csv`);
    let passed = 0;
    for (let seed = 100; seed < 120; seed++) {
      const [reference, heldOut] = split(table, seed);
      const suite = compileSuite(inferSuite(profileTable(reference), { name }));
      if (suite.validateTable(heldOut).report.success) passed++;
    }
    expect(passed).toBeGreaterThanOrEqual(19);
  });
});

describe('inferred suites', () => {
  it('are valid suite files with types, nulls, ranges, means, distances, value sets and a row count', async () => {
    const table = await readTable(`${SHARED}iris.csv`);
    const suite = inferSuite(profileTable(table), { name: 'iris', source: 'iris.csv' });
    expect(checkSuite(suite)).toEqual(suite);
    const kinds = suite.expectations.map((e) => e.expect);
    expect(kinds.slice(0, 2)).toEqual(['columns_match_list', 'row_count_between']);
    expect(suite.expectations[1]).toMatchObject({ min: 75, max: 300 });
    // Each of the 5 columns: type, not_null, between, mean, ks; the target (0, 1, 2) also a value set.
    expect(kinds.filter((k) => k === 'mean_between')).toHaveLength(5);
    expect(kinds.filter((k) => k === 'distribution_distance_below')).toHaveLength(5);
    expect(kinds).toHaveLength(2 + 5 * 5 + 1);
    expect(suite.expectations.find((e) => e.expect === 'in_set')).toMatchObject({
      column: 'target',
      values: [0, 1, 2],
    });
    expect(suite.expectations.find((e) => e.expect === 'between')).toMatchObject({ min: 4.3, max: 7.9 });
  });

  it('give a column with nulls a null-share ceiling and text a length range', () => {
    const names = Array.from({ length: 40 }, (_, i) => `name-${i}${'x'.repeat(i % 5)}`);
    const table = createTable(
      ['x', 'name'],
      [
        {
          kind: 'float64',
          values: Float64Array.from({ length: 40 }, (_, i) => (i % 4 === 0 ? Number.NaN : i)),
          nulls: Uint8Array.from({ length: 40 }, (_, i) => (i % 4 === 0 ? 1 : 0)),
        },
        { kind: 'dictionary', codes: Int32Array.from({ length: 40 }, (_, i) => i), dictionary: names },
      ],
    );
    const suite = inferSuite(profileTable(table), { name: 't' });
    const nullShare = suite.expectations.find((e) => e.expect === 'null_share_at_most');
    expect(nullShare).toMatchObject({ column: 'x' });
    expect((nullShare as { max: number }).max).toBeGreaterThan(0.25);
    expect(suite.expectations.find((e) => e.expect === 'length_between')).toMatchObject({
      column: 'name',
      min: 6,
      max: 11,
    });
    expect(compileSuite(suite).validateTable(table).report.success).toBe(true);
  });
});

describe('margin statistics', () => {
  it('normal quantiles match the tables', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(normalQuantile(0.995)).toBeCloseTo(2.575829, 6);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 12);
    expect(normalQuantile(1e-4)).toBeCloseTo(-3.719016, 5);
  });

  it('log-gamma matches factorials', () => {
    expect(logGamma(10)).toBeCloseTo(Math.log(362880), 10);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 10);
  });

  it('the outside-range allowance matches the exact exchangeable probability', () => {
    // With 10 reference and 10 fresh values, no fresh value is outside the reference range exactly
    // when the combined minimum and maximum are both reference values: (10·9)/(20·19) = 0.2368.
    // So P(more than 0 outside) = 0.7632: allowance 0 at alpha 0.77, but not at 0.76.
    expect(outsideAllowance(10, 10, 0.77)).toBe(0);
    expect(outsideAllowance(10, 10, 0.76)).toBe(1);
    expect(outsideAllowance(1, 10, 0.05)).toBe(10);
  });

  it('the KS critical value is c(α)·√((n+m)/(nm)) with c(0.05) = 1.358', () => {
    expect(ksCritical(100, 100, 0.05)).toBeCloseTo(1.3581 * Math.sqrt(0.02), 4);
  });
});
