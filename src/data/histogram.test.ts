import { describe, expect, it } from 'vitest';
import { seededUniform } from '../core/random.js';
import { binIndex, binSorted, binValues, histogramEdges } from './histogram.js';

describe('histogram edges', () => {
  it('splits a range into equal-width bins ending exactly at max', () => {
    expect(histogramEdges(0, 1, 4, false)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    const edges = histogramEdges(0.1, 0.7, 3, false);
    expect(edges.at(-1)).toBe(0.7);
  });

  it('gives small integer ranges one bin per value and constants a single bin', () => {
    expect(histogramEdges(3, 5, 20, true)).toEqual([2.5, 3.5, 4.5, 5.5]);
    expect(histogramEdges(0, 100, 20, true)).toHaveLength(21);
    expect(histogramEdges(4, 4, 20, false)).toEqual([3.5, 4.5]);
  });
});

describe('binning with stored edges', () => {
  const edges = [0, 1, 2, 3];

  it('puts edge values in the upper bin, and the last edge in the last bin', () => {
    expect([0, 0.5, 1, 2.999, 3].map((v) => binIndex(edges, v))).toEqual([0, 0, 1, 2, 2]);
    expect(binIndex(edges, -0.1)).toBe(-1);
    expect(binIndex(edges, 3.1)).toBe(3);
  });

  it('counts values outside the edges and missing values apart', () => {
    const nulls = new Uint8Array([0, 0, 0, 0, 0, 1]);
    expect(binValues(edges, [0.5, -1, 7, Number.NaN, 3, 1], nulls)).toEqual({
      counts: [1, 0, 1],
      below: 1,
      above: 1,
      missing: 2,
    });
  });

  it('bins sorted values like binValues', () => {
    const values = Float64Array.from([0, 0.2, 1, 1, 1.5, 2, 2.5, 3]);
    expect(binSorted(edges, values)).toEqual(binValues(edges, values).counts);
  });

  it('bins sorted values like binValues with values outside, on every edge and repeated', () => {
    const random = seededUniform(11);
    for (const bins of [1, 2, 7, 20]) {
      const wide = histogramEdges(-3, 5, bins, false);
      // Draws from a range wider than the edges, a third of them exactly on an edge.
      const values = Float64Array.from({ length: 3000 }, () =>
        random() < 0.33 ? wide[Math.floor(random() * wide.length)]! : -5 + random() * 12,
      ).sort();
      expect(binSorted(wide, values)).toEqual(binValues(wide, values).counts);
    }
  });
});
