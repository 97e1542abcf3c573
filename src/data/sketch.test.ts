import { describe, expect, it } from 'vitest';
import { HyperLogLog } from './sketch.js';

const relativeError = (estimate: number, truth: number) => Math.abs(estimate / truth - 1);

describe('HyperLogLog', () => {
  it('is exact-ish for small counts and ignores repeats', () => {
    const h = new HyperLogLog();
    for (let r = 0; r < 5; r++) for (let i = 0; i < 100; i++) h.addNumber(i);
    expect(h.estimate()).toBeGreaterThanOrEqual(98);
    expect(h.estimate()).toBeLessThanOrEqual(102);
  });

  it.each([
    ['consecutive integers', (i: number) => i],
    ['small fractions', (i: number) => i / 1024],
    ['large values', (i: number) => 1e12 + i * 7919],
  ])('estimates %s within 3%%', (_, value) => {
    const n = 300_000;
    const h = new HyperLogLog();
    for (let i = 0; i < n; i++) h.addNumber(value(i));
    expect(relativeError(h.estimate(), n)).toBeLessThan(0.03);
  });

  it('estimates strings and merges sketches', () => {
    const a = new HyperLogLog();
    const b = new HyperLogLog();
    for (let i = 0; i < 100_000; i++) a.addString(`user-${i}`);
    for (let i = 50_000; i < 150_000; i++) b.addString(`user-${i}`);
    expect(relativeError(a.estimate(), 100_000)).toBeLessThan(0.03);
    a.merge(b);
    expect(relativeError(a.estimate(), 150_000)).toBeLessThan(0.03);
  });

  it('counts +0 and -0 as one value', () => {
    const h = new HyperLogLog();
    h.addNumber(0);
    h.addNumber(-0);
    expect(h.estimate()).toBe(1);
  });
});
