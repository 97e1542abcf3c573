/**
 * A byte-level decoder for the common predict body, `{"rows": [{"f1": 1.5, "plan": "basic", …}, …]}`
 * where every row carries every feature, numeric ones as JSON numbers and categorical ones as JSON
 * strings: the values go straight from the request bytes into a row-major matrix (schema feature
 * order; a category as its code), with no parsed object and no per-row validation pass. It accepts
 * a strict subset of JSON and answers "not mine" (-1) for anything else — another key, a null, a
 * string for a number or a number for a category, an escape in a string or key, a missing,
 * repeated or unknown feature, a number that is not finite, malformed JSON — so those requests take
 * the reference decoder (JSON.parse and the request checks, decode.ts), which gives every error its message. What
 * it accepts, JSON.parse accepts with the same numbers (differential test in row-decoder.test.ts).
 *
 * Numbers: a mantissa below 2^53 with a decimal exponent within ±22 is converted with one correctly
 * rounded multiplication or division (Clinger's fast path, as V8 does); any other number goes
 * through `Number()` on its text, so every value is the double JSON.parse would give.
 */

import { exactQuotient } from './exact-decimal.js';

/** Rows decoded into a growable row-major matrix (`rows` × `width`). */
export class RowMatrix {
  values: Float64Array;
  rows = 0;

  constructor(
    readonly width: number,
    rows = 64,
  ) {
    this.values = new Float64Array(Math.max(1, rows) * width);
  }

  /** Make room for `more` rows beyond `rows`. */
  reserve(more: number): void {
    const need = (this.rows + more) * this.width;
    if (need <= this.values.length) return;
    const next = new Float64Array(Math.max(need, this.values.length * 2));
    next.set(this.values.subarray(0, this.rows * this.width));
    this.values = next;
  }
}

const POW10 = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
  1e20, 1e21, 1e22,
];
const TWO_53 = 2 ** 53;
const [QUOTE, COMMA, COLON, MINUS, PLUS, DOT, ZERO, NINE] = [34, 44, 58, 45, 43, 46, 48, 57];
const BACKSLASH = 92;
const [OPEN_OBJ, CLOSE_OBJ, OPEN_ARR, CLOSE_ARR, LOWER_E, UPPER_E] = [123, 125, 91, 93, 101, 69];
const ROWS_KEY = [QUOTE, ...Buffer.from('rows'), QUOTE];

/** Buffer's own byte-to-string method (Node has had it since 0.x; `toString('latin1')` calls it). */
type LatinSlicer = Buffer & { latin1Slice(start: number, end: number): string };

const isSpace = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;

/** Decodes predict bodies for one model's feature list (all numeric). */
export class RowDecoder {
  private readonly names: Uint8Array[];
  /** Feature index by the first byte of its name, then linear among those (names are few). */
  private readonly byFirst = new Map<number, number[]>();
  /** Per feature, the stamp of the row that set it (catches repeats and gaps without clearing). */
  private readonly seen: Int32Array;
  private stamp = 0;
  /** End of the number just read (a second return value, without allocating). */
  private end = 0;
  /** Where the rows array (`[` … `]`) of the last decoded body starts and ends (exclusive). */
  rowsStart = 0;
  rowsEnd = 0;

  /**
   * A decoder for rows of these features: a feature with a category lookup takes a JSON string
   * (stored as its code, −1 when unknown), any other a JSON number. Null when a feature name cannot
   * be matched byte for byte (it holds a quote, backslash or control character).
   */
  static create(
    features: readonly string[],
    categories: ReadonlyArray<ReadonlyMap<string, number> | null> = [],
  ): RowDecoder | null {
    if (features.length === 0) return null;
    const unmatchable = (f: string) => [...f].some((c) => c === '"' || c === '\\' || c.charCodeAt(0) < 0x20);
    if (features.some(unmatchable)) return null;
    return new RowDecoder(
      features,
      features.map((_, i) => categories[i] ?? null),
    );
  }

