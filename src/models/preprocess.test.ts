import { describe, expect, it } from 'vitest';
import { createTable, dictionaryColumn, float64Column, tableFromRows } from '../data/index.js';
import { allFinite, Preprocessor, type PreprocessStep } from './preprocess.js';

describe('allFinite', () => {
  it('finds a NaN or an infinity at any position of the range, and only inside it', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      for (let at = 0; at < 11; at++) {
        const values = Float64Array.from({ length: 11 }, (_, i) => i - 5.5);
        expect(allFinite(values, 0, 11)).toBe(true);
        values[at] = bad;
        expect(allFinite(values, 0, 11)).toBe(false);
        expect(allFinite(values, at + 1, 11)).toBe(true);
        expect(allFinite(values, 0, at)).toBe(true);
      }
    }
    expect(allFinite(Float64Array.of(Number.MAX_VALUE, -Number.MAX_VALUE, -0), 0, 3)).toBe(true);
  });
});

describe('Preprocessor', () => {
  it('imputes, standardises and encodes categories (hand-computed)', () => {
    const pre = new Preprocessor([
      { kind: 'numeric', source: 'x', impute: 4, center: 2, scale: 4 },
      { kind: 'onehot', source: 'c', categories: ['a', 'b'] },
      { kind: 'ordinal', source: 'c', categories: ['a', 'b'] },
      { kind: 'target', source: 'c', categories: ['a', 'b'], values: [0.9, 0.2], prior: [0.5] },
    ]);
    const t = tableFromRows([
      { x: 6, c: 'b' },
      { x: null, c: 'zz' },
      { x: -2, c: null },
    ]);
    expect(pre.width).toBe(5);
    expect(pre.outputNames).toEqual(['x', 'c=a', 'c=b', 'c', 'c#te']);
    // x' = (x − 2)/4 with null → 4; unknown/missing: one-hot zeros, ordinal NaN, target prior.
    expect(Array.from(pre.transform(t))).toEqual([
      1,
      0,
      1,
      1,
      0.2,
      0.5,
      0,
      0,
      Number.NaN,
      0.5,
      -1,
      0,
      0,
      Number.NaN,
      0.5,
    ]);
    const row = new Float64Array(5);
    expect(Array.from(pre.transformRow({ x: 6, c: 'b' }, row))).toEqual([1, 0, 1, 1, 0.2]);
  });

  it('keeps NaN for the trees when there is no imputation value', () => {
    const pre = new Preprocessor([{ kind: 'numeric', source: 'x', impute: null, center: 0, scale: 1 }]);
    expect(Array.from(pre.transform(tableFromRows([{ x: null }, { x: 2 }])))).toEqual([Number.NaN, 2]);
  });

  it('matches numeric categories by their text', () => {
    const pre = new Preprocessor([{ kind: 'onehot', source: 'k', categories: ['1', '2'] }]);
    expect(Array.from(pre.transform(createTable(['k'], [float64Column([2, 1, 3])])))).toEqual([
      0, 1, 1, 0, 0, 0,
    ]);
    expect(Array.from(pre.transformRow({ k: 2 }, new Float64Array(2)))).toEqual([0, 1]);
  });

  it('rejects infinity with the row and column', () => {
    const pre = new Preprocessor([{ kind: 'numeric', source: 'x', impute: 0, center: 0, scale: 1 }]);
    expect(() => pre.transform(createTable(['x'], [float64Column([1, Number.POSITIVE_INFINITY])]))).toThrow(
      expect.objectContaining({ code: 'DATA_INVALID', where: { field: 'x', row: 1 } }),
    );
    expect(() => pre.transformRow({ x: Number.NEGATIVE_INFINITY }, new Float64Array(1))).toThrow(/-Infinity/);
  });

  it('rejects text in a numeric feature, naming the value and the row', () => {
    const pre = new Preprocessor([{ kind: 'numeric', source: 'x', impute: 0, center: 0, scale: 1 }]);
    const t = createTable(['x'], [dictionaryColumn(['1.5', '2', 'n/a', '3'])]);
    expect(() => pre.transform(t)).toThrow(
      expect.objectContaining({
        code: 'SCHEMA_MISMATCH',
        message: expect.stringContaining('"n/a" at row 2'),
      }),
    );
    expect(() => pre.transformRow({ x: 'abc' }, new Float64Array(1))).toThrow(
      /numeric but got the text "abc"/,
    );
  });

  it('names a missing column with a suggestion', () => {
    const pre = new Preprocessor([{ kind: 'numeric', source: 'age', impute: 0, center: 0, scale: 1 }]);
    expect(() => pre.transform(tableFromRows([{ agee: 1 }]))).toThrow(
      expect.objectContaining({ code: 'SCHEMA_MISMATCH', hint: expect.stringContaining('"agee"') }),
    );
  });

  it('a float64 column without nulls: NaN imputed and Infinity refused after the fast loop', () => {
    // NaN (not null) and Infinity in a column whose nulls are null take the tight loop first, which
    // sees them and hands the block to the careful one. x' = (x − 1)/2, NaN → the impute value 5.
    const pre = new Preprocessor([{ kind: 'numeric', source: 'x', impute: 5, center: 1, scale: 2 }]);
    const t = createTable(['x'], [float64Column([3, Number.NaN, -1])]);
    expect(t.columns[0]!.kind === 'float64' && t.columns[0]!.nulls).toBeNull();
    expect(Array.from(pre.transform(t))).toEqual([1, 2, -1]);
    const inf = createTable(['x'], [float64Column([3, 2, Number.POSITIVE_INFINITY])]);
    expect(() => pre.transform(inf)).toThrow(
      expect.objectContaining({ code: 'DATA_INVALID', message: 'Feature "x" has +Infinity at row 2' }),
    );
  });
});

