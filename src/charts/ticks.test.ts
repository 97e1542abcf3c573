import { describe, expect, it } from 'vitest';
import { formatTick, formatTime } from './format.js';
import { logTicks, niceTicks, ticksWithin, timeTicks } from './ticks.js';

describe('ticks', () => {
  it('nice ticks at 1, 2, 5 × 10^k covering the range (Heckbert 1990)', () => {
    expect(niceTicks(0, 1, 5).values).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0.13, 0.87, 5)).toMatchObject({ min: 0.1, max: 0.9, step: 0.1 });
    expect(niceTicks(3, 97, 5).values).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(0, 9_999, 10).values).toEqual([
      0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10000,
    ]);
    expect(niceTicks(-0.35, 0.35, 4).values).toEqual([-0.4, -0.2, 0, 0.2, 0.4]);
  });

  it('no floating-point noise in tick values or their text', () => {
    const t = niceTicks(0.1, 0.7, 6);
    expect(t.values).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
    expect(t.values.map((v) => formatTick(v, t.step))).toEqual([
      '0.1',
      '0.2',
      '0.3',
      '0.4',
      '0.5',
      '0.6',
      '0.7',
    ]);
  });

  it('widens an empty range and keeps integer steps for step axes', () => {
    expect(niceTicks(5, 5, 5).values.length).toBeGreaterThan(1);
    expect(niceTicks(0, 3, 10, true).step).toBe(1);
  });

  it('ticksWithin keeps a fixed range as is', () => {
    expect(ticksWithin(0, 1, 4).values).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(ticksWithin(0.5, 1, 4)).toMatchObject({ min: 0.5, max: 1 });
  });

  it('log ticks at powers of ten', () => {
    expect(logTicks(0.003, 20).values).toEqual([0.001, 0.01, 0.1, 1, 10, 100]);
    expect(logTicks(1, 50).values).toEqual([1, 2, 5, 10, 20, 50, 100]);
  });

  it('time ticks at round UTC times', () => {
    const start = Date.UTC(2026, 0, 1, 9, 7);
    const t = timeTicks(start, start + 6 * 3_600_000, 6);
    expect(t.step).toBe(3_600_000);
    expect(t.values[0]).toBe(Date.UTC(2026, 0, 1, 10));
    expect(formatTime(t.values[0]!, t.step)).toBe('10:00');
    const months = timeTicks(Date.UTC(2025, 0, 15), Date.UTC(2025, 11, 31), 5);
    expect(months.values.map((v) => new Date(v).toISOString().slice(0, 10))).toEqual([
      '2025-04-01',
      '2025-07-01',
      '2025-10-01',
    ]);
  });
});
