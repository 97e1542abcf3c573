/**
 * The one tick algorithm of the charts: "nice numbers" (Heckbert, Graphics Gems 1990): steps of
 * 1, 2 or 5 × 10^k, about `count` of them, the range widened to whole steps. Time axes pick from a
 * ladder of round durations (seconds to days, then months and years); log axes tick at powers of 10.
 */

export interface Ticks {
  /** The range the axis covers (the data's range widened to whole steps). */
  min: number;
  max: number;
  step: number;
  values: number[];
}

function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const f = raw / mag;
  return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * mag;
}

/** About `count` ticks at 1, 2 or 5 × 10^k covering [lo, hi] (integer steps if `integer`). */
export function niceTicks(lo: number, hi: number, count = 5, integer = false): Ticks {
  if (!Number.isFinite(lo) || !Number.isFinite(hi))
    return { min: 0, max: 1, step: 0.2, values: [0, 0.2, 0.4, 0.6, 0.8, 1] };
  if (hi < lo) [lo, hi] = [hi, lo];
  if (hi - lo < 1e-12 * Math.max(1, Math.abs(hi))) {
    const pad = Math.abs(hi) * 0.1 || (integer ? 1 : 0.5);
    lo -= pad;
    hi += pad;
  }
  let step = niceStep(hi - lo, count);
  if (integer) step = Math.max(1, Math.round(step));
  const min = Math.floor(lo / step + 1e-9) * step;
  const max = Math.ceil(hi / step - 1e-9) * step;
  const values: number[] = [];
  for (let i = 0, n = Math.round((max - min) / step); i <= n; i++) values.push(clean(min + i * step, step));
  return { min: clean(min, step), max: clean(max, step), step, values };
}

/** Ticks inside [lo, hi] exactly (the range is not widened): for fixed ranges such as [0, 1]. */
export function ticksWithin(lo: number, hi: number, count = 5, integer = false): Ticks {
  const t = niceTicks(lo, hi, count, integer);
  const values = t.values.filter((v) => v >= lo - 1e-9 * t.step && v <= hi + 1e-9 * t.step);
  return { min: lo, max: hi, step: t.step, values };
}

/** Rounds away floating-point noise (0.30000000000000004 → 0.3). */
function clean(v: number, step: number): number {
  const d = Math.max(0, Math.min(15, -Math.floor(Math.log10(step)) + 2));
  return Number(v.toFixed(d));
}

/** Powers of ten covering [lo, hi] (both > 0), with 2 and 5 between them when there are few decades. */
export function logTicks(lo: number, hi: number): Ticks {
  if (!(lo > 0) || !(hi > 0)) return { min: 1, max: 10, step: 1, values: [1, 10] };
  const a = Math.floor(Math.log10(lo) + 1e-9);
  const b = Math.max(a + 1, Math.ceil(Math.log10(hi) - 1e-9));
  const values: number[] = [];
  const every = Math.ceil((b - a) / 8);
  for (let e = a; e <= b; e += every) {
    values.push(Number((10 ** e).toPrecision(12)));
    if (b - a <= 2 && e < b)
      values.push(Number((2 * 10 ** e).toPrecision(12)), Number((5 * 10 ** e).toPrecision(12)));
  }
  values.sort((x, y) => x - y);
  return { min: 10 ** a, max: 10 ** b, step: 1, values };
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const DURATIONS = [
  SECOND,
  2 * SECOND,
  5 * SECOND,
  10 * SECOND,
  15 * SECOND,
  30 * SECOND,
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
  14 * DAY,
];

/** About `count` ticks at round UTC times (epoch ms) inside [lo, hi]; `step` is the tick interval in ms. */
export function timeTicks(lo: number, hi: number, count = 5): Ticks {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return niceTicks(lo, hi, count);
  if (hi <= lo) return { min: lo, max: lo, step: SECOND, values: [lo] };
  const raw = (hi - lo) / Math.max(1, count);
  if (raw < SECOND) return ticksWithin(lo, hi, count);
  const fixed = DURATIONS.find((d) => d >= raw);
  const values: number[] = [];
  if (fixed !== undefined) {
    const start = Math.ceil(lo / fixed) * fixed;
    for (let t = start; t <= hi; t += fixed) values.push(t);
    return { min: lo, max: hi, step: fixed, values };
  }
  // Months (1, 2, 3, 6) then years (nice steps of whole years).
  const months = [1, 2, 3, 6].find((m) => m * 30 * DAY >= raw);
  const d = new Date(lo);
  if (months !== undefined) {
    let y = d.getUTCFullYear();
    let m = Math.ceil((d.getUTCMonth() + (d.getUTCDate() > 1 || lo % DAY ? 1 : 0)) / months) * months;
    for (;;) {
      const t = Date.UTC(y + Math.floor(m / 12), m % 12, 1);
      if (t > hi) break;
      if (t >= lo) values.push(t);
      m += months;
      if (m >= 12) {
        y += Math.floor(m / 12);
        m %= 12;
      }
    }
    return { min: lo, max: hi, step: months * 30 * DAY, values };
  }
  const years = niceTicks(d.getUTCFullYear(), new Date(hi).getUTCFullYear(), count, true);
  for (const yv of years.values) {
    const t = Date.UTC(yv, 0, 1);
    if (t >= lo && t <= hi) values.push(t);
  }
  return { min: lo, max: hi, step: 365 * DAY * years.step, values };
}
