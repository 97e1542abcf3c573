// Dataset-level drift on small hand-made tables: method choice, verdicts, correction, roles,
// skipped columns, errors; and the PCA detector against scikit-learn 1.2.1 (fixtures/make-fixtures.py).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FlywheelError } from '../../core/index.js';
import { boolColumn, createTable, dictionaryColumn, float64Column, type Table } from '../../data/index.js';
import { ks2Samp } from '../stats/ks.js';
import { fitReconstruction, multivariateDrift, reconstructionErrors } from '../stats/multivariate.js';
import { compareWithReference, driftTables, prepareReference } from './dataset-drift.js';

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 2 ** 32;
  };
}
const gauss = (r: () => number) => Math.sqrt(-2 * Math.log(r())) * Math.cos(2 * Math.PI * r());

function table(n: number, seed: number, shift = 0): Table {
  const r = rng(seed);
  const x = Array.from({ length: n }, () => gauss(r));
  const y = Array.from({ length: n }, () => gauss(r) + shift);
  const city = Array.from({ length: n }, () => (r() < 0.5 ? 'paris' : r() < 0.5 ? 'oslo' : 'rome'));
  const flag = Array.from({ length: n }, () => r() < 0.3 + shift / 4);
  const small = Array.from({ length: n }, () => Math.floor(r() * 3));
  return createTable(
    ['x', 'y', 'city', 'flag', 'small', 'label'],
    [
      float64Column(x),
      float64Column(y),
      dictionaryColumn(city),
      boolColumn(flag),
      float64Column(small),
      float64Column(y),
    ],
  );
}

describe('driftTables', () => {
  it('picks methods by kind and size, and flags the shifted column only', () => {
    const report = driftTables(table(500, 1), table(400, 2, 1), { target: 'label' });
    const by = new Map(report.columns.map((c) => [c.column, c]));
    expect(by.get('x')).toMatchObject({ kind: 'numeric', method: 'ks', methodSource: 'auto', drift: false });
    expect(by.get('y')).toMatchObject({ kind: 'numeric', method: 'ks', drift: true });
    expect(by.get('city')).toMatchObject({ kind: 'categorical', method: 'chisquare' });
    expect(by.get('flag')).toMatchObject({ kind: 'categorical', method: 'ztest', drift: true });
    expect(by.get('small')).toMatchObject({ kind: 'categorical', method: 'chisquare' });
    expect(report.target).toMatchObject({ column: 'label', role: 'target', drift: true });
    expect(report.columns.at(-1)!.column).toBe('label');
    expect(report.dataset).toMatchObject({ columns: 5, drifted: 2, share: 0.4, drift: false });
    // The KS numbers are the plain two-sample test's.
    const ref = table(500, 1);
    const cur = table(400, 2, 1);
    const plain = ks2Samp(
      (ref.columns[1] as { values: Float64Array }).values,
      (cur.columns[1] as { values: Float64Array }).values,
    );
    expect(by.get('y')!.statistic).toBe(plain.statistic);
    expect(by.get('y')!.pValue).toBe(plain.pValue);
  });

  it('uses distances beyond smallSample and honours per-column, per-kind and global settings', () => {
    const ref = table(3000, 3);
    const cur = table(2000, 4);
    const auto = driftTables(ref, cur);
    expect(auto.columns.map((c) => c.method)).toEqual([
      'wasserstein',
      'wasserstein',
      'jensenshannon',
      'jensenshannon',
      'jensenshannon',
      'wasserstein',
    ]);
    const set = driftTables(ref, cur, {
      method: 'psi',
      threshold: 0.2,
      categorical: { method: 'chisquare', threshold: 0.01 },
      perColumn: { x: { method: 'ks' } },
    });
    const by = new Map(set.columns.map((c) => [c.column, c]));
    expect(by.get('x')).toMatchObject({ method: 'ks', methodSource: 'column', threshold: 0.2 });
    expect(by.get('y')).toMatchObject({ method: 'psi', methodSource: 'global', threshold: 0.2 });
    expect(by.get('city')).toMatchObject({ method: 'chisquare', methodSource: 'kind', threshold: 0.01 });
    expect(by.get('y')!.statistic).toBe(by.get('y')!.statistics.psi);
  });

  it('applies Bonferroni and FDR to the p-value columns only', () => {
    const ref = table(300, 5);
    const cur = table(300, 6, 0.15);
    const raw = driftTables(ref, cur, { correction: 'none' });
    const bonf = driftTables(ref, cur, { correction: 'bonferroni', perColumn: { city: { method: 'psi' } } });
    const m = bonf.columns.filter((c) => c.pValue !== null).length;
    expect(m).toBe(5);
    for (const c of bonf.columns) {
      const r = raw.columns.find((x) => x.column === c.column)!;
      if (c.pValue === null) expect(c.score).toBe(c.statistic);
      else expect(c.score).toBeCloseTo(Math.min(1, r.pValue! * m), 15);
    }
    const fdr = driftTables(ref, cur, { correction: 'fdr' });
    for (const c of fdr.columns) expect(c.score).toBeGreaterThanOrEqual(c.pValue!);
  });

  it('skips what cannot be compared, and fails on what was asked for', () => {
    const ref = createTable(
      ['a', 'b', 'c'],
      [
        float64Column([1, 2, 3, 4, 5, 6, 7]),
        float64Column([1, 2, 3, 4, 5, 6, 7]),
        float64Column([null, null, null, null, null, null, null]),
      ],
    );
    const cur = createTable(
      ['a', 'c'],
      [dictionaryColumn(['u', 'v', 'w', 'x', 'y', 'z', 't']), float64Column([1, 2, 3, 4, 5, 6, 7])],
    );
    const report = driftTables(ref, cur);
    expect(report.skipped).toEqual([
      { column: 'a', reason: 'numeric in the reference, text in the current data' },
      { column: 'b', reason: 'not in the current data' },
      { column: 'c', reason: 'no values in the reference data' },
    ]);
    expect(() => driftTables(ref, cur, { columns: ['b'] })).toThrow(FlywheelError);
    expect(() => driftTables(ref, cur, { columns: ['nope'] })).toThrow(/No column named "nope"/);
    expect(() => driftTables(ref, ref, { method: 'chisquare' })).toThrow(
      /does not apply to numeric column "a"/,
    );
    expect(() => driftTables(ref, ref, { correction: 'holm' } as never)).toThrow(/correction/);
  });

  it('reports missing values and histograms, and reuses a prepared reference for windows', () => {
    const ref = table(600, 7);
    const prepared = prepareReference(ref, { histograms: true });
    const a = compareWithReference(prepared, table(200, 8));
    const b = compareWithReference(prepared, table(200, 9, 2));
    expect(a.columns[0]!.histogram!.edges!.length).toBe(31);
    const shares = a.columns[0]!.histogram!.reference.reduce((s, x) => s + x, 0);
    expect(shares).toBeCloseTo(1, 12);
    const labels = a.columns.find((c) => c.column === 'city')!.histogram!.labels!;
    expect(labels[0]).toBe('paris');
    expect([...labels].sort()).toEqual(['oslo', 'paris', 'rome']);
    expect(b.columns.find((c) => c.column === 'y')!.drift).toBe(true);
    expect(a.columns.find((c) => c.column === 'y')!.drift).toBe(false);
  });
});

