/**
 * The row decoder's randomized checks, at a size the caller picks: row-decoder.test.ts runs a tenth
 * of each in the edit loop, row-decoder.heavy.test.ts the full count with the integration tests.
 * The generators are seeded, so a run is repeatable, and the smaller run of mutated bodies is the
 * first tenth of the full one.
 */
import { expect } from 'vitest';
import { createRngForTest } from '../../models/test-rng.fixture.js';
import { exactQuotient } from './exact-decimal.js';
import { mutateText } from './mutate.fixture.js';
import { RowDecoder, RowMatrix } from './row-decoder.js';

export const FEATURES = ['mean radius', 'f1', 'f10', 'x'];

/** What the decoder reads from `text`: the row count (-1: declined) and the values in feature order. */
export function decode(text: string, features = FEATURES): { rows: number; values: number[] } {
  const d = RowDecoder.create(features)!;
  const out = new RowMatrix(features.length, 1);
  const rows = d.decode(Buffer.from(text, 'utf8'), out);
  return { rows, values: [...out.values.subarray(0, out.rows * features.length)] };
}

/** What JSON.parse gives for the same body, in feature order. */
export function reference(text: string, features = FEATURES): number[] {
  const body = JSON.parse(text) as { rows: Array<Record<string, number>> };
  return body.rows.flatMap((row) => features.map((f) => row[f]!));
}

/**
 * `count` bodies, each a valid one with one to three random edits: every body the decoder accepts
 * JSON.parse accepts too, with the same numbers. Returns how many it accepted.
 */
export function checkMutatedBodies(count: number): number {
  const rnd = createRngForTest(7);
  const alphabet = '{}[]":,.-+eE0123456789 \n\tfx1rows\\nul';
  const valid = '{"rows":[{"mean radius":-1.25e-3,"f1":0.3,"f10":17,"x":4.000000000000001}]}';
  let accepted = 0;
  for (let n = 0; n < count; n++) {
    const text = mutateText(valid, rnd, alphabet, 1 + Math.floor(rnd() * 3));
    const got = decode(text);
    if (got.rows < 0) continue;
    accepted++;
    expect(got.values, text).toEqual(reference(text));
  }
  return accepted;
}

/**
 * Long decimals read exactly as Number() reads them: `random` random decimals of 16 to 19
 * significant digits, `midpoints` near-midpoints of neighbouring doubles (and the doubles), and
 * `quotients` direct calls of exactQuotient. Returns the texts read wrong and how many of the
 * quotients exactQuotient decided itself (the rest go to Number()).
 */
export function checkLongDecimals(random: number, midpoints: number, quotients: number) {
  const rnd = createRngForTest(11);
  let decided = 0;
  const d = RowDecoder.create(['v'])!;
  const out = new RowMatrix(1, 1);
  const wrong: string[] = [];
  const check = (text: string) => {
    out.rows = 0;
    const ok = d.decode(Buffer.from(`{"rows":[{"v":${text}}]}`), out) === 1;
    if (!ok || !Object.is(out.values[0], Number(text))) wrong.push(text);
  };
  for (let n = 0; n < random; n++) {
    // Random digit strings: 16–19 significant digits, the point anywhere inside.
    let s = String(1 + Math.floor(rnd() * 9));
    const digits = 15 + Math.floor(rnd() * 4);
    for (let k = 0; k < digits; k++) s += Math.floor(rnd() * 10);
    const dot = 1 + Math.floor(rnd() * Math.min(s.length - 1, 8));
    const text = `${s.slice(0, dot)}.${s.slice(dot)}`;
    check(n % 2 === 0 ? text : `-${text}`);
  }
  for (let n = 0; n < midpoints; n++) {
    // Midpoints of neighbouring doubles written to 17–19 digits: the hardest cases to round.
    const x = rnd() * 1000;
    const mid = x + x * 2 ** -53;
    check(mid.toPrecision(17 + (n % 3)));
    check(String(x));
  }
  // exactQuotient decides all but a sliver itself (the rest go to Number()).
  for (let n = 0; n < quotients; n++) {
    const hi = 10_000_000_000 + Math.floor(rnd() * 89_999_999_999);
    const lo = Math.floor(rnd() * 1e8);
    const k = 1 + Math.floor(rnd() * 22);
    const v = exactQuotient(hi, lo, 8, k);
    if (Number.isNaN(v)) continue;
    decided++;
    const text = `${hi}${String(lo).padStart(8, '0')}e-${k}`;
    if (v !== Number(text)) wrong.push(text);
  }
  return { wrong, decided };
}
