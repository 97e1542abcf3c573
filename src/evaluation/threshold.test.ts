// Operating points: hand-checked thresholds and a Wilson interval reference.
import { describe, expect, it } from 'vitest';
import { chooseThreshold, wilsonInterval } from './threshold.js';

describe('operating points', () => {
  // 10 rows, scores 0.1…1.0; labels chosen so the trade-off is easy to check by hand.
  const y = [0, 0, 1, 0, 1, 0, 1, 1, 1, 1];
  const s = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0];

  it('picks the highest threshold that meets a recall target', () => {
    const p = chooseThreshold(y, s, { kind: 'recall', min: 0.8 });
    expect(p.threshold).toBe(0.5); // predicts the 6 rows ≥ 0.5: 5 of the 6 positives
    expect(p.recall).toBeCloseTo(5 / 6, 12);
    expect(p.precision).toBeCloseTo(5 / 6, 12);
  });

  it('picks the lowest threshold that meets a precision target', () => {
    expect(chooseThreshold(y, s, { kind: 'precision', min: 1 }).threshold).toBe(0.7);
  });

  it('minimises expected cost', () => {
    const p = chooseThreshold(y, s, { kind: 'cost', falsePositive: 1, falseNegative: 10 });
    expect(p.threshold).toBe(0.3); // missing a positive costs 10: take every positive, 2 false alarms
    expect(p.cost).toBeCloseTo(2 / 10, 12);
  });

  it('says when no threshold reaches the target', () => {
    expect(() => chooseThreshold([0, 1], [0.9, 0.1], { kind: 'precision', min: 1 })).toThrowError(
      expect.objectContaining({ code: 'CHECK_FAILED' }),
    );
  });

  it('gives Wilson intervals (reference: 9/10 → [0.5958, 0.9821])', () => {
    const w = wilsonInterval(9, 10);
    expect(w.low).toBeCloseTo(0.5958, 4);
    expect(w.high).toBeCloseTo(0.9821, 4);
  });
});
