import { describe, expect, it } from 'vitest';
import { createRngForTest } from '../../models/test-rng.fixture.js';
import { exactQuotient } from './exact-decimal.js';
import { mutateText } from './mutate.fixture.js';
import { RowDecoder, RowMatrix } from './row-decoder.js';

const FEATURES = ['mean radius', 'f1', 'f10', 'x'];

function decode(text: string, features = FEATURES): { rows: number; values: number[] } {
  const d = RowDecoder.create(features)!;
  const out = new RowMatrix(features.length, 1);
  const rows = d.decode(Buffer.from(text, 'utf8'), out);
  return { rows, values: [...out.values.subarray(0, out.rows * features.length)] };
}

/** What JSON.parse gives for the same body, in feature order. */
function reference(text: string, features = FEATURES): number[] {
  const body = JSON.parse(text) as { rows: Array<Record<string, number>> };
  return body.rows.flatMap((row) => features.map((f) => row[f]!));
}

describe('the predict body decoder', () => {
  it('reads rows of numbers into feature order, whatever order and spacing the client used', () => {
    const text =
      '{"rows":[{"mean radius":1.5,"f1":-2,"f10":3e2,"x":0.1},\n' +
      ' { "x" : -0 , "f10":1E-3, "f1":12345678901234567890, "mean radius": 0.10999999999999988 }]}';
    const got = decode(text);
    expect(got.rows).toBe(2);
    expect(got.values).toEqual(reference(text));
    expect(Object.is(got.values[4 + 3], -0)).toBe(true);
  });

  it('leaves every body outside its subset to JSON.parse and the request checks (-1, nothing kept)', () => {
    const row = '"mean radius":1,"f1":2,"f10":3,"x":4';
    const refused = [
      `{"rows":[{${row},"extra":1}]}`, // a key that is not a feature
      '{"rows":[{"mean radius":1,"f1":2,"f10":3}]}', // a feature missing
      '{"rows":[{"mean radius":1,"f1":2,"f10":3,"x":4,"x":5}]}', // a feature twice
      '{"rows":[{"mean radius":null,"f1":2,"f10":3,"x":4}]}', // null
      '{"rows":[{"mean radius":"1","f1":2,"f10":3,"x":4}]}', // text
      '{"rows":[{"mean radius":[1],"f1":2,"f10":3,"x":4}]}', // nested
      '{"rows":[{"mean\\u0020radius":1,"f1":2,"f10":3,"x":4}]}', // an escape in a key
      '{"rows":[{"mean radius":1e400,"f1":2,"f10":3,"x":4}]}', // not finite
      '{"rows":[{"mean radius":01,"f1":2,"f10":3,"x":4}]}', // leading zero
      '{"rows":[{"mean radius":1.,"f1":2,"f10":3,"x":4}]}',
      '{"rows":[{"mean radius":.5,"f1":2,"f10":3,"x":4}]}',
      '{"rows":[{"mean radius":+1,"f1":2,"f10":3,"x":4}]}',
      '{"rows":[{"mean radius":-,"f1":2,"f10":3,"x":4}]}',
      '{"rows":[{"mean radius":1e,"f1":2,"f10":3,"x":4}]}',
      '{"rows":[{"mean radius":NaN,"f1":2,"f10":3,"x":4}]}',
      '{"rows":[{"mean radius":Infinity,"f1":2,"f10":3,"x":4}]}',
      '{"rows":[]}',
      `{"rows":[{${row}}],"id":1}`,
      `{"rows":[{${row}}]}x`,
      `{"rows":[{${row}},]}`,
      `{"rows":[{${row}}]`,
      `{"rows":[{${row}`,
      `{"rows":[{${row},}]}`,
      `{"Rows":[{${row}}]}`,
      `[{${row}}]`,
      '',
    ];
    const d = RowDecoder.create(FEATURES)!;
    const out = new RowMatrix(FEATURES.length, 1);
    expect(d.decode(Buffer.from(`{"rows":[{${row}}]}`), out)).toBe(1);
    for (const text of refused) {
      expect(d.decode(Buffer.from(text), out), text).toBe(-1);
      expect(out.rows, text).toBe(1);
    }
  });

  it('accepts only what JSON.parse accepts, with the same numbers (100,000 mutated bodies)', () => {
    const rnd = createRngForTest(7);
    const alphabet = '{}[]":,.-+eE0123456789 \n\tfx1rows\\nul';
    const valid = '{"rows":[{"mean radius":-1.25e-3,"f1":0.3,"f10":17,"x":4.000000000000001}]}';
    let accepted = 0;
    for (let n = 0; n < 100_000; n++) {
      const text = mutateText(valid, rnd, alphabet, 1 + Math.floor(rnd() * 3));
      const got = decode(text);
      if (got.rows < 0) continue;
      accepted++;
      expect(got.values, text).toEqual(reference(text));
    }
    // Many mutations stay valid (digits changed, spaces added): the comparison ran on real cases.
    expect(accepted).toBeGreaterThan(5_000);
  });

  it('reads a categorical feature as the code of its category (−1 when unknown), text without escapes only', () => {
    const lookup = new Map([
      ['basic', 0],
      ['pro', 1],
      ['été', 2],
    ]);
    const d = RowDecoder.create(['x', 'plan'], [null, lookup])!;
    const out = new RowMatrix(2, 1);
    const text =
      '{"rows":[{"x":1,"plan":"pro"},{"plan":"été","x":2},{"x":3,"plan":"gold"},{"x":4,"plan":""}]}';
    expect(d.decode(Buffer.from(text), out)).toBe(4);
    expect([...out.values.subarray(0, 8)]).toEqual([1, 1, 2, 2, 3, -1, 4, -1]);
    for (const bad of [
      '{"rows":[{"x":1,"plan":"p\\u0072o"}]}', // an escape: JSON.parse's job
      '{"rows":[{"x":1,"plan":"pro\n"}]}', // a raw control character: invalid JSON
      '{"rows":[{"x":1,"plan":7}]}', // a number for a category
      '{"rows":[{"x":"1","plan":"pro"}]}', // a string for a number
      '{"rows":[{"x":1,"plan":"pro}]}', // unterminated
      '{"rows":[{"x":1,"plan":null}]}',
    ]) {
      out.rows = 0;
      expect(d.decode(Buffer.from(bad), out), bad).toBe(-1);
      expect(out.rows).toBe(0);
    }
  });

  it('needs names it can match byte for byte', () => {
    expect(RowDecoder.create(['a"b'])).toBeNull();
    expect(RowDecoder.create(['a\\b'])).toBeNull();
    expect(RowDecoder.create([])).toBeNull();
    expect(decode('{"rows":[{"größe":2.5}]}', ['größe'])).toEqual({ rows: 1, values: [2.5] });
  });
});

