// The bucketed computation against a plain oracle (a full sort and a merge walk, the way scipy's
// ks_2samp and wasserstein_distance compute them) on larger samples of many shapes.
import { describe, expect, it } from 'vitest';
import { ksExtremesSorted, sortedFinite } from './ks.js';
import { compareSummaries } from './numeric-compare.js';
import { createGrid, sampleFinite, summarize } from './numeric-sample.js';

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 2 ** 32;
  };
}
const gauss = (r: () => number) => Math.sqrt(-2 * Math.log(r())) * Math.cos(2 * Math.PI * r());

/** scipy's wasserstein_distance: Σ |F1 − F2| · Δ over the pooled sorted values. */
function oracleWasserstein(a: Float64Array, b: Float64Array): number {
  const all = Float64Array.from([...a, ...b]).sort();
  let i = 0;
  let j = 0;
  let w = 0;
  for (let k = 0; k < all.length - 1; k++) {
    while (i < a.length && a[i]! <= all[k]!) i++;
    while (j < b.length && b[j]! <= all[k]!) j++;
    w += Math.abs(i / a.length - j / b.length) * (all[k + 1]! - all[k]!);
  }
  return w;
}

const shapes: Record<string, (r: () => number, shift: number) => number> = {
  normal: (r, s) => gauss(r) + s,
  lognormal: (r, s) => Math.exp(1.5 * gauss(r) + s),
  integers: (r, s) => Math.floor(r() * 17 + s * 5),
  rounded: (r, s) => Math.round((gauss(r) + s) * 10) / 10,
  mostlyZero: (r, s) => (r() < 0.9 ? 0 : gauss(r) + s),
  constant: (_r, s) => 3 + (s > 0 ? 1 : 0),
  heavyTail: (r, s) => gauss(r) / (r() ** 2 + 1e-9) + s,
};

describe('bucketed KS extremes, Wasserstein and bins equal the full-sort oracle', () => {
  for (const [name, draw] of Object.entries(shapes)) {
    for (const [n1, n2, shift] of [
      [20000, 15000, 0],
      [30000, 30000, 0.05],
      [5000, 40000, 2],
      [3, 50000, 0.5],
    ] as const) {
      it(`${name} ${n1} x ${n2}, shift ${shift}`, () => {
        const r = rng(n1 + n2 + name.length);
        const a = Float64Array.from({ length: n1 }, () => draw(r, 0));
        const b = Float64Array.from({ length: n2 }, () => draw(r, shift));
        if (name === 'rounded') a[7] = Number.NaN;
        const grid = createGrid(sampleFinite(a, null), a.length);
        const ref = summarize(a, null, grid);
        const cur = summarize(b, null, grid);
        const cmp = compareSummaries(ref, cur, 10);
        const sa = sortedFinite(a);
        const sb = sortedFinite(b);
        expect(ref.n).toBe(sa.length);
        const ex = ksExtremesSorted(sa, sb);
        expect(cmp.maxPositive).toBe(ex.maxPositive);
        expect(cmp.maxNegative).toBe(ex.maxNegative);
        const w = oracleWasserstein(sa, sb);
        expect(Math.abs(cmp.wasserstein - w)).toBeLessThanOrEqual(1e-9 * Math.max(w, 1e-300) + 1e-15);
        const edges = cmp.edges;
        const counts = cmp.currentCounts;
        let k = 0;
        for (let bin = 0; bin <= edges.length; bin++) {
          let c = 0;
          while (k < sb.length && (bin === edges.length || sb[k]! < edges[bin]!)) {
            c++;
            k++;
          }
          expect(counts[bin]).toBe(c);
        }
      });
    }
  }

  it('sorts only a small share of the buckets for large samples', () => {
    const r = rng(1);
    const a = Float64Array.from({ length: 200000 }, () => gauss(r));
    const b = Float64Array.from({ length: 200000 }, () => gauss(r));
    const grid = createGrid(sampleFinite(a, null), a.length);
    const cmp = compareSummaries(summarize(a, null, grid), summarize(b, null, grid), 10);
    expect(cmp.sortedBuckets).toBeLessThan(grid.buckets / 4);
  });
});

describe('edge cases of the bucketed computation', () => {
  function both(a: number[], b: number[], nullsA: Uint8Array | null = null) {
    const av = Float64Array.from(a);
    const grid = createGrid(sampleFinite(av, nullsA), av.length);
    const ref = summarize(av, nullsA, grid);
    const cur = summarize(Float64Array.from(b), null, grid);
    return { ref, cur, cmp: compareSummaries(ref, cur, 10) };
  }

  it('skips null rows, NaN and infinities on both sides', () => {
    const nulls = new Uint8Array([0, 1, 0, 0, 0, 0]);
    const { ref, cur, cmp } = both(
      [1, 99, 2, Number.NaN, 3, Number.POSITIVE_INFINITY],
      [1.5, 2.5, Number.NEGATIVE_INFINITY],
      nulls,
    );
    expect([ref.n, ref.missing, cur.n, cur.missing]).toEqual([3, 3, 2, 1]);
    const ex = ksExtremesSorted(Float64Array.from([1, 2, 3]), Float64Array.from([1.5, 2.5]));
    expect(cmp.maxPositive).toBe(ex.maxPositive);
    expect(cmp.maxNegative).toBe(ex.maxNegative);
    expect(cmp.wasserstein).toBeCloseTo(
      oracleWasserstein(Float64Array.from([1, 2, 3]), Float64Array.from([1.5, 2.5])),
      14,
    );
  });

  it('handles one value per side, a constant reference and a current far outside its range', () => {
    expect(both([5], [7]).cmp).toMatchObject({ maxPositive: 1, maxNegative: 0, wasserstein: 2 });
    const constant = both([3, 3, 3, 3], [3, 3, 4, 5]);
    expect(constant.cmp.maxPositive).toBe(0.5);
    expect(constant.cmp.wasserstein).toBeCloseTo(0.75, 14);
    const a = Array.from({ length: 5000 }, (_, i) => i / 5000);
    const b = a.map((x) => x + 1000);
    const far = both(a, b).cmp;
    expect(far.maxPositive).toBe(1);
    expect(far.wasserstein).toBeCloseTo(1000, 9);
    expect(far.currentCounts[far.currentCounts.length - 1]).toBe(5000);
  });
});
