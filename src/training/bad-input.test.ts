import { describe, expect, it } from 'vitest';
import { createTable, dictionaryColumn, float64Column, tableFromRows } from '../data/index.js';
import { trainModel } from './train.js';

const good = () =>
  createTable(
    ['x', 'c', 'y'],
    [
      float64Column(Array.from({ length: 40 }, (_, i) => i / 10)),
      dictionaryColumn(Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? 'a' : 'b'))),
      float64Column(Array.from({ length: 40 }, (_, i) => (i > 20 ? 1 : 0))),
    ],
  );

describe('bad input', () => {
  it('a missing target column names the column and suggests the closest one', async () => {
    await expect(trainModel(good(), { target: 'Y', model: 'gbdt' })).rejects.toMatchObject({
      code: 'SCHEMA_MISMATCH',
      message: 'No column named "Y"',
      hint: expect.stringContaining('Did you mean "y"?'),
    });
  });

  it('text in a numeric feature names the value and the row', async () => {
    const values = Array.from({ length: 40 }, (_, i) => (i === 17 ? 'twelve' : String(i)));
    const t = createTable(
      ['x', 'y'],
      [dictionaryColumn(values), float64Column(Array.from({ length: 40 }, (_, i) => i % 2))],
    );
    await expect(trainModel(t, { target: 'y', model: 'linear' })).rejects.toMatchObject({
      code: 'SCHEMA_MISMATCH',
      where: { field: 'x', row: 17 },
      message: expect.stringContaining('"twelve" at row 17'),
    });
  });

  it('an all-NaN column is refused with a hint to exclude it; excluded, training works', async () => {
    const t = createTable(
      ['x', 'empty', 'y'],
      [good().columns[0]!, float64Column(new Array(40).fill(null)), good().columns[2]!],
    );
    await expect(trainModel(t, { target: 'y', model: 'mlp' })).rejects.toMatchObject({
      code: 'DATA_INVALID',
      message: 'Feature "empty" has no values: all 40 rows are null or NaN',
      hint: expect.stringContaining('--exclude empty'),
    });
    await expect(
      trainModel(t, { target: 'y', model: 'mlp', exclude: ['empty'], params: { epochs: 2 } }),
    ).resolves.toBeDefined();
  });

  it('a typo in exclude or categorical is an error with the closest name, as one in features is', async () => {
    const cases: Array<{
      name: string;
      spec: { exclude?: string[]; categorical?: string[]; features?: string[] };
    }> = [
      { name: 'C', spec: { exclude: ['C'] } },
      { name: 'xx', spec: { categorical: ['xx'] } },
      { name: 'cc', spec: { features: ['x', 'cc'] } },
    ];
    for (const { name, spec } of cases) {
      await expect(trainModel(good(), { target: 'y', model: 'linear', ...spec }), name).rejects.toMatchObject(
        {
          code: 'SCHEMA_MISMATCH',
          where: { field: name },
          message: expect.stringContaining(`"${name}"`),
          hint: expect.stringMatching(/^Did you mean "(c|x)"\?/),
        },
      );
    }
    await expect(trainModel(good(), { target: 'y', model: 'linear', exclude: ['c'] })).resolves.toBeDefined();
  });

  it('a single class is refused', async () => {
    const t = createTable(['x', 'y'], [float64Column([1, 2, 3]), dictionaryColumn(['yes', 'yes', 'yes'])]);
    await expect(trainModel(t, { target: 'y', model: 'linear' })).rejects.toMatchObject({
      code: 'DATA_INVALID',
      message: 'Target "y" has a single class (yes) in 3 rows',
    });
  });

  it('missing labels are refused with their count and the first row', async () => {
    const t = createTable(['x', 'y'], [float64Column([1, 2, 3, 4]), float64Column([0, null, 1, null])]);
    await expect(trainModel(t, { target: 'y', model: 'gbdt' })).rejects.toMatchObject({
      where: { field: 'y', row: 1 },
      message: expect.stringContaining('missing in 2 row(s)'),
    });
  });

  it('infinity in a feature is refused at training and at prediction', async () => {
    const t = createTable(
      ['x', 'y'],
      [float64Column([1, Number.POSITIVE_INFINITY, 3, 4]), float64Column([0, 1, 0, 1])],
    );
    await expect(trainModel(t, { target: 'y', model: 'linear' })).rejects.toMatchObject({
      where: { field: 'x', row: 1 },
    });
    for (const family of ['linear', 'gbdt', 'mlp'] as const) {
      const { model } = await trainModel(good(), {
        target: 'y',
        model: family,
        params: family === 'mlp' ? { epochs: 3 } : {},
      });
      expect(() => model.predict(tableFromRows([{ x: Number.NEGATIVE_INFINITY, c: 'a' }]))).toThrow(
        expect.objectContaining({ code: 'DATA_INVALID', where: { field: 'x', row: 0 } }),
      );
    }
  });

  it('NaN or null at prediction time gives a finite prediction (imputed, or the trees’ missing branch)', async () => {
    for (const family of ['linear', 'gbdt', 'mlp'] as const) {
      const { model } = await trainModel(good(), {
        target: 'y',
        model: family,
        params: family === 'mlp' ? { epochs: 3 } : {},
      });
      const p = model.predict(
        createTable(['x', 'c'], [float64Column([Number.NaN, null]), dictionaryColumn([null, 'never-seen'])]),
      ).values;
      expect(Array.from(p).every(Number.isFinite)).toBe(true);
      expect(Number.isFinite(model.predictRow({ x: Number.NaN, c: null })[0])).toBe(true);
    }
  });

  it('unknown parameters are refused with the accepted list', async () => {
    await expect(
      trainModel(good(), { target: 'y', model: 'gbdt', params: { max_detph: 3 } }),
    ).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      hint: expect.stringContaining('max_depth'),
    });
  });

  it('a validation set with a class training never saw is refused', async () => {
    const valid = createTable(
      ['x', 'c', 'y'],
      [float64Column([1]), dictionaryColumn(['a']), float64Column([7])],
    );
    await expect(trainModel(good(), { target: 'y', model: 'gbdt', validation: valid })).rejects.toMatchObject(
      { message: expect.stringContaining('class 7 at row 0, not seen in training') },
    );
  });
});
