// The heat levels of the monitor page's drift table: p-values and distances read on one scale.
import { describe, expect, it } from 'vitest';
import { driftLevel } from './monitor-heat.js';

const col = (method: string, score: number, threshold: number, drift: boolean) => ({
  column: 'x',
  method,
  statistic: 0,
  pValue: method === 'ks' ? score : null,
  score,
  threshold,
  drift,
});

describe('driftLevel', () => {
  it('reads a p-value as threshold / p and a distance as distance / threshold', () => {
    expect(driftLevel(col('ks', 0.9, 0.05, false))).toBe(0); // 0.056 of the way
    expect(driftLevel(col('ks', 0.06, 0.05, false))).toBe(2); // 0.83
    expect(driftLevel(col('ks', 0.01, 0.05, true))).toBe(3); // 5x past
    expect(driftLevel(col('ks', 0.001, 0.05, true))).toBe(4); // 50x past
    expect(driftLevel(col('psi', 0.05, 0.1, false))).toBe(1); // 0.5
    expect(driftLevel(col('psi', 0.2, 0.1, true))).toBe(3);
    expect(driftLevel(col('ks', 0, 0.05, true))).toBe(4); // p = 0
  });
});
