/**
 * Window performance: realized metrics agree with the evaluation metrics (themselves tested
 * against scikit-learn), CBPE's formulas on tiny hand-computed windows, CBPE against realized
 * metrics on simulated calibrated traffic, and the documented failure under concept drift.
 */
import { describe, expect, it } from 'vitest';
import { seededUniform } from '../../core/index.js';
import type { CellValue } from '../../data/index.js';
import {
  accuracy,
  confusionMatrix,
  meanAbsoluteError,
  precisionRecallF,
  r2Score,
  rocAuc,
  rootMeanSquaredError,
} from '../../evaluation/index.js';
import type { LoggedPrediction } from '../../prediction-log/index.js';
import { sortedAuc } from './cbpe.js';
import { windowPerformance } from './performance.js';

const BINARY = { task: 'binary' as const, classes: ['no', 'yes'] };

function row(prediction: CellValue, probabilities: number[] | null, label?: CellValue): LoggedPrediction {
  return { time: 0, requestId: 'r', version: 1, row: 0, features: {}, prediction, probabilities, label };
}

/** A binary row from P(yes) = p, predicted yes at p ≥ threshold. */
const scored = (p: number, label?: CellValue, threshold = 0.5) =>
  row(p >= threshold ? 'yes' : 'no', [1 - p, p], label);

describe('CBPE on hand-computed windows', () => {
  it('binary: expected confusion matrix, ROC-AUC and accuracy standard error', () => {
    // p = 0.9, 0.6, 0.3, 0.2 predicted yes at p ≥ 0.25, so ŷ = yes, yes, yes, no.
    // TP = .9 + .6 + .3 = 1.8, FP = .1 + .4 + .7 = 1.2, FN = .2, TN = .8
    // accuracy = (1.8 + .8) / 4 = .65; precision = 1.8 / 3 = .6; recall = 1.8 / 2 = .9;
    // f1 = 2·1.8 / (3.6 + 1.2 + .2) = .72.
    // Expected ROC (p descending): cumulative TP .9, 1.5, 1.8, 2.0 and FP .1, .5, 1.2, 2.0 of 2 and 2,
    // so TPR .45 .75 .9 1, FPR .05 .25 .6 1; trapezoids .05·.45/2 + .2·1.2/2 + .35·1.65/2 + .4·1.9/2
    // = .01125 + .12 + .28875 + .38 = .8.
    // SE(accuracy): q = .9 .6 .3 .8, Σq(1−q) = .09 + .24 + .21 + .16 = .7, √.7 / 4 = .2091650.
    const w = windowPerformance(
      [0.9, 0.6, 0.3, 0.2].map((p) => scored(p, undefined, 0.25)),
      BINARY,
      { minLabels: 1 },
    );
    expect(w.labelled).toBe(0);
    expect(w.coverage).toBe(0);
    expect(w.metrics).toBeNull();
    const e = w.estimated!;
    expect(e.accuracy).toBeCloseTo(0.65, 12);
    expect(e.precision).toBeCloseTo(0.6, 12);
    expect(e.recall).toBeCloseTo(0.9, 12);
    expect(e.f1).toBeCloseTo(0.72, 12);
    expect(e.roc_auc).toBeCloseTo(0.8, 12);
    expect(w.estimatedSe!.accuracy).toBeCloseTo(Math.sqrt(0.7) / 4, 12);
    for (const key of ['precision', 'recall', 'f1', 'roc_auc'])
      expect(w.estimatedSe![key]).toBeGreaterThan(0);
  });

  it('binary: tied scores form one threshold of the expected ROC curve', () => {
    // p = .8, .8, .2: ΣP = 1.8, ΣN = 1.2. Thresholds .8 (TP 1.6, FP .4) and .2 (TP 1.8, FP 1.2):
    // TPR 8/9, 1; FPR 1/3, 1; area = (1/3)(8/9)/2 + (2/3)(8/9 + 1)/2 = 4/27 + 17/27 = 21/27 = 7/9.
    const w = windowPerformance(
      [0.8, 0.8, 0.2].map((p) => scored(p)),
      BINARY,
      { minLabels: 1 },
    );
    expect(w.estimated!.roc_auc).toBeCloseTo(7 / 9, 12);
  });

  it('multiclass: expected confusion matrix and macro averages', () => {
    // Rows (probabilities of a, b, c → predicted): (.7 .2 .1 → a), (.1 .3 .6 → c), (.4 .4 .2 → b).
    // Expected matrix, rows true, columns predicted a b c:
    //   a: .7 .4 .1   b: .2 .4 .3   c: .1 .2 .6
    // accuracy = (.7 + .4 + .6) / 3 = .5666667 (the mean probability of the predicted class)
    // precision (column sums 1, 1, 1) = .7, .4, .6 → macro .5666667
    // recall (row sums 1.2, .9, .9) = .5833333, .4444444, .6666667 → macro .5648148
    // f1 = 2TP / (2TP + FP + FN) = 1.4/2.2, .8/1.9, 1.2/1.9 → macro .5629984
    // SE(accuracy) = √(.7·.3 + .4·.6 + .6·.4) / 3 = √.69 / 3.
    const model = { task: 'multiclass' as const, classes: ['a', 'b', 'c'] };
    const w = windowPerformance(
      [row('a', [0.7, 0.2, 0.1]), row('c', [0.1, 0.3, 0.6]), row('b', [0.4, 0.4, 0.2])],
      model,
      { minLabels: 1 },
    );
    const e = w.estimated!;
    expect(e.accuracy).toBeCloseTo(1.7 / 3, 12);
    expect(e.precision).toBeCloseTo(1.7 / 3, 12);
    expect(e.recall).toBeCloseTo((0.7 / 1.2 + 0.4 / 0.9 + 0.6 / 0.9) / 3, 12);
    expect(e.recall).toBeCloseTo(0.5648148, 6);
    expect(e.f1).toBeCloseTo((1.4 / 2.2 + 0.8 / 1.9 + 1.2 / 1.9) / 3, 12);
    expect(e.f1).toBeCloseTo(0.5629984, 6);
    expect(e.roc_auc).toBeUndefined();
    expect(w.estimatedSe!.accuracy).toBeCloseTo(Math.sqrt(0.69) / 3, 12);
  });
});

