// Agreement statistics against the reference implementations: fixtures/agreement.json is written by
// fixtures/make_fixtures.py with scikit-learn's cohen_kappa_score, statsmodels' fleiss_kappa and
// Krippendorff (2011)'s coincidence-matrix definition (numpy); committed so the test needs no Python.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { agreementReport, strictMajority } from './report.js';
import {
  cohenKappa,
  fleissKappa,
  krippendorffAlpha,
  type LabelValue,
  percentAgreement,
} from './statistics.js';

interface Fixtures {
  cohen: { a: LabelValue[]; b: LabelValue[]; expected: number }[];
  fleiss: { labels: number[][]; table: number[][]; expected: number }[];
  krippendorff: { name: string; data: (number | null)[][]; expected: number; published?: number }[];
}
const FIX = JSON.parse(
  readFileSync(new URL('./fixtures/agreement.json', import.meta.url), 'utf8'),
) as Fixtures;

/** Observers × units (null = missing) → per-unit value lists. */
function unitsOf(data: (number | null)[][]): number[][] {
  return data[0]!.map((_, u) => data.map((row) => row[u]).filter((v): v is number => v !== null));
}

describe('agreement statistics equal the references to 1e-9', () => {
  it("Cohen's kappa = sklearn cohen_kappa_score", () => {
    expect(FIX.cohen.length).toBeGreaterThanOrEqual(3);
    for (const f of FIX.cohen) expect(Math.abs(cohenKappa(f.a, f.b) - f.expected)).toBeLessThan(1e-9);
  });

  it("Fleiss' kappa = statsmodels fleiss_kappa, from the table and from the raw labels via the report", () => {
    for (const f of FIX.fleiss) {
      expect(Math.abs(fleissKappa(f.table) - f.expected)).toBeLessThan(1e-9);
      const annotations = f.labels.flatMap((row, i) =>
        row.map((label, r) => ({ item: `i${i}`, annotator: `r${r}`, label })),
      );
      const report = agreementReport(annotations);
      expect(report.fleissItems).toBe(f.labels.length);
      expect(Math.abs(report.fleissKappa! - f.expected)).toBeLessThan(1e-9);
    }
  });

  it("Krippendorff's alpha (nominal, missing values) = the 2011 coincidence-matrix definition", () => {
    for (const f of FIX.krippendorff) {
      expect(Math.abs(krippendorffAlpha(unitsOf(f.data)) - f.expected), f.name).toBeLessThan(1e-9);
    }
    const example = FIX.krippendorff.find((f) => f.name === 'krippendorff-2011-example')!;
    // The paper's published value, to its three decimals.
    expect(krippendorffAlpha(unitsOf(example.data))).toBeCloseTo(example.published!, 3);
  });
});

describe('agreement report', () => {
  it('percent agreement counts agreeing pairs per item, items with one annotation left out', () => {
    // item 1: 3 of 3 agree → 1; item 2: (a, a, b) → 2 agreeing ordered pairs of 6 → 1/3; item 3 alone.
    expect(percentAgreement([['x', 'x', 'x'], ['a', 'a', 'b'], ['z']])).toBeCloseTo((1 + 1 / 3) / 2, 12);
  });

  it('strict majority is null on a tie', () => {
    expect(strictMajority(['a', 'b'])).toBeNull();
    expect(strictMajority(['a', 'b', 'a'])).toBe('a');
    expect(strictMajority([])).toBeNull();
  });

  it('per annotator: agreement with the majority of the others and with the model; disagreements listed', () => {
    const rows: [string, string, string][] = [
      ['1', 'ann', 'pos'],
      ['1', 'bob', 'pos'],
      ['1', 'cy', 'neg'],
      ['2', 'ann', 'neg'],
      ['2', 'bob', 'neg'],
      ['2', 'cy', 'neg'],
      ['3', 'ann', 'pos'],
      ['3', 'bob', 'neg'],
    ];
    const report = agreementReport(
      rows.map(([item, annotator, label]) => ({ item, annotator, label })),
      new Map([
        ['1', 'pos'],
        ['2', 'pos'],
        ['3', 'pos'],
      ]),
    );
    const cy = report.perAnnotator.find((a) => a.annotator === 'cy')!;
    // cy: item 1 others (pos, pos) → pos ≠ neg; item 2 others → neg = neg. 1 of 2.
    expect(cy.withMajority).toBe(0.5);
    expect(cy.majorityItems).toBe(2);
    // ann: item 1 others (pos, neg) tie → left out; item 2 neg = neg; item 3 other bob: neg ≠ pos.
    const ann = report.perAnnotator.find((a) => a.annotator === 'ann')!;
    expect([ann.withMajority, ann.majorityItems]).toEqual([0.5, 2]);
    expect([ann.withModel, ann.modelItems]).toEqual([2 / 3, 3]);
    expect(report.disagreements.map((d) => d.item)).toEqual(['1', '3']);
    expect(report.perItem.find((i) => i.item === '1')!.majority).toBe('pos');
    expect(report.cohenKappa).toBeNull(); // three annotators
    // Fleiss over the two items with 3 annotations; alpha over all three.
    expect(report.fleissItems).toBe(2);
    expect(Number.isFinite(report.krippendorffAlpha)).toBe(true);
  });

  it("Cohen's kappa is reported for exactly two annotators, over the items both labelled", () => {
    const report = agreementReport([
      { item: 'a', annotator: 'x', label: 1 },
      { item: 'a', annotator: 'y', label: 1 },
      { item: 'b', annotator: 'x', label: 0 },
      { item: 'b', annotator: 'y', label: 1 },
      { item: 'c', annotator: 'x', label: 0 },
    ]);
    expect(report.cohenKappa).toBeCloseTo(cohenKappa([1, 0], [1, 1]), 15);
  });

  it('bad input: unequal lists for Cohen, unequal counts for Fleiss', () => {
    expect(() => cohenKappa([1], [1, 2])).toThrow(/equally long/);
    expect(() =>
      fleissKappa([
        [2, 0],
        [1, 2],
      ]),
    ).toThrow(/same number of ratings/);
  });
});
