/**
 * The families against the reference scores of BASELINES.md (reference.fixture.ts): the quick cases,
 * every family on the smaller datasets. Digits, the MLP on breast_cancer and the boosted trees on
 * diabetes take several seconds each and run in reference.heavy.test.ts (with the integration
 * tests); the slowest (the MLP on digits and diabetes) run in bench/train-small.bench.js.
 */
import { describe, expect, it } from 'vitest';
import { margin, REFERENCE, score } from './reference.fixture.js';

describe('families against the reference scores (BASELINES.md)', () => {
  it.each(['breast_cancer', 'iris', 'wine', 'diabetes'])('linear on %s', async (name) => {
    expect(await score(name, 'linear')).toBeGreaterThanOrEqual(REFERENCE[name]!.linear - margin(name));
  });

  it.each(['breast_cancer', 'iris', 'wine'])('gbdt on %s', async (name) => {
    expect(await score(name, 'gbdt')).toBeGreaterThanOrEqual(REFERENCE[name]!.trees - margin(name));
  });

  it.each(['iris', 'wine'])('mlp on %s', async (name) => {
    expect(await score(name, 'mlp')).toBeGreaterThanOrEqual(REFERENCE[name]!.mlp - margin(name));
  });
});
