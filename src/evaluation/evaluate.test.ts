import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readTable, type Table, takeRows } from '../data/index.js';
import { accuracy, rocAuc } from '../metrics/index.js';
import type { Model } from '../models/index.js';
import { trainModel } from '../training/index.js';
import type { BaselineTrainer } from './baselines.js';
import { evaluateModel } from './evaluate.js';
import { parseRequirement } from './requirements.js';
import { parseSlice } from './slices.js';

// breast_cancer (test/fixtures/data) with the peer baselines' split (train_test_split(test_size=0.25,
// random_state=0, stratify=y)), stored by the training module's fixtures; the training rows are
// split again (seeded) into fit and validation rows for choosing operating points.
const DATA = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'data', 'breast_cancer.csv');
const SPLIT = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', 'training', 'fixtures', 'breast_cancer.split.json'), 'utf8'),
);

let model: Model;
let fit: Table;
let valid: Table;
let test: Table;

beforeAll(async () => {
  const all = await readTable(DATA);
  const train = takeRows(all, SPLIT.train);
  test = takeRows(all, SPLIT.test);
  fit = takeRows(
    train,
    Array.from({ length: 300 }, (_, i) => i),
  );
  valid = takeRows(
    train,
    Array.from({ length: train.rowCount - 300 }, (_, i) => 300 + i),
  );
  model = (await trainModel(fit, { target: 'target', model: 'linear', seed: 0 })).model;
});

describe('evaluateModel', () => {
  it('reports the metric set, equal to computing each metric directly', async () => {
    const report = await evaluateModel(model, test, { baselines: false });
    const y = Float64Array.from({ length: test.rowCount }, (_, r) =>
      Number((test.columns[test.names.indexOf('target')]! as { values: Float64Array }).values[r]),
    );
    const p = model.predict(test).values;
    expect(report.metrics.roc_auc).toBe(rocAuc(y, p));
    expect(report.metrics.accuracy).toBe(
      accuracy(
        y,
        p.map((v) => (v >= 0.5 ? 1 : 0)),
      ),
    );
    expect(report.metrics.roc_auc).toBeGreaterThan(0.98);
    expect(report.rows).toBe(143);
  });

  it("gives the training run's train_auc and train_logloss: one metrics module for both", async () => {
    // The same rows (fit, no validation split) scored by the run and by `flywheel eval`.
    const outcome = await trainModel(fit, {
      target: 'target',
      model: 'gbdt',
      seed: 3,
      params: { n_estimators: 20 },
    });
    const report = await evaluateModel(outcome.model, fit, { baselines: false });
    expect(outcome.metrics.train_auc).toBe(report.metrics.roc_auc);
    expect(outcome.metrics.train_logloss).toBe(report.metrics.log_loss);
    expect(outcome.metrics.train_accuracy).toBe(report.metrics.accuracy);
    expect(outcome.metrics.train_auc).toBeGreaterThan(0.9);
    expect(outcome.metrics.train_auc).toBeLessThan(1);
  });

  it('always includes baselines and the lift over each', async () => {
    // The linear baseline's trainer is injected (the platform passes training's).
    const trainBaseline: BaselineTrainer = async (rows, spec) =>
      (await trainModel(rows, { ...spec, model: 'linear' })).model;
    expect((await evaluateModel(model, test)).baselines.map((b) => b.name)).toEqual(['prior', 'stratified']);
    const report = await evaluateModel(model, test, { trainBaseline });
    const names = report.baselines.map((b) => b.name);
    expect(names).toEqual(['prior', 'stratified', 'linear']);
    const prior = report.baselines[0]!;
    expect(prior.metrics.roc_auc).toBe(0.5); // constant scores rank nothing
    expect(prior.metrics.accuracy).toBeCloseTo(90 / 143, 12); // the majority class (benign) share of the test rows
    expect(report.lift.prior!.roc_auc).toBeCloseTo(report.metrics.roc_auc! - 0.5, 12);
    expect(report.lift.prior!.log_loss).toBeGreaterThan(0); // error metrics: positive lift means lower loss
  });

  it('computes slices, flags the clearly worse ones, and refuses bad slice syntax', async () => {
    const report = await evaluateModel(model, test, {
      slices: ['`mean radius` > 15', 'target'],
      baselines: false,
    });
    const big = report.slices.find((s) => s.name === '`mean radius` > 15')!;
    const expected = Array.from({ length: test.rowCount }).filter(
      (_, r) => (test.columns[0] as { values: Float64Array }).values[r]! > 15,
    ).length;
    expect(big.rows).toBe(expected);
    const byTarget = report.slices.filter((s) => s.name.startsWith('target ='));
    expect(byTarget.map((s) => s.rows).sort()).toEqual([53, 90]);
    expect(byTarget[0]!.metrics.roc_auc).toBeUndefined(); // one class in the slice: undefined, not NaN
    expect(() => parseSlice('age >> 3')).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('fails requirements that are not met, and passes those that are', async () => {
    const report = await evaluateModel(model, test, {
      requirements: [parseRequirement('roc_auc >= 0.9'), parseRequirement('>= 0.9999', 'recall')],
      baselines: false,
    });
    expect(report.requirements.map((r) => r.passed)).toEqual([true, report.metrics.recall! >= 0.9999]);
    expect(report.passed).toBe(report.metrics.recall! >= 0.9999);
    expect(() => parseRequirement('auc is good')).toThrowError(/cannot read requirement/);
  });

  it('picks a recall >= 0.99 threshold on validation rows that holds on test within its stated interval', async () => {
    const report = await evaluateModel(model, test, {
      operating: { target: { kind: 'recall', min: 0.99 }, validation: valid },
      baselines: false,
    });
    const op = report.operating!;
    expect(op.validation.recall).toBeGreaterThanOrEqual(0.99);
    expect(report.threshold).toBe(op.validation.threshold);
    // With ~80 validation positives, "recall >= 0.99" is itself uncertain; the report states the 95%
    // Wilson intervals on both sides, and the test rates must agree with validation within them.
    expect(op.validation.recallInterval[0]).toBeLessThan(op.validation.recall);
    expect(op.consistent).toBe(true);
    expect(op.test.recallInterval[1]).toBeGreaterThanOrEqual(op.validation.recallInterval[0]);
    expect(op.test.recall).toBeGreaterThan(0.9);
    expect(op.curve).toHaveLength(101);
  });

  it('reports the coverage–accuracy trade-off of a confidence policy', async () => {
    const report = await evaluateModel(model, test, {
      policy: { below: 0.9, action: 'human' },
      baselines: false,
    });
    const c = report.confidence!;
    const at = c.curve.find((p) => p.threshold === 0.9)!;
    expect(c.abstentionRate).toBeCloseTo(1 - at.coverage, 12);
    expect(c.acceptedAccuracy).toBeGreaterThanOrEqual(report.metrics.accuracy!); // the confident share is at least as accurate
    const coverages = c.curve.map((p) => p.coverage);
    expect([...coverages].sort((a, b) => b - a)).toEqual(coverages); // coverage falls as the threshold rises
  });
});
