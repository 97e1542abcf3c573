/** Fitting the preprocessing steps: standardisation statistics, with and without missing values. */
import { describe, expect, it } from 'vitest';
import { createTable, float64Column } from '../data/index.js';
import { type FeatureOptions, fitSteps, selectFeatures } from './features.js';
import { readTarget } from './target.js';

const options: FeatureOptions = {
  exclude: [],
  categorical: [],
  encoding: 'onehot',
  standardize: true,
  impute: true,
  maxCategories: 256,
};

const stepOf = (values: number[]) => {
  const table = createTable(['x'], [float64Column(values)]);
  return fitSteps(table, selectFeatures(table, options), options, new Float64Array(values.length), 1)[0]!;
};

describe('fitSteps', () => {
  it('standardises with the population mean and standard deviation (hand-computed)', () => {
    // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, variance 32/8 = 4, std 2.
    expect(stepOf([2, 4, 4, 4, 5, 5, 7, 9])).toEqual({
      kind: 'numeric',
      source: 'x',
      impute: 5,
      center: 5,
      scale: 2,
    });
  });

  it('skips NaN when the column has no null mask, and refuses Infinity', () => {
    // NaN sends the column from the tight loop to the careful one: mean of 1, 3 is 2, std 1.
    expect(stepOf([Number.NaN, 1, 3])).toMatchObject({ impute: 2, center: 2, scale: 1 });
    expect(() => stepOf([1, Number.NEGATIVE_INFINITY])).toThrow('Feature "x" has -Infinity at row 1');
  });
});

describe('readTarget', () => {
  it('numeric labels become sorted class indices; many distinct values a regression', () => {
    const t = createTable(['y'], [float64Column([3, 1, 3, 2, 1, -0])]);
    // Classes −0/0, 1, 2, 3 (−0 and 0 are one class, known as 0).
    expect(readTarget(t, 'y')).toEqual({
      task: 'multiclass',
      classes: [0, 1, 2, 3],
      y: Float64Array.of(3, 1, 3, 2, 1, 0),
    });
    const many = createTable(['y'], [float64Column(Array.from({ length: 30 }, (_, i) => i))]);
    expect(readTarget(many, 'y').task).toBe('regression');
    const wide = createTable(['y'], [float64Column(Array.from({ length: 30 }, (_, i) => i % 20))]);
    expect(readTarget(wide, 'y', 'multiclass').classes).toHaveLength(20);
  });
});

describe('selectFeatures and optional_features (issue 24 #5)', () => {
  const table = createTable(
    ['a', 'b', 'y'],
    [float64Column([1, 2]), float64Column([3, 4]), float64Column([0, 1])],
  );
  const base: FeatureOptions = { ...options, exclude: ['y'], standardize: false };

  it('marks the listed features optional in the schema', () => {
    expect(selectFeatures(table, { ...base, optional: ['b'] })).toEqual([
      { name: 'a', type: 'numeric' },
      { name: 'b', type: 'numeric', optional: true },
    ]);
  });

  it('refuses an optional name that is not a feature, or not a column (with a did-you-mean)', () => {
    expect(() => selectFeatures(table, { ...base, optional: ['y'] })).toThrow(/"y" is not a feature/);
    expect(() => selectFeatures(table, { ...base, optional: ['bb'] })).toThrow(/optional column "bb"/);
  });
});
