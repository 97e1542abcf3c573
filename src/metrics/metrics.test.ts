// Every metric against scikit-learn 1.2.1 on fixtures made by fixtures/make-fixtures.py
// (random data with a fixed seed; binary scores rounded to 2 decimals so many rows tie).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRng, SORT_RADIX_MIN } from '../core/index.js';
import {
  accuracy,
  averagePrecision,
  balancedAccuracy,
  brierScore,
  confusionMatrix,
  logLossBinary,
  logLossMulticlass,
  meanAbsoluteError,
  meanAbsolutePercentageError,
  precisionRecallF,
  quantileLoss,
  r2Score,
  reliabilityCurve,
  rocAuc,
  rocAucOvr,
  rocCurve,
  rootMeanSquaredError,
  thresholdCounts,
} from './index.js';

const F = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'sklearn-metrics.json'), 'utf8'));
function close(a: number, b: number): void {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b)));
}
function closeAll(actual: ArrayLike<number>, expected: number[], offset = 0): void {
  for (let i = 0; i < expected.length; i++) close(actual[i + offset]!, expected[i]!);
}

describe('binary metrics equal scikit-learn (with ties, with and without weights)', () => {
  const b = F.binary;
  for (const [tag, w] of [
    ['', undefined],
    ['_w', b.weight],
  ] as const) {
    it(`matches${tag ? ' with sample weights' : ''}`, () => {
      const cm = confusionMatrix(b.y, b.pred, 2, w);
      expect(cm.map((r) => Array.from(r))).toEqual(b[`confusion${tag}`]);
      close(accuracy(b.y, b.pred, w), b[`accuracy${tag}`]);
      close(balancedAccuracy(cm), b[`balanced_accuracy${tag}`]);
      const prf = precisionRecallF(cm, 'binary');
      close(prf.precision, b[`precision${tag}`]);
      close(prf.recall, b[`recall${tag}`]);
      close(prf.f, b[`f1${tag}`]);
      close(precisionRecallF(cm, 'binary', 2).f, b[`f2${tag}`]);
      close(rocAuc(b.y, b.score, w), b[`roc_auc${tag}`]);
      close(averagePrecision(b.y, b.score, w), b[`average_precision${tag}`]);
      close(logLossBinary(b.y, b.score, w), b[`log_loss${tag}`]);
      close(brierScore(b.y, b.score, w), b[`brier${tag}`]);
    });
  }

  it('gives the ROC curve at every distinct threshold, and the calibration curve', () => {
    const roc = rocCurve(F.binary.y, F.binary.score);
    expect(roc.fpr.length).toBe(F.binary.roc_curve.fpr.length);
    closeAll(roc.fpr, F.binary.roc_curve.fpr);
    closeAll(roc.tpr, F.binary.roc_curve.tpr);
    closeAll(roc.thresholds, F.binary.roc_curve.thresholds, 1);
    const cal = reliabilityCurve(F.binary.y, F.binary.score, 10);
    expect(cal.probTrue.length).toBe(F.binary.calibration.prob_true.length);
    closeAll(cal.probTrue, F.binary.calibration.prob_true);
    closeAll(cal.probPred, F.binary.calibration.prob_pred);
  });
});

describe('multiclass metrics equal scikit-learn', () => {
  const m = F.multiclass;
  const proba = m.proba.map((c: number[]) => Float64Array.from(c));
  for (const [tag, w] of [
    ['', undefined],
    ['_w', m.weight],
  ] as const) {
    it(`matches${tag ? ' with sample weights' : ''}`, () => {
      const cm = confusionMatrix(m.y, m.pred, 3, w);
      for (const avg of ['macro', 'micro', 'weighted'] as const) {
        const prf = precisionRecallF(cm, avg);
        close(prf.precision, m[`precision_${avg}${tag}`]);
        close(prf.recall, m[`recall_${avg}${tag}`]);
        close(prf.f, m[`f1_${avg}${tag}`]);
      }
      close(balancedAccuracy(cm), m[`balanced_accuracy${tag}`]);
      close(logLossMulticlass(m.y, proba, w), m[`log_loss${tag}`]);
      close(rocAucOvr(m.y, proba, 'macro', w), m[`roc_auc_ovr_macro${tag}`]);
      close(rocAucOvr(m.y, proba, 'weighted', w), m[`roc_auc_ovr_weighted${tag}`]);
    });
  }
});

