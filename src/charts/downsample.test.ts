import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { downsample, downsampleBand } from './downsample.js';
import type { Point } from './types.js';

const line = (ys: number[]): Point[] => ys.map((y, x) => ({ x, y }));

describe('downsample (min/max per pixel column)', () => {
  it('returns the input itself when it fits the budget', () => {
    const pts = line([1, 2, 3]);
    expect(downsample(pts, 10)).toBe(pts);
  });

  it('keeps first, last, minimum and maximum and never exceeds the budget (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 5, maxLength: 3000 }),
        fc.integer({ min: 4, max: 400 }),
        (ys, budget) => {
          const pts = line(ys);
          const out = downsample(pts, budget);
          expect(out.length).toBeLessThanOrEqual(Math.max(budget, pts.length <= budget ? pts.length : 0));
          expect(out[0]).toBe(pts[0]);
          expect(out[out.length - 1]).toBe(pts[pts.length - 1]);
          const ysOut = out.map((p) => p.y!);
          expect(Math.min(...ysOut)).toBe(Math.min(...ys));
          expect(Math.max(...ysOut)).toBe(Math.max(...ys));
          // Order is kept.
          for (let i = 1; i < out.length; i++) expect(out[i]!.x).toBeGreaterThanOrEqual(out[i - 1]!.x);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('stays within the budget for unordered x and for gaps', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            x: fc.double({ min: 0, max: 100, noNaN: true }),
            y: fc.option(fc.double({ min: -5, max: 5, noNaN: true }), { nil: null }),
          }),
          { minLength: 50, maxLength: 2000 },
        ),
        fc.integer({ min: 4, max: 60 }),
        (pts, budget) => {
          expect(downsample(pts, budget).length).toBeLessThanOrEqual(budget);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('10,000 points down to 2 per pixel column of a 648 px plot: 1,296 points at most, spike kept', () => {
    const ys = Array.from({ length: 10_000 }, (_, i) => Math.sin(i / 300));
    ys[5_000] = 42;
    const out = downsample(line(ys), 1_296);
    expect(out.length).toBeLessThanOrEqual(1_296);
    expect(out.length).toBeGreaterThan(1_000);
    expect(out.some((p) => p.y === 42 && p.x === 5_000)).toBe(true);
  });

  it('keeps a gap as one null between the runs it separates', () => {
    const pts: Point[] = [
      ...line(Array(100).fill(1)),
      { x: 100, y: null },
      { x: 101, y: null },
      ...line(Array(100).fill(2)).map((p) => ({ x: p.x + 102, y: p.y })),
    ];
    const out = downsample(pts, 20);
    expect(out.filter((p) => p.y === null)).toHaveLength(1);
    expect(out.length).toBeLessThanOrEqual(20);
  });

  it('a band keeps its envelope (lowest lower, highest upper) within the budget', () => {
    const band = Array.from({ length: 1000 }, (_, x) => ({
      x,
      lower: -1 - (x === 500 ? 9 : 0),
      upper: 1 + (x === 700 ? 9 : 0),
    }));
    const out = downsampleBand(band, 50);
    expect(out.length).toBeLessThanOrEqual(50);
    expect(Math.min(...out.map((b) => b.lower!))).toBe(-10);
    expect(Math.max(...out.map((b) => b.upper!))).toBe(10);
  });

  it('a band with unordered x stays within the budget and keeps both ends', () => {
    const band = Array.from({ length: 500 }, (_, i) => ({ x: (i * 7919) % 500, lower: 0, upper: 1 }));
    const out = downsampleBand(band, 20);
    expect(out.length).toBeLessThanOrEqual(20);
    expect(out[out.length - 1]!.x).toBe(band[band.length - 1]!.x);
  });
});
