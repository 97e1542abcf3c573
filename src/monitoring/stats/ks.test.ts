// The KS statistic and p-values against scipy 1.10.1 on fixtures made by fixtures/make-fixtures.py
// (normal data rounded so that values tie, some with NaNs; sizes on both sides of the exact limit).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kolmogorovSf } from './kolmogorov.js';
import { ks2Samp } from './ks.js';
import { probOutsideBand, probOutsideSquare } from './ks-exact.js';
import { smirnovSf } from './smirnov.js';
import { gcd } from './special.js';

interface KsCase {
  name: string;
  a: (number | null)[];
  b: (number | null)[];
  statistic: number;
  pvalue: number;
}
const F = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'scipy-drift.json'), 'utf8'));
const nums = (xs: (number | null)[]) => Float64Array.from(xs, (x) => (x === null ? Number.NaN : x));

/** |a − b| within `tol` relative to b (absolute below 1). */
function close(a: number, b: number, tol: number): void {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));
}

describe('ks2Samp equals scipy ks_2samp (auto)', () => {
  for (const c of F.ks_2samp as KsCase[]) {
    it(c.name, () => {
      const r = ks2Samp(nums(c.a), nums(c.b));
      close(r.statistic, c.statistic, 1e-12);
      const n = Math.max(c.a.length, c.b.length);
      close(r.pValue, c.pvalue, r.method === 'exact' ? 1e-9 : 1e-6);
      expect(r.method).toBe(n > 10000 ? 'asymptotic' : 'exact');
    });
  }
});

describe('exact path functions equal scipy', () => {
  it('on a grid of sizes and statistics', () => {
    for (const c of F.ks_exact as { m: number; n: number; h: number; p: number }[]) {
      const p = c.m === c.n ? probOutsideSquare(c.m, c.h) : probOutsideBand(c.m, c.n, gcd(c.m, c.n), c.h);
      close(p, c.p, 1e-9);
    }
  });
});

describe('kstwo.sf and special.smirnov equal scipy', () => {
  it('kolmogorovSf in every region', () => {
    for (const c of F.kstwo_sf as { n: number; x: number; sf: number }[]) {
      const got = kolmogorovSf(c.n, c.x);
      expect(Math.abs(got - c.sf), `n=${c.n} x=${c.x}`).toBeLessThanOrEqual(1e-6 * Math.max(1e-300, c.sf));
    }
  });
  it('smirnovSf', () => {
    for (const c of F.smirnov as { n: number; x: number; sf: number }[]) {
      const got = smirnovSf(c.n, c.x);
      expect(Math.abs(got - c.sf), `n=${c.n} x=${c.x}`).toBeLessThanOrEqual(1e-9 * Math.max(1e-300, c.sf));
    }
  });
});