  private constructor(
    readonly features: readonly string[],
    private readonly categories: ReadonlyArray<ReadonlyMap<string, number> | null>,
  ) {
    this.names = features.map((f) => Buffer.from(f, 'utf8'));
    this.names.forEach((n, i) => {
      const first = n.length > 0 ? n[0]! : QUOTE;
      const list = this.byFirst.get(first) ?? [];
      list.push(i);
      this.byFirst.set(first, list);
    });
    this.seen = new Int32Array(features.length);
  }

  /**
   * Append the body's rows to `out` (values in feature order); returns the number of rows, or -1
   * when the body is not in the accepted subset (then `out` is as it was).
   */
  decode(b: Buffer, out: RowMatrix): number {
    const before = out.rows;
    const n = this.rowsOf(b, out);
    if (n < 0) out.rows = before;
    return n;
  }

  private rowsOf(b: Buffer, out: RowMatrix): number {
    const end = b.length;
    let i = skip(b, 0, end);
    if (b[i++] !== OPEN_OBJ) return -1;
    i = skip(b, i, end);
    for (const c of ROWS_KEY) if (b[i++] !== c) return -1;
    i = skip(b, i, end);
    if (b[i++] !== COLON) return -1;
    i = skip(b, i, end);
    if (b[i] !== OPEN_ARR) return -1;
    const rowsStart = i++;
    let rows = 0;
    for (;;) {
      i = skip(b, i, end);
      out.reserve(1);
      i = this.row(b, i, end, out.values, out.rows * out.width);
      if (i < 0) return -1;
      out.rows++;
      rows++;
      i = skip(b, i, end);
      const c = b[i++];
      if (c === CLOSE_ARR) break;
      if (c !== COMMA) return -1;
    }
    const rowsEnd = i;
    i = skip(b, i, end);
    if (b[i++] !== CLOSE_OBJ || skip(b, i, end) !== end) return -1;
    this.rowsStart = rowsStart;
    this.rowsEnd = rowsEnd;
    return rows;
  }

  /** One `{…}` row into values[o…]; returns the index after it, or -1. */
  private row(b: Buffer, i: number, end: number, values: Float64Array, o: number): number {
    if (b[i++] !== OPEN_OBJ) return -1;
    const stamp = ++this.stamp;
    const F = this.names.length;
    let expect = 0;
    for (let k = 0; k < F; k++) {
      i = skip(b, i, end);
      if (b[i++] !== QUOTE) return -1;
      // Clients usually send the features in schema order: try the next one first.
      const f = expect < F && this.nameAt(b, i, end, expect) ? expect : this.lookup(b, i, end);
      if (f < 0 || this.seen[f] === stamp) return -1;
      this.seen[f] = stamp;
      i += this.names[f]!.length + 1;
      expect = f + 1;
      i = skip(b, i, end);
      if (b[i++] !== COLON) return -1;
      i = skip(b, i, end);
      const lookup = this.categories[f];
      const v = lookup ? this.category(b, i, end, lookup) : this.number(b, i, end);
      if (this.end < 0 || !Number.isFinite(v)) return -1;
      values[o + f] = v;
      i = skip(b, this.end, end);
      const c = b[i++];
      if (c === CLOSE_OBJ) return k === F - 1 ? i : -1;
      if (c !== COMMA) return -1;
    }
    return -1;
  }

  /** Whether name f sits at b[i…], followed by its closing quote. */
  private nameAt(b: Uint8Array, i: number, end: number, f: number): boolean {
    const n = this.names[f]!;
    if (i + n.length >= end || b[i + n.length] !== QUOTE) return false;
    for (let k = 0; k < n.length; k++) if (b[i + k] !== n[k]) return false;
    return true;
  }

  private lookup(b: Uint8Array, i: number, end: number): number {
    const list = this.byFirst.get(b[i]!);
    if (list) for (const f of list) if (this.nameAt(b, i, end, f)) return f;
    return -1;
  }