describe('realized metrics', () => {
  it('binary: equal the evaluation metrics, with hand-checked values', () => {
    // ŷ yes yes no no yes; y yes no no yes yes: TP 2, FP 1, FN 1, TN 1 → accuracy .6, P = R = F1 = 2/3.
    // AUC: positives .9 .4 .6 vs negatives .7 .2 → 4 of 6 pairs ordered right = 2/3.
    const p = [0.9, 0.7, 0.2, 0.4, 0.6];
    const labels = ['yes', 'no', 'no', 'yes', 'yes'];
    const rows = p.map((x, i) => scored(x, labels[i]));
    rows.push(scored(0.5, 'maybe'), scored(0.5)); // an invalid label and an unlabelled row
    const w = windowPerformance(rows, BINARY, { minLabels: 5 });
    const y = labels.map((l) => (l === 'yes' ? 1 : 0));
    const yHat = p.map((x) => (x >= 0.5 ? 1 : 0));
    const prf = precisionRecallF(confusionMatrix(y, yHat, 2), 'binary');
    expect(w.metrics).toEqual({
      accuracy: accuracy(y, yHat),
      precision: prf.precision,
      recall: prf.recall,
      f1: prf.f,
      roc_auc: rocAuc(y, p),
    });
    expect(w.metrics!.accuracy).toBeCloseTo(0.6, 12);
    expect(w.metrics!.f1).toBeCloseTo(2 / 3, 12);
    expect(w.metrics!.roc_auc).toBeCloseTo(2 / 3, 12);
    expect([w.rows, w.labelled, w.invalidLabels]).toEqual([7, 5, 1]);
    expect(w.coverage).toBeCloseTo(5 / 7, 12);
    // One label short of minLabels: no realized metrics, the estimate still comes.
    const few = windowPerformance(rows, BINARY, { minLabels: 6 });
    expect(few.metrics).toBeNull();
    expect(few.estimated).not.toBeNull();
  });

  it('multiclass: macro over the classes that occur (scikit-learn labels=None), labels matched by String()', () => {
    // y a b c c b, ŷ a c c b b: per class P = R = F1 = 1, .5, .5 → macro 2/3; accuracy 3/5.
    // Class "d" occurs in neither, so it does not drag the macro average down.
    const model = { task: 'multiclass' as const, classes: [1, 'b', 'c', 'd'] };
    const pairs: Array<[CellValue, CellValue]> = [
      ['1', 1],
      ['b', 'b'],
      ['c', 'c'],
      ['c', 'b'],
      ['b', 'c'],
    ];
    const w = windowPerformance(
      pairs.map(([label, yHat]) => row(yHat, null, label)),
      model,
      { minLabels: 1 },
    );
    expect(w.metrics!.accuracy).toBeCloseTo(0.6, 12);
    expect(w.metrics!.precision).toBeCloseTo(2 / 3, 12);
    expect(w.metrics!.recall).toBeCloseTo(2 / 3, 12);
    expect(w.metrics!.f1).toBeCloseTo(2 / 3, 12);
    expect(w.estimated).toBeNull(); // no probabilities logged
  });

  it('regression: mae, rmse and r2 from the evaluation metrics', () => {
    // y 3, 5, 2.5, 7 and ŷ 2.5, 5, 4, 8: |e| = .5, 0, 1.5, 1 → MAE .75; Σe² = 3.5 → RMSE √.875;
    // ȳ = 4.375, SS_tot = 1.375² + .625² + 1.875² + 2.625² = 12.6875 → R² = 1 − 3.5/12.6875 = .7241379.
    const y = [3, 5, 2.5, 7];
    const yHat = [2.5, 5, 4, 8];
    const rows = y.map((v, i) => row(yHat[i]!, null, String(v)));
    rows.push(row(1, null, 'n/a'));
    const w = windowPerformance(rows, { task: 'regression' }, { minLabels: 2 });
    expect(w.metrics).toEqual({
      mae: meanAbsoluteError(y, yHat),
      rmse: rootMeanSquaredError(y, yHat),
      r2: r2Score(y, yHat),
    });
    expect(w.metrics!.mae).toBeCloseTo(0.75, 12);
    expect(w.metrics!.rmse).toBeCloseTo(Math.sqrt(0.875), 12);
    expect(w.metrics!.r2).toBeCloseTo(0.7241379, 6);
    expect([w.labelled, w.invalidLabels, w.estimated]).toEqual([4, 1, null]);
  });

  it('asks for the classes of a classifier', () => {
    expect(() => windowPerformance([], { task: 'binary' }, { minLabels: 1 })).toThrow(
      /needs exactly 2 classes/,
    );
  });
});

