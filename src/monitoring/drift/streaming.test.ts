// False-alarm rates and detection delays of ADWIN and Page–Hinkley, measured by simulation with a
// seeded generator (the figures in docs/monitoring.md come from the same code, with 50 streams of
// 20,000 values). Stationary streams: standard normal noise, and a 0/1 error indicator with
// p = 0.2. Changes: the mean moves by one standard deviation, or the error rate goes 0.2 → 0.4.
import { describe, expect, it } from 'vitest';
import { Adwin } from './adwin.js';
import { PageHinkley } from './page-hinkley.js';

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 2 ** 32;
  };
}
const gauss = (r: () => number) => Math.sqrt(-2 * Math.log(r())) * Math.cos(2 * Math.PI * r());
type Detector = { update(x: number): boolean; detections: number };
type Source = (r: () => number, changed: boolean) => number;
const normal: Source = (r, changed) => gauss(r) + (changed ? 1 : 0);
const errors: Source = (r, changed) => (r() < (changed ? 0.4 : 0.2) ? 1 : 0);

/** False alarms per 10,000 values on stationary streams. */
function falseAlarmRate(make: () => Detector, source: Source, streams: number, length: number): number {
  let alarms = 0;
  for (let s = 0; s < streams; s++) {
    const r = rng(7919 * s + 1);
    const d = make();
    for (let i = 0; i < length; i++) d.update(source(r, false));
    alarms += d.detections;
  }
  return (1e4 * alarms) / (streams * length);
}

/** Delays from a change at value 5,000 to the first detection after it (−1: missed within 5,000). */
function delays(make: () => Detector, source: Source, streams: number): number[] {
  const out: number[] = [];
  for (let s = 0; s < streams; s++) {
    const r = rng(31 * s + 5);
    const d = make();
    let delay = -1;
    for (let i = 0; i < 10_000 && delay < 0; i++)
      if (d.update(source(r, i >= 5000)) && i >= 5000) delay = i - 5000;
    out.push(delay);
  }
  return out.sort((a, b) => a - b);
}

describe('ADWIN (delta 0.002)', () => {
  it('rarely alarms on stationary streams', () => {
    expect(falseAlarmRate(() => new Adwin(), normal, 20, 10_000)).toBeLessThanOrEqual(0.1);
    expect(falseAlarmRate(() => new Adwin(), errors, 20, 10_000)).toBeLessThanOrEqual(0.1);
  });
  it('detects a one-sigma shift and a doubled error rate within a few hundred values', () => {
    const a = delays(() => new Adwin(), normal, 20);
    const b = delays(() => new Adwin(), errors, 20);
    expect(a[0]).toBeGreaterThanOrEqual(0);
    expect(b[0]).toBeGreaterThanOrEqual(0);
    expect(a[10]).toBeLessThan(120);
    expect(b[10]).toBeLessThan(400);
  });
  it('shrinks its window to the data after the change', () => {
    const d = new Adwin();
    const r = rng(3);
    for (let i = 0; i < 4000; i++) d.update(gauss(r) + (i >= 2000 ? 5 : 0));
    expect(d.width).toBeLessThan(2200);
    expect(d.mean).toBeGreaterThan(4.8);
  });
});

describe('Page–Hinkley (delta 0.005, lambda 50)', () => {
  it('false-alarm rate depends on the stream scale: often on N(0, 1), rarely on a 0/1 error stream', () => {
    const onNormal = falseAlarmRate(() => new PageHinkley(), normal, 20, 10_000);
    expect(onNormal).toBeGreaterThan(2);
    expect(onNormal).toBeLessThan(12);
    expect(falseAlarmRate(() => new PageHinkley(), errors, 20, 10_000)).toBeLessThanOrEqual(1.5);
    expect(falseAlarmRate(() => new PageHinkley({ threshold: 100 }), errors, 20, 10_000)).toBe(0);
  });
  it('detects the changes, faster on the noisier scale', () => {
    const a = delays(() => new PageHinkley(), normal, 20);
    const b = delays(() => new PageHinkley({ direction: 'up' }), errors, 20);
    expect(a[0]).toBeGreaterThanOrEqual(0);
    expect(b[0]).toBeGreaterThanOrEqual(0);
    expect(a[10]).toBeLessThan(120);
    expect(b[10]).toBeLessThan(400);
  });
});