  /** A JSON number at b[i…]; sets `end` after it, or to -1 when there is none. */
  private number(b: Buffer, i: number, end: number): number {
    // Past the end reads as 0 (no JSON number or structure byte is 0), so no read goes out of bounds.
    const start = i;
    let c = i < end ? b[i]! : 0;
    const negative = c === MINUS;
    if (negative) c = ++i < end ? b[i]! : 0;
    let m = 0;
    if (c === ZERO) c = ++i < end ? b[i]! : 0;
    else if (c > ZERO && c <= NINE) {
      do {
        m = m * 10 + (c - ZERO);
        c = ++i < end ? b[i]! : 0;
      } while (c >= ZERO && c <= NINE);
    } else return this.fail();
    let p = 0;
    if (c === DOT) {
      c = ++i < end ? b[i]! : 0;
      if (c < ZERO || c > NINE) return this.fail();
      do {
        m = m * 10 + (c - ZERO);
        p--;
        c = ++i < end ? b[i]! : 0;
      } while (c >= ZERO && c <= NINE);
    }
    if (c === LOWER_E || c === UPPER_E) {
      c = ++i < end ? b[i]! : 0;
      const minus = c === MINUS;
      if (minus || c === PLUS) c = ++i < end ? b[i]! : 0;
      if (c < ZERO || c > NINE) return this.fail();
      let e = 0;
      do {
        if (e < 100000) e = e * 10 + (c - ZERO);
        c = ++i < end ? b[i]! : 0;
      } while (c >= ZERO && c <= NINE);
      p += minus ? -e : e;
    }
    this.end = i;
    if (m < TWO_53 && p >= -22 && p <= 22) {
      const v = p < 0 ? m / POW10[-p]! : m * POW10[p]!;
      return negative ? -v : v;
    }
    // 16 to 19 digits over a power of ten: exact-decimal.ts, unless too near a rounding midpoint.
    if (p < 0 && p >= -22) {
      const v = longQuotient(b, start, i, -p);
      if (!Number.isNaN(v)) return negative ? -v : v;
    }
    // Too many digits or too large an exponent: the engine's own parse (latin1Slice is what
    // toString('latin1') calls, without its argument handling).
    return Number((b as LatinSlicer).latin1Slice(start, i));
  }

  /** A JSON string without escapes at b[i…] as its category code (−1: unknown); sets `end`. */
  private category(b: Buffer, i: number, end: number, lookup: ReadonlyMap<string, number>): number {
    if (b[i] !== QUOTE) return this.fail();
    const start = i + 1;
    for (let j = start; j < end; j++) {
      const c = b[j]!;
      if (c === QUOTE) {
        this.end = j + 1;
        return lookup.get(b.toString('utf8', start, j)) ?? -1;
      }
      if (c === BACKSLASH || c < 0x20) break;
    }
    return this.fail();
  }

  private fail(): number {
    this.end = -1;
    return 0;
  }
}

/**
 * The number at b[start…end) (digits, an optional point; no exponent, since k > 0 here) as its
 * significant digits over 10^k, through exactQuotient; NaN beyond 19 significant digits.
 */
function longQuotient(b: Buffer, start: number, end: number, k: number): number {
  let n = 0;
  let hi = 0;
  let lo = 0;
  for (let i = start; i < end; i++) {
    const c = b[i]!;
    if (c === LOWER_E || c === UPPER_E) return Number.NaN;
    if (c < ZERO || c > NINE || (n === 0 && c === ZERO)) continue;
    if (n < 11) hi = hi * 10 + (c - ZERO);
    else lo = lo * 10 + (c - ZERO);
    n++;
  }
  return n > 19 ? Number.NaN : exactQuotient(hi, lo, n - 11, k);
}

function skip(b: Uint8Array, i: number, end: number): number {
  while (i < end && isSpace(b[i]!)) i++;
  return i;
}