describe('CBPE against realized performance', () => {
  // 5,000 rows, P(yes) = p ~ U(0, 1), label ~ Bernoulli(p): calibrated by construction.
  // Analytic expectations: accuracy = precision = recall = f1 = E[max(p, 1 − p)] = .75, ROC-AUC =
  // P(p₁ > p₀) = 5/6.
  const rand = seededUniform(42);
  const p = Array.from({ length: 5000 }, () => rand());
  const labels = p.map((x) => (rand() < x ? 'yes' : 'no'));
  const keys = ['accuracy', 'precision', 'recall', 'f1', 'roc_auc'];

  it('estimates within 3 standard errors (or .02) of the realized metrics when calibrated', () => {
    const w = windowPerformance(
      p.map((x, i) => scored(x, labels[i])),
      BINARY,
      { minLabels: 100 },
    );
    expect(w.labelled).toBe(5000);
    for (const key of keys) {
      const est = w.estimated![key]!;
      const se = w.estimatedSe![key]!;
      expect(se, key).toBeGreaterThan(0);
      expect(se, key).toBeLessThan(0.02);
      expect(Math.abs(est - w.metrics![key]!), key).toBeLessThanOrEqual(Math.max(3 * se, 0.02));
      expect(est, key).toBeCloseTo(key === 'roc_auc' ? 5 / 6 : 0.75, 1);
    }
  });

  it('bootstrap SE of precision matches its exact value (predicted positives fixed)', () => {
    // Precision = (true positives among the m predicted positives) / m, a sum of independent
    // Bernoullis over m: SE = √Σ p(1−p) / m. 200 draws estimate an SD to about 5%.
    const w = windowPerformance(
      p.map((x) => scored(x)),
      BINARY,
      { minLabels: 1 },
    );
    const pos = p.filter((x) => x >= 0.5);
    const exact = Math.sqrt(pos.reduce((s, x) => s + x * (1 - x), 0)) / pos.length;
    expect(w.estimatedSe!.precision! / exact).toBeGreaterThan(0.8);
    expect(w.estimatedSe!.precision! / exact).toBeLessThan(1.2);
    // Seeded: the same seed gives the same errors, another seed others.
    const again = windowPerformance(
      p.map((x) => scored(x)),
      BINARY,
      { minLabels: 1 },
    );
    expect(again.estimatedSe).toEqual(w.estimatedSe);
    const other = windowPerformance(
      p.map((x) => scored(x)),
      BINARY,
      { minLabels: 1, seed: 7 },
    );
    expect(other.estimatedSe!.precision).not.toBe(w.estimatedSe!.precision);
  });

  it('misses concept drift: labels flipped for half the rows, the estimate stays high', () => {
    // P(y | x) changes for rows 2,500 on; the probabilities, and so CBPE, cannot see it. Realized
    // accuracy falls to about .5 (.75 on one half, .25 on the other) while the estimate stays .75.
    const flipped = labels.map((l, i) => (i < 2500 ? l : l === 'yes' ? 'no' : 'yes'));
    const w = windowPerformance(
      p.map((x, i) => scored(x, flipped[i])),
      BINARY,
      { minLabels: 100 },
    );
    expect(w.metrics!.accuracy).toBeCloseTo(0.5, 1);
    expect(w.estimated!.accuracy).toBeCloseTo(0.75, 1);
    for (const key of ['accuracy', 'roc_auc']) {
      const gap = w.estimated![key]! - w.metrics![key]!;
      expect(gap, key).toBeGreaterThan(0.2);
      expect(gap, key).toBeGreaterThan(10 * w.estimatedSe![key]!);
    }
  });
});

describe('sortedAuc (the bootstrap draws of CBPE)', () => {
  it('equals rocAuc on labels in descending score order, ties grouped', () => {
    const rand = seededUniform(5);
    for (const n of [2, 7, 50, 1000]) {
      // Scores on a coarse grid, so many are tied.
      const scores = Float64Array.from({ length: n }, () => Math.round(rand() * 20) / 20)
        .sort()
        .reverse();
      const labels = Float64Array.from(scores, (s) => (rand() < s ? 1 : 0));
      labels[0] = 1;
      labels[n - 1] = 0;
      const ends: number[] = [];
      for (let j = 1; j < n; j++) if (scores[j] !== scores[j - 1]) ends.push(j);
      ends.push(n);
      expect(sortedAuc(labels, Int32Array.from(ends))).toBeCloseTo(rocAuc(labels, scores), 12);
    }
  });
});
