import { describe, expect, it } from 'vitest';
import { createTable, float64Column } from '../data/index.js';
import type { LinearScorer } from '../models/index.js';
import { trainModel } from './train.js';

// Eight rows and the coefficients scikit-learn 1.2.1 fits on them (Debian python, tol 1e-10):
// LogisticRegression(C=1) → coef (1.32884752, 0.39833251), intercept −0.37042532;
// Ridge(alpha=1) → coef (1.2282621, 0.18212221), intercept 0.42305294;
// Lasso(alpha=0.5) → coef (0.97994987, 0), intercept 0.50375940.
const x1 = [0.5, 1.5, -1, 2, -0.5, 1, -2, 0];
const x2 = [1, -0.5, 2, 0, -1.5, 1, 0.5, -1];
const label = [1, 1, 0, 1, 0, 1, 0, 0];
const value = [1, 2.5, -0.5, 3, -1, 2, -2, 0.5];
const table = createTable(
  ['x1', 'x2', 'label', 'value'],
  [float64Column(x1), float64Column(x2), float64Column(label), float64Column(value)],
);

const fitLinear = async (target: string, params: Record<string, unknown>) => {
  const { model } = await trainModel(table, {
    target,
    model: 'linear',
    features: ['x1', 'x2'],
    task: target === 'label' ? 'binary' : 'regression',
    params: { standardize: false, tol: 1e-10, max_iter: 1000, ...params },
  });
  const s = model.scorer as LinearScorer;
  return [...Array.from(s.weights), s.bias[0]!];
};

describe('linear models', () => {
  it('logistic regression with L2 matches scikit-learn LogisticRegression(C=1)', async () => {
    const w = await fitLinear('label', { penalty: 'l2', alpha: 1 });
    for (const [i, v] of [1.32884752, 0.39833251, -0.37042532].entries()) expect(w[i]).toBeCloseTo(v, 6);
  });

  it('ridge regression matches scikit-learn Ridge(alpha=1)', async () => {
    const w = await fitLinear('value', { penalty: 'l2', alpha: 1 });
    for (const [i, v] of [1.2282621, 0.18212221, 0.4230529418].entries()) expect(w[i]).toBeCloseTo(v, 6);
  });

  it('L1 (OWL-QN) sets a coefficient exactly to zero, as scikit-learn Lasso(alpha=0.5) does', async () => {
    // scikit-learn's Lasso minimises (1/2n)‖y − Xw‖² + α‖w‖₁; ours (1/n)Σ½(y − z)² + (alpha/n)‖w‖₁, so alpha = n·α = 4.
    const w = await fitLinear('value', { penalty: 'l1', alpha: 4 });
    expect(w[0]).toBeCloseTo(0.97994987, 5);
    expect(w[1]).toBe(0);
    expect(w[2]).toBeCloseTo(0.5037594, 5);
  });

  it('elastic net lies between ridge and lasso and is deterministic', async () => {
    const a = await fitLinear('value', { penalty: 'elasticnet', alpha: 4, l1_ratio: 0.5 });
    const b = await fitLinear('value', { penalty: 'elasticnet', alpha: 4, l1_ratio: 0.5 });
    expect(a).toEqual(b);
    expect(a[0]).toBeLessThan(1.2282621);
    expect(a[0]).toBeGreaterThan(0.5);
  });

  it('fits softmax regression for three classes', async () => {
    const x = Array.from({ length: 90 }, (_, i) => (i % 3) * 2 + Math.sin(i) * 0.3);
    const t = createTable(
      ['x', 'k'],
      [float64Column(x), float64Column(Array.from({ length: 90 }, (_, i) => i % 3))],
    );
    const { model, metrics } = await trainModel(t, { target: 'k', model: 'linear', params: { alpha: 0.01 } });
    expect(model.schema.output.task).toBe('multiclass');
    expect(model.scorer.outputs).toBe(3);
    expect(metrics.train_accuracy).toBe(1);
  });
});
