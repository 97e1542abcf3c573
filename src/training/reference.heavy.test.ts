/**
 * The families against the reference scores of BASELINES.md (reference.fixture.ts): the cases that
 * take several seconds each (digits: 1,347 training rows of 64 features, 10 classes; the MLP on
 * breast_cancer; the boosted trees on diabetes twice). A `.heavy` test: it runs with the integration
 * tests, reference.test.ts runs the quick cases in the edit loop.
 */
import { describe, expect, it } from 'vitest';
import { margin, REFERENCE, score } from './reference.fixture.js';

describe('families against the reference scores (BASELINES.md), the slower cases', () => {
  it('linear on digits', async () => {
    expect(await score('digits', 'linear')).toBeGreaterThanOrEqual(
      REFERENCE.digits!.linear - margin('digits'),
    );
  });

  it('gbdt on digits', async () => {
    expect(await score('digits', 'gbdt')).toBeGreaterThanOrEqual(REFERENCE.digits!.trees - margin('digits'));
  });

  it('gbdt on diabetes: with XGBoost 1.7’s starting point (base_score 0.5) it matches XGBoost', async () => {
    // XGBoost's 0.2122 comes from boosting from 0.5 on a target near 150; started from the mean, as
    // Flywheel starts by default, XGBoost itself scores 0.1156 (measured with the Debian build).
    expect(await score('diabetes', 'gbdt', { base_score: 0.5 })).toBeGreaterThanOrEqual(
      REFERENCE.diabetes!.trees - 0.03,
    );
    expect(await score('diabetes', 'gbdt')).toBeGreaterThanOrEqual(0.1156 - 0.03);
  });

  it('mlp on breast_cancer', async () => {
    expect(await score('breast_cancer', 'mlp')).toBeGreaterThanOrEqual(
      REFERENCE.breast_cancer!.mlp - margin('breast_cancer'),
    );
  });
});