describe('rows decoded straight from a request (rawPlan / transformRaw)', () => {
  const steps: PreprocessStep[] = [
    { kind: 'numeric', source: 'x', impute: 0, center: 1, scale: 2 },
    { kind: 'onehot', source: 'c', categories: ['a', 'b'] },
    { kind: 'target', source: 'd', categories: ['u'], values: [0.8], prior: [0.3] },
  ];
  const features = [
    { name: 'c', type: 'categorical' as const },
    { name: 'x', type: 'numeric' as const },
    { name: 'd', type: 'categorical' as const },
  ];
  it('writes what transformRow writes for the same rows', () => {
    const p = new Preprocessor(steps);
    const plan = p.rawPlan(features)!;
    expect([...plan.sources]).toEqual([1, 0, 2]);
    // Rows in feature order (c, x, d), categories as codes (-1 unknown).
    const raw = Float64Array.of(1, 5, 0, -1, -3, -1);
    const out = new Float64Array(2 * p.width);
    p.transformRaw(raw, 2, 3, plan, out);
    const a = p.transformRow({ c: 'b', x: 5, d: 'u' }, new Float64Array(p.width));
    const b = p.transformRow({ c: 'zz', x: -3, d: 'zz' }, new Float64Array(p.width));
    expect([...out]).toEqual([...a, ...b]);
  });
  it('declines features it cannot map one to one', () => {
    const p = new Preprocessor(steps);
    expect(p.rawPlan([...features, { name: 'unused', type: 'numeric' }])).toBeNull();
    expect(p.rawPlan(features.map((f) => (f.name === 'x' ? { ...f, type: 'categorical' } : f)))).toBeNull();
    expect(p.rawPlan(features.filter((f) => f.name !== 'd'))).toBeNull();
    const twice = new Preprocessor([...steps, { kind: 'ordinal', source: 'c', categories: ['b'] }]);
    expect(twice.rawPlan(features)).toBeNull();
  });
});
