/**
 * Correctly rounded decimal → double for what Clinger's fast path (mantissa below 2^53, one exact
 * multiplication or division) cannot take but JSON bodies hold all the time: 16 to 19 significant
 * digits over a power of ten up to 10^22, e.g. 0.10999999999999988 (the shortest round-trip text
 * of many doubles, as JSON.stringify and Python's repr write them).
 *
 * With m = A + B exactly (two doubles, from its two halves through Dekker's exact product and an
 * exact sum) and D = 10^k exact, q = RN(A/D) is within an ulp or so of m/D; the remainder
 * A − q·D is exactly representable and found exactly (exact product again), so the rest of the
 * quotient, δ = (A − q·D + B) / D, is known to about 2^-50 of an ulp. y = RN(q + δ) is then the
 * correctly rounded m/D unless m/D lies within 2^-20 of an ulp of the midpoint between y and its
 * neighbour: those (about one in a million) return NaN and the caller parses the text instead.
 * A differential test (exact-decimal.test.ts) checks millions of values against `Number()`.
 */

const SPLIT = 134217729; // 2^27 + 1 (Dekker's split)
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);
const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
const MARGIN = 0.5 - 2 ** -20;

/** The rounding error of the last `product` (a·b = product + ERR exactly). */
let ERR = 0;

/** fl(a·b), with the exact error in ERR (Dekker; exact unless it overflows or underflows). */
function product(a: number, b: number): number {
  const p = a * b;
  let c = SPLIT * a;
  const ah = c - (c - a);
  const al = a - ah;
  c = SPLIT * b;
  const bh = c - (c - b);
  const bl = b - bh;
  ERR = ah * bh - p + ah * bl + al * bh + al * bl;
  return p;
}

/**
 * (hi·10^j + lo) / 10^k correctly rounded, for integers hi < 10^11 and lo < 10^j, j ≤ 8, with the
 * mantissa at least 2^53, and 1 ≤ k ≤ 22; NaN when too close to a rounding midpoint to decide here.
 */
export function exactQuotient(hi: number, lo: number, j: number, k: number): number {
  // m = hi·10^j + lo (below 10^19) as A + B, exactly: the product's error and the sum's error are
  // integers below 2^11 each, so their sum is exact too.
  const p = product(hi, POW10[j]!);
  const e1 = ERR;
  const s = p + lo;
  const v = s - p;
  const e2 = p - (s - v) + (lo - v);
  const low = e1 + e2;
  const A = s + low;
  const B = low - (A - s);
  const D = POW10[k]!;
  const q = A / D;
  const qd = product(q, D);
  // A − q·D: the first difference is exact (Sterbenz), and the remainder of a rounded quotient is
  // representable, so the second is exact too.
  const r = A - qd - ERR;
  const delta = (r + B) / D;
  const y = q + delta;
  const t = q - y + delta;
  // The gap to y's neighbour on t's side: one ulp of y (half of one below a power of two), made
  // from y's exponent bits (y is normal here: m ≥ 2^53 and k ≤ 22 put it above 10^-7).
  bits[0] = y;
  const high = words[HI]!;
  const down = t < 0 && (high & 0xfffff) === 0 && words[1 - HI] === 0;
  words[HI] = (high & 0x7ff00000) - ((down ? 53 : 52) << 20);
  words[1 - HI] = 0;
  return Math.abs(t) >= bits[0]! * MARGIN ? Number.NaN : y;
}
