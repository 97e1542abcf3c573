/**
 * The families against scikit-learn and XGBoost on the small public datasets of test/fixtures/data, with
 * the exact train/test split of BASELINES.md (train_test_split(test_size=0.25, random_state=0,
 * stratify=y), committed as fixtures/*.split.json by bench/peers/make-splits.py). Reference scores
 * are BASELINES.md's; a family may fall short by at most two test rows of accuracy (0.03 of R² on
 * diabetes). Shared by reference.test.ts (the quick cases, in the edit loop) and
 * reference.heavy.test.ts (digits, the MLP on breast_cancer and the boosted trees on diabetes:
 * several seconds each, run with the integration tests).
 */
import { readFileSync } from 'node:fs';
import { getColumn, numericValues, readTable, takeRows } from '../data/index.js';
import { accuracy, r2Score as r2 } from '../metrics/index.js';
import { predictedClasses } from '../models/index.js';
import type { FamilyName } from './params.js';
import { trainModel } from './train.js';

const DATA = new URL('../../test/fixtures/data/', import.meta.url);

/** BASELINES.md's test scores (accuracy; R² on diabetes) and each test split's row count. */
export const REFERENCE: Record<string, { linear: number; trees: number; mlp: number; test: number }> = {
  breast_cancer: { linear: 0.958, trees: 0.965, mlp: 0.951, test: 143 },
  iris: { linear: 0.9737, trees: 0.9474, mlp: 0.9737, test: 38 },
  wine: { linear: 1, trees: 1, mlp: 1, test: 45 },
  digits: { linear: 0.9711, trees: 0.9733, mlp: 0.9733, test: 450 },
  diabetes: { linear: 0.358, trees: 0.2122, mlp: 0.3023, test: 111 },
};

const PARAMS: Record<FamilyName, Record<string, unknown>> = {
  linear: {},
  gbdt: { n_estimators: 200, max_depth: 6, learning_rate: 0.1 },
  mlp: { hidden_layers: [64] },
};

/** How far below the reference a family may score: two test rows of accuracy, 0.03 of R². */
export const margin = (name: string) => (name === 'diabetes' ? 0.03 : 2 / REFERENCE[name]!.test + 1e-9);

/** The test score of `family` trained on dataset `name`'s training split. */
export async function score(
  name: string,
  family: FamilyName,
  params: Record<string, unknown> = {},
): Promise<number> {
  const table = await readTable(new URL(`${name}.csv`, DATA).pathname);
  const split = JSON.parse(readFileSync(new URL(`fixtures/${name}.split.json`, import.meta.url), 'utf8')) as {
    train: number[];
    test: number[];
  };
  const train = takeRows(table, split.train);
  const test = takeRows(table, split.test);
  const regression = name === 'diabetes';
  const { model } = await trainModel(train, {
    target: 'target',
    model: family,
    task: regression ? 'regression' : undefined,
    params: { ...PARAMS[family], ...params },
  });
  const y = numericValues(getColumn(test, 'target'));
  const p = model.predict(test);
  if (regression) return r2(y, p.values);
  const classes = model.schema.output.classes!;
  return accuracy(
    y,
    Array.from(predictedClasses(p), (k) => Number(classes[k])),
  );
}
