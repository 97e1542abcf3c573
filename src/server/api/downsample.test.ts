import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lttbIndices } from './downsample.js';

describe('LTTB down-sampling', () => {
  it('keeps exactly max points (or all when fewer), ascending, with the first and last', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), { minLength: 0, maxLength: 3000 }),
        fc.integer({ min: 2, max: 500 }),
        (ys, max) => {
          const xs = ys.map((_, i) => i);
          const kept = lttbIndices(xs, ys, max);
          expect(kept.length).toBe(Math.min(max, ys.length));
          for (let i = 1; i < kept.length; i++) expect(kept[i]!).toBeGreaterThan(kept[i - 1]!);
          if (ys.length > 0) {
            expect(kept[0]).toBe(0);
            expect(kept.at(-1)).toBe(ys.length - 1);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps a lone spike and survives NaN values', () => {
    const ys = Array.from({ length: 10_000 }, (_, i) => (i === 4321 ? 100 : Math.sin(i / 100)));
    ys[17] = Number.NaN;
    const kept = lttbIndices(
      ys.map((_, i) => i),
      ys,
      200,
    );
    expect(kept).toContain(4321);
    expect(kept).toHaveLength(200);
  });
});