describe('regression metrics equal scikit-learn', () => {
  const r = F.regression;
  for (const [tag, w] of [
    ['', undefined],
    ['_w', r.weight],
  ] as const) {
    it(`matches${tag ? ' with sample weights' : ''}`, () => {
      close(meanAbsoluteError(r.y, r.pred, w), r[`mae${tag}`]);
      close(rootMeanSquaredError(r.y, r.pred, w), r[`rmse${tag}`]);
      close(r2Score(r.y, r.pred, w), r[`r2${tag}`]);
      close(meanAbsolutePercentageError(r.y, r.pred, w), r[`mape${tag}`]);
      close(quantileLoss(r.y, r.pred, 0.9, w), r[`pinball_0.9${tag}`]);
    });
  }
});

describe('the unweighted radix path of the threshold counts', () => {
  // From SORT_RADIX_MIN rows on, unweighted counts sort each class apart by radix and merge them;
  // unit weights take the general (comparator) path, so the two must agree exactly.
  it.each([
    ['distinct scores', 0],
    ['many ties and signed zeros', 1],
    ['one class mostly', 2],
  ])('equals the general path on %s', (_, kind) => {
    const rng = createRng(41 + kind);
    const n = SORT_RADIX_MIN + 3_001;
    const labels = new Float64Array(n);
    const scores = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      labels[i] = rng.next() < (kind === 2 ? 0.01 : 0.4) ? 1 : 0;
      const u = rng.next();
      scores[i] = kind === 1 ? (Math.round(u * 40) - 20) / 20 || (rng.next() < 0.5 ? -0 : 0) : u;
    }
    const fast = thresholdCounts(labels, scores);
    const general = thresholdCounts(labels, scores, new Float64Array(n).fill(1));
    expect(fast.thresholds.length).toBe(general.thresholds.length);
    expect(Array.from(fast.tps)).toEqual(Array.from(general.tps));
    expect(Array.from(fast.fps)).toEqual(Array.from(general.fps));
    for (let j = 0; j < fast.thresholds.length; j++)
      expect(fast.thresholds[j] === general.thresholds[j]).toBe(true);
    expect(rocAuc(labels, scores)).toBe(rocAuc(labels, scores, new Float64Array(n).fill(1)));
  });
});

describe('edge cases', () => {
  it('refuses ROC-AUC on a slice with a single class, instead of returning NaN', () => {
    expect(() => rocAuc([1, 1, 1], [0.2, 0.5, 0.9])).toThrowError(
      expect.objectContaining({ code: 'DATA_INVALID', message: expect.stringContaining('only positives') }),
    );
    expect(() => averagePrecision([0, 0], [0.1, 0.2])).toThrowError(/no positives/);
  });

  it('rejects NaN scores, negative weights and mismatched lengths with the row', () => {
    expect(() => rocAuc([0, 1], [0.1, Number.NaN])).toThrowError(
      expect.objectContaining({ code: 'DATA_INVALID', where: { row: 1, field: 'scores' } }),
    );
    expect(() => accuracy([0, 1], [0, 1], [1, -1])).toThrowError(/weights\[1\]/);
    expect(() => accuracy([0, 1], [0])).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('computes hand-checked values: perfect ranking, all-tied scores, R² of constant targets', () => {
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9])).toBe(1);
    expect(rocAuc([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5])).toBe(0.5);
    expect(averagePrecision([0, 1, 1], [0.1, 0.9, 0.8])).toBe(1);
    expect(r2Score([3, 3], [3, 3])).toBe(1);
    expect(r2Score([3, 3], [2, 3])).toBe(0);
    expect(quantileLoss([10], [8], 0.9)).toBeCloseTo(1.8, 12);
  });
});
