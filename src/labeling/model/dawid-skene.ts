/**
 * Dawid–Skene (Dawid & Skene 1979, "Maximum Likelihood Estimation of Observer Error-Rates Using the
 * EM Algorithm", Applied Statistics 28(1):20–28): each annotator has a full confusion matrix
 * P(says l | true y), the class balance is learned, and a missing annotation is missing at random —
 * the model for people, who label what they are given rather than abstain by rule.
 */
import type { LabelMatrix } from '../matrix.js';
import { type DecideOptions, decideLabels, type ProbabilisticLabels } from './decide.js';
import { fitLatentClass, latentPosterior } from './latent-class.js';

/** Options of Dawid–Skene. */
export interface DawidSkeneOptions extends DecideOptions {
  maxIterations?: number;
  tolerance?: number;
}

/** The fitted model: probabilistic labels, each annotator's confusion matrix and the class balance. */
export interface DawidSkeneResult extends ProbabilisticLabels {
  /** P(annotator j says l | true class y) at [j][y][l]. */
  confusion: number[][][];
  /** P(annotator j is right | they annotate), under the learned class balance. */
  accuracies: number[];
  classBalance: number[];
  iterations: number;
  converged: boolean;
  /** Labels of another matrix from the same annotators under the fitted model. */
  predict(matrix: LabelMatrix): ProbabilisticLabels;
}

/** Fit Dawid–Skene to `matrix` (columns = annotators). */
export function fitDawidSkene(matrix: LabelMatrix, options: DawidSkeneOptions = {}): DawidSkeneResult {
  const { lfs: m, cardinality: k } = matrix;
  const fit = fitLatentClass(matrix, {
    abstainOutcome: false,
    prior: 'learn',
    maxIterations: options.maxIterations,
    tolerance: options.tolerance,
  });
  const confusion: number[][][] = [];
  const accuracies: number[] = [];
  for (let j = 0; j < m; j++) {
    const c: number[][] = [];
    let right = 0;
    for (let y = 0; y < k; y++) {
      c.push(Array.from(fit.tables.subarray((j * k + y) * k, (j * k + y + 1) * k)));
      right += fit.prior[y]! * c[y]![y]!;
    }
    confusion.push(c);
    accuracies.push(right);
  }
  return {
    ...decideLabels(matrix, fit.probs, options),
    confusion,
    accuracies,
    classBalance: Array.from(fit.prior),
    iterations: fit.iterations,
    converged: fit.converged,
    predict: (other) => decideLabels(other, latentPosterior(other, fit, false), options),
  };
}