describe('correctly rounded long decimals', () => {
  it('equals Number() on 1,000,000 decimals of 16 to 19 digits, near-midpoints included', () => {
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
    for (let n = 0; n < 600_000; n++) {
      // Random digit strings: 16–19 significant digits, the point anywhere inside.
      let s = String(1 + Math.floor(rnd() * 9));
      const digits = 15 + Math.floor(rnd() * 4);
      for (let k = 0; k < digits; k++) s += Math.floor(rnd() * 10);
      const dot = 1 + Math.floor(rnd() * Math.min(s.length - 1, 8));
      const text = `${s.slice(0, dot)}.${s.slice(dot)}`;
      check(n % 2 === 0 ? text : `-${text}`);
    }
    for (let n = 0; n < 200_000; n++) {
      // Midpoints of neighbouring doubles written to 17–19 digits: the hardest cases to round.
      const x = rnd() * 1000;
      const mid = x + x * 2 ** -53;
      check(mid.toPrecision(17 + (n % 3)));
      check(String(x));
    }
    // exactQuotient decides all but a sliver itself (the rest go to Number()).
    for (let n = 0; n < 200_000; n++) {
      const hi = 10_000_000_000 + Math.floor(rnd() * 89_999_999_999);
      const lo = Math.floor(rnd() * 1e8);
      const k = 1 + Math.floor(rnd() * 22);
      const v = exactQuotient(hi, lo, 8, k);
      if (Number.isNaN(v)) continue;
      decided++;
      const text = `${hi}${String(lo).padStart(8, '0')}e-${k}`;
      if (v !== Number(text)) wrong.push(text);
    }
    expect(wrong).toEqual([]);
    expect(decided).toBeGreaterThan(199_000);
  });
});
