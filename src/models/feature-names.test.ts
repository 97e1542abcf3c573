import { describe, expect, it } from 'vitest';
import { FlywheelError } from '../core/errors.js';
import { createTable, float64Column } from '../data/index.js';
import { FeatureNames, featureNamesError, OPTIONAL_FEATURES_TAG, optionalFeatures } from './feature-names.js';
import { LinearScorer } from './linear.js';
import { createModel, type Model } from './model.js';
import type { ModelSchema } from './schema.js';
import { linearModel, treeModel } from './test-models.fixture.js';

/** A 30-feature linear model like the breast-cancer one (names with spaces), w·x over raw values. */
function wideModel(optional: string[] = []): Model {
  const names = Array.from({ length: 30 }, (_, i) => (i === 0 ? 'mean radius' : `feature ${i}`));
  const schema: ModelSchema = {
    features: names.map((name) => ({
      name,
      type: 'numeric',
      ...(optional.includes(name) ? { optional: true } : {}),
    })),
    output: { task: 'binary', target: 'y', classes: [0, 1] },
  };
  return createModel({
    family: 'linear',
    schema,
    steps: names.map((source) => ({ kind: 'numeric', source, impute: 0, center: 0, scale: 1 })),
    scorer: new LinearScorer(30, 1, new Float64Array(30).fill(0.01), Float64Array.of(0)),
  });
}

const fullRow = (model: Model): Record<string, number> =>
  Object.fromEntries(model.schema.features.map((f) => [f.name, 1]));

function thrown(f: () => unknown): FlywheelError {
  try {
    f();
  } catch (error) {
    if (error instanceof FlywheelError) return error;
    throw error;
  }
  throw new Error('expected a FlywheelError');
}

describe('FeatureNames', () => {
  const schema = wideModel().schema;

  it('finds missing features, unknown keys and a "did you mean" for a misspelt one', () => {
    const row: Record<string, number> = { ...fullRow(wideModel()), mean_radius: 14 };
    delete row['mean radius'];
    const check = new FeatureNames(schema).checkRow(row);
    expect(check.missing).toEqual(['mean radius']);
    expect(check.unknown).toEqual(['mean_radius']);
    const error = featureNamesError(
      check,
      schema.features.map((f) => f.name),
      'The row',
      'key',
    );
    expect(error.code).toBe('SCHEMA_MISMATCH');
    expect(error.message).toContain('did you mean "mean_radius" → "mean radius"');
    expect(error.details?.suggestions).toEqual({ mean_radius: 'mean radius', 'mean radius': 'mean_radius' });
  });

  it('accepts known extra names, or every extra name when told to', () => {
    const row = { ...fullRow(wideModel()), customer_id: 'c1' };
    expect(new FeatureNames(schema).checkRow(row).unknown).toEqual(['customer_id']);
    expect(new FeatureNames(schema, {}, { known: ['customer_id'] }).checkRow(row).unknown).toEqual([]);
    expect(new FeatureNames(schema, {}, { refuseUnknown: false }).checkRow(row).unknown).toEqual([]);
  });

  it('takes optional features from the schema and from the version tag', () => {
    const tagged = optionalFeatures(wideModel(['feature 3']).schema, {
      [OPTIONAL_FEATURES_TAG]: 'feature 7, not-a-feature',
    });
    expect(tagged.sort()).toEqual(['feature 3', 'feature 7']);
    const names = new FeatureNames(wideModel(['feature 3']).schema);
    const row: Record<string, number> = fullRow(wideModel());
    delete row['feature 3'];
    expect(names.checkRow(row)).toEqual({ missing: [], unknown: [], imputed: ['feature 3'] });
  });
});

describe('model.predictRow and predict refuse an absent feature', () => {
  it('predictRow with 2 of 30 features is refused, naming the 28 others', () => {
    const error = thrown(() => wideModel().predictRow({ 'mean radius': 14, 'feature 1': 2 }));
    expect(error.code).toBe('SCHEMA_MISMATCH');
    expect(error.message).toContain("lacks 28 of the model's 30 features");
    expect(error.details).toMatchObject({ missing: expect.any(Array) });
    expect((error.details!.missing as string[]).length).toBe(28);
  });

  it('a null value is a missing value (scored), an absent key is not', () => {
    expect(linearModel().predictRow({ x: null, c: null })[0]).toBeGreaterThan(0);
    expect(thrown(() => linearModel().predictRow({ x: 1 })).message).toContain('"c"');
    // Keys that are not features are ignored by the library (the server refuses them).
    expect(treeModel().predictRow({ x: 0.2, c: 'a', note: 'x' })[0]).toBe(-0.9);
  });

  it('predict(table) names every absent column at once', () => {
    const t = createTable(['mean_radius'], [float64Column([1, 2])]);
    const error = thrown(() => wideModel().predict(t));
    expect(error.message).toContain("lacks 30 of the model's 30 features");
    expect(error.details?.suggestions).toEqual({ mean_radius: 'mean radius', 'mean radius': 'mean_radius' });
  });

  it('an optional feature may be absent: scored as a missing value (imputed)', () => {
    const model = wideModel(['mean radius']);
    const row: Record<string, number | null> = fullRow(model);
    delete row['mean radius'];
    const absent = model.predictRow(row)[0];
    expect(absent).toBe(model.predictRow({ ...row, 'mean radius': null })[0]);
    const names = Object.keys(row);
    const t = createTable(
      names,
      names.map(() => float64Column([1])),
    );
    expect(model.predict(t).values[0]).toBe(absent);
  });

  it('the version tag makes a feature optional on the registry copy of the model', () => {
    const model = wideModel();
    const tagged: Model = { ...model, info: { ...model.info, [OPTIONAL_FEATURES_TAG]: 'mean radius' } };
    const row: Record<string, number> = fullRow(model);
    delete row['mean radius'];
    expect(() => model.predictRow(row)).toThrow(/lacks 1 of/);
    expect(tagged.predictRow(row)[0]).toBeGreaterThan(0);
  });
});