describe('PCA reconstruction error equals scikit-learn', () => {
  const F = JSON.parse(
    readFileSync(join(import.meta.dirname, '..', 'fixtures', 'scipy-drift.json'), 'utf8'),
  ).pca;
  const names = ['c0', 'c1', 'c2', 'c3', 'c4'];
  const ref = createTable(
    names,
    F.reference.map((c: number[]) => float64Column(c)),
  );
  const cur = createTable(
    names,
    F.current.map((c: number[]) => float64Column(c)),
  );
  it('components, explained variance and mean errors', () => {
    const model = fitReconstruction(ref, names)!;
    expect(model.components.length).toBe(F.components);
    const explained = F.explained.reduce((s: number, x: number) => s + x, 0);
    expect(Math.abs(model.explained - explained)).toBeLessThan(1e-12);
    expect(Math.abs(model.reference.meanError - F.reference_error)).toBeLessThan(1e-9 * F.reference_error);
    const errors = reconstructionErrors(model, cur);
    const mean = errors.reduce((s, x) => s + x, 0) / errors.length;
    expect(Math.abs(mean - F.current_error)).toBeLessThan(1e-9 * F.current_error);
  });
  it('flags a flipped correlation that no single column shows', () => {
    const model = fitReconstruction(ref, names)!;
    expect(multivariateDrift(model, cur).drift).toBe(true);
    const report = driftTables(ref, cur, { multivariate: true });
    expect(report.columns.find((c) => c.column === 'c2')!.drift).toBe(false);
    expect(report.multivariate).toMatchObject({ method: 'pca-reconstruction', drift: true });
    const same = driftTables(ref, ref, { multivariate: true });
    expect(same.multivariate!.drift).toBe(false);
  });
});
