// Distances, categorical tests, tails and corrections against scipy 1.10.1 / numpy 1.24 on the
// fixtures made by fixtures/make-fixtures.py. Numeric cases go through the bucketed samples the
// drift report uses (lognormal data rounded so that values tie, some with NaNs).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chiSquareTest, twoProportionZTest } from './categorical-tests.js';
import { adjustPValues } from './correction.js';
import {
  hellinger,
  jensenShannon,
  klDivergence,
  lInfinity,
  normalisedWasserstein,
  psi,
  toShares,
} from './distances.js';
import { ksFromExtremes } from './ks.js';
import { compareSummaries } from './numeric-compare.js';
import { createGrid, sampleFinite, summarize } from './numeric-sample.js';
import { chiSquareSf, normalSf } from './special.js';

interface NumericCase {
  a: (number | null)[];
  b: (number | null)[];
  bins: number;
  edges: number[];
  ref_shares: number[];
  cur_shares: number[];
  wasserstein: number;
  ref_std: number;
  wasserstein_norm: number;
  psi: number;
  kl: number;
  jensenshannon: number;
  hellinger: number;
  ks_statistic: number;
  ks_pvalue: number;
}
const F = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'scipy-drift.json'), 'utf8'));
const nums = (xs: (number | null)[]) => Float64Array.from(xs, (x) => (x === null ? Number.NaN : x));
function close(a: number, b: number, tol = 1e-9): void {
  expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));
}
function closeRel(a: number, b: number, tol = 1e-9): void {
  expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThanOrEqual(tol * Math.abs(b));
}

describe('numeric columns through bucketed samples equal scipy/numpy', () => {
  F.numeric_distances.forEach((c: NumericCase, k: number) => {
    it(`case ${k} (${c.a.length} x ${c.b.length}, ${c.bins} bins)`, () => {
      const a = nums(c.a);
      const b = nums(c.b);
      const sample = sampleFinite(a, null);
      const grid = createGrid(sample, a.length);
      const ref = summarize(a, null, grid, sample[sample.length >> 1]);
      const cur = summarize(b, null, grid);
      const cmp = compareSummaries(ref, cur, c.bins);
      expect(cmp.edges).toEqual(c.edges);
      const r = toShares(cmp.referenceCounts);
      const s = toShares(cmp.currentCounts);
      expect(Array.from(r)).toEqual(c.ref_shares);
      expect(Array.from(s)).toEqual(c.cur_shares);
      close(psi(r, s), c.psi);
      close(klDivergence(r, s), c.kl);
      close(jensenShannon(r, s), c.jensenshannon);
      close(hellinger(r, s), c.hellinger);
      closeRel(cmp.wasserstein, c.wasserstein);
      closeRel(ref.std, c.ref_std);
      closeRel(normalisedWasserstein(cmp.wasserstein, ref.std), c.wasserstein_norm);
      const ks = ksFromExtremes(ref.n, cur.n, cmp);
      expect(ks.statistic).toBe(c.ks_statistic);
      close(ks.pValue, c.ks_pvalue);
    });
  });
});

describe('categorical distances and tests equal scipy', () => {
  it('distances over category shares (empty categories included)', () => {
    for (const c of F.categorical_distances) {
      const r = toShares(c.ref);
      const s = toShares(c.cur);
      close(psi(r, s), c.psi);
      close(klDivergence(r, s), c.kl);
      close(jensenShannon(r, s), c.jensenshannon);
      close(hellinger(r, s), c.hellinger);
      close(lInfinity(r, s), c.linf);
    }
  });
  it('chi2_contingency (Yates when dof = 1, empty categories dropped)', () => {
    for (const c of F.chi2_contingency) {
      const t = chiSquareTest(c.ref, c.cur);
      expect(t.dof).toBe(c.dof);
      closeRel(t.statistic, c.statistic);
      close(t.pValue, c.pvalue);
      if (c.pvalue > 1e-300) closeRel(t.pValue, c.pvalue, 1e-9);
    }
  });
  it('two-proportion z-test', () => {
    for (const c of F.ztest) {
      const t = twoProportionZTest(c.ref, c.cur);
      closeRel(t.statistic, c.statistic);
      closeRel(t.pValue, c.pvalue);
    }
  });
});

describe('tails and corrections', () => {
  it('chi-square and normal survival functions (relative error)', () => {
    for (const c of F.chi2_sf) closeRel(chiSquareSf(c.x, c.dof), c.sf, 1e-9);
    for (const c of F.normal_sf) closeRel(normalSf(c.z), c.sf, 1e-9);
  });
  it('Bonferroni and Benjamini-Hochberg', () => {
    const c = F.corrections;
    adjustPValues(c.p, 'bonferroni').forEach((p, i) => {
      close(p, c.bonferroni[i]);
    });
    adjustPValues(c.p, 'fdr').forEach((p, i) => {
      close(p, c.fdr[i]);
    });
    expect(adjustPValues(c.p, 'none')).toEqual(c.p);
  });
});
