// Planted drift and false positives on the five public datasets in test/fixtures/data.
//
// 1. Planted shift, nothing else changed: the current data is the dataset itself with one
//    feature column moved by 0.5 of its standard deviation. Every such column (all that vary)
//    must be flagged, and no other column. This checks sensitivity on real column shapes
//    (skewed, bimodal, discrete, mostly-zero pixels) with the automatic method choice: KS and
//    chi-square below 1,000 reference values, Wasserstein and Jensen–Shannon above.
// 2. False positives on unshifted random splits: the dataset cut into two random halves,
//    reference and current, 20 times; the share of (split, column) pairs flagged must be at most
//    5% without correction (each test is at level 0.05) and far lower with FDR.
// 3. Planted shift on random halves, where sampling noise is real: the rate at which the shifted
//    column is flagged (it depends on the dataset's size) and at which it is the only one flagged
//    under FDR. docs/monitoring.md lists the per-dataset figures from the same code.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createTable,
  float64Column,
  numericValues,
  readTable,
  type Table,
  takeRows,
} from '../../data/index.js';
import { compareWithReference, driftTables, prepareReference } from './dataset-drift.js';

const SHARED = join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'data');
const DATASETS = ['iris', 'wine', 'breast_cancer', 'diabetes', 'digits'];

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 2 ** 32;
  };
}

function halves(t: Table, seed: number): [Table, Table] {
  const r = rng(seed);
  const idx = Array.from({ length: t.rowCount }, (_, i) => i);
  for (let i = idx.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  const h = Math.floor(t.rowCount / 2);
  return [takeRows(t, idx.slice(0, h)), takeRows(t, idx.slice(h))];
}

function std(v: Float64Array): number {
  const m = v.reduce((s, x) => s + x, 0) / v.length;
  return Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / v.length);
}

/** `t` with column j moved by `by`. */
function shifted(t: Table, j: number, by: number): Table {
  const moved = numericValues(t.columns[j]!).map((x) => x + by);
  return createTable(
    t.names,
    t.columns.map((c, i) => (i === j ? float64Column(moved) : c)),
  );
}

async function features(name: string): Promise<{ table: Table; sd: number[] }> {
  const full = await readTable(join(SHARED, `${name}.csv`));
  const names = full.names.filter((n) => n !== 'target');
  const table = createTable(
    names,
    names.map((n) => full.columns[full.names.indexOf(n)]!),
  );
  return { table, sd: table.columns.map((c) => std(numericValues(c))) };
}

describe('planted drift on test/fixtures/data', () => {
  for (const name of DATASETS) {
    it(`${name}: a 0.5-sd shift of any one column is flagged there and nowhere else`, async () => {
      const { table, sd } = await features(name);
      // One reference for every shifted copy (driftTables prepares it anew each time).
      const reference = prepareReference(table);
      let planted = 0;
      table.names.forEach((column, j) => {
        if (sd[j] === 0) return;
        const report = compareWithReference(reference, shifted(table, j, 0.5 * sd[j]!));
        expect(report.columns.filter((c) => c.drift).map((c) => c.column)).toEqual([column]);
        planted++;
      });
      expect(planted).toBeGreaterThan(0);
    });
  }

  it('false-positive rate on unshifted random halves is at most 5% (and ~0 with FDR)', async () => {
    let flagged = 0;
    let flaggedFdr = 0;
    let tested = 0;
    for (const name of DATASETS) {
      const { table } = await features(name);
      for (let seed = 1; seed <= 20; seed++) {
        const [ref, cur] = halves(table, 97 * seed + name.length);
        const raw = driftTables(ref, cur);
        flagged += raw.columns.filter((c) => c.drift).length;
        tested += raw.columns.length;
        flaggedFdr += driftTables(ref, cur, { correction: 'fdr' }).columns.filter((c) => c.drift).length;
      }
    }
    expect(flagged / tested).toBeLessThanOrEqual(0.05);
    expect(flaggedFdr / tested).toBeLessThanOrEqual(0.01);
  });

  it('on random halves, the shifted column is usually flagged, and alone under FDR', async () => {
    let trials = 0;
    let detected = 0;
    let alone = 0;
    for (const name of DATASETS) {
      const { table, sd } = await features(name);
      const step = Math.max(1, Math.floor(table.names.length / 8));
      for (let seed = 1; seed <= 3; seed++) {
        const [ref, cur] = halves(table, 1000 * seed + 7);
        const reference = prepareReference(ref, { correction: 'fdr' });
        for (let j = 0; j < table.names.length; j += step) {
          if (sd[j] === 0) continue;
          const report = compareWithReference(reference, shifted(cur, j, 0.5 * sd[j]!));
          const hits = report.columns.filter((c) => c.drift).map((c) => c.column);
          trials++;
          if (hits.includes(table.names[j]!)) detected++;
          if (hits.length === 1 && hits[0] === table.names[j]) alone++;
        }
      }
    }
    expect(detected / trials).toBeGreaterThanOrEqual(0.85);
    expect(alone / trials).toBeGreaterThanOrEqual(0.8);
  });
});
