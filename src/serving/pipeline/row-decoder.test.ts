/**
 * The predict body decoder (row-decoder.ts) on hand-written bodies, and its randomized checks
 * (row-decoder.fixture.ts) at a tenth of their size; row-decoder.heavy.test.ts runs them in full.
 */
import { describe, expect, it } from 'vitest';
import { checkLongDecimals, checkMutatedBodies, decode, FEATURES, reference } from './row-decoder.fixture.js';
import { RowDecoder, RowMatrix } from './row-decoder.js';

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

  it('accepts only what JSON.parse accepts, with the same numbers (10,000 mutated bodies)', () => {
    // The first tenth of row-decoder.heavy.test.ts's 100,000 (838 stay valid with this seed: digits
    // changed, spaces added), so the comparison ran on real cases.
    expect(checkMutatedBodies(10_000)).toBeGreaterThan(500);
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
  it('equals Number() on 100,000 decimals of 16 to 19 digits, near-midpoints included', () => {
    // A tenth of row-decoder.heavy.test.ts's 1,000,000, from the same seeded generators (exactQuotient
    // decides 19,995 of the 20,000 quotients here).
    const { wrong, decided } = checkLongDecimals(60_000, 20_000, 20_000);
    expect(wrong).toEqual([]);
    expect(decided).toBeGreaterThan(19_900);
  });
});
