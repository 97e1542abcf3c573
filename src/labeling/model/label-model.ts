/**
 * The Snorkel-style label model: labeling functions conditionally independent given the true class,
 * each with a class-conditional table P(LF_j = l | Y = y) over the k classes and ABSTAIN — the
 * generative model of data programming (Ratner et al., "Data Programming: Creating Large Training
 * Sets, Quickly", NeurIPS 2016) and of Snorkel's LabelModel. Snorkel fits it by matrix completion
 * on the LFs' overlap matrix (Ratner et al., AAAI 2019); Flywheel fits the same model by maximum
 * likelihood with EM (latent-class.ts), which uses the same agreement and overlap structure (the
 * likelihood of every pattern of co-votes) and needs no step size. The class balance is fixed:
 * given, estimated from a dev set's gold labels (`classBalanceFromGold`), or uniform (Snorkel's
 * default). An LF's learned accuracy is P(LF_j = Y | LF_j votes) under the fitted model.
 */
import { FlywheelError } from '../../core/index.js';
import type { LabelMatrix } from '../matrix.js';
import { type DecideOptions, decideLabels, type ProbabilisticLabels } from './decide.js';
import { fitLatentClass, latentPosterior } from './latent-class.js';

/** Options of the label model. */
export interface LabelModelOptions extends DecideOptions {
  /** P(Y = y), summing to 1 (default uniform). */
  classBalance?: readonly number[];
  maxIterations?: number;
  tolerance?: number;
}

/** The fitted label model: probabilistic labels, each LF's learned accuracy and tables. */
export interface LabelModelResult extends ProbabilisticLabels {
  /** Learned P(LF_j = Y | LF_j votes), per LF. */
  accuracies: number[];
  /** Learned P(LF_j votes), per LF. */
  coverages: number[];
  /** P(LF_j = l | Y = y) at [j][y][l], l = k being ABSTAIN. */
  tables: number[][][];
  classBalance: number[];
  iterations: number;
  converged: boolean;
  /** Labels of another matrix from the same LFs (a dev set) under the fitted model. */
  predict(matrix: LabelMatrix): ProbabilisticLabels;
}

/** The fewest LFs the label model accepts: with fewer, accuracies are not identifiable. */
export const LABEL_MODEL_MIN_LFS = 3;

/** Fit the label model to `matrix`. */
export function fitLabelModel(matrix: LabelMatrix, options: LabelModelOptions = {}): LabelModelResult {
  const { lfs: m, cardinality: k } = matrix;
  if (m < LABEL_MODEL_MIN_LFS)
    throw new FlywheelError(
      'INVALID_ARGUMENT',
      `The label model needs at least ${LABEL_MODEL_MIN_LFS} labeling functions (got ${m})`,
      {
        hint: 'With fewer LFs their accuracies cannot be told apart from the labels: write more LFs, or use --model majority.',
      },
    );
  const balance = checkBalance(options.classBalance ?? new Array<number>(k).fill(1 / k), k);
  const fit = fitLatentClass(matrix, {
    abstainOutcome: true,
    prior: Float64Array.from(balance),
    maxIterations: options.maxIterations,
    tolerance: options.tolerance,
  });
  const tables: number[][][] = [];
  const accuracies: number[] = [];
  const coverages: number[] = [];
  for (let j = 0; j < m; j++) {
    const t: number[][] = [];
    let right = 0;
    let votes = 0;
    for (let y = 0; y < k; y++) {
      const row = Array.from(fit.tables.subarray((j * k + y) * (k + 1), (j * k + y + 1) * (k + 1)));
      t.push(row);
      right += balance[y]! * row[y]!;
      votes += balance[y]! * (1 - row[k]!);
    }
    tables.push(t);
    accuracies.push(votes === 0 ? 0 : right / votes);
    coverages.push(votes);
  }
  return {
    ...decideLabels(matrix, fit.probs, options),
    accuracies,
    coverages,
    tables,
    classBalance: balance,
    iterations: fit.iterations,
    converged: fit.converged,
    predict: (other) => decideLabels(other, latentPosterior(other, fit, true), options),
  };
}

/** The class balance of gold labels (a dev set's): each class's share; -1 entries are skipped. */
export function classBalanceFromGold(gold: ArrayLike<number>, cardinality: number): number[] {
  const counts = new Array<number>(cardinality).fill(0);
  let total = 0;
  for (let i = 0; i < gold.length; i++) {
    const y = gold[i]!;
    if (y < 0) continue;
    counts[y]!++;
    total++;
  }
  if (total === 0)
    throw new FlywheelError(
      'INVALID_ARGUMENT',
      'The dev set has no gold labels to estimate the class balance from',
      {
        hint: 'Pass a dev set whose gold column is filled in, or leave --dev out (uniform class balance).',
      },
    );
  // A class absent from the dev set would get probability 0 and could never be predicted: smooth by one.
  return counts.map((c) => (c + 1) / (total + cardinality));
}

function checkBalance(balance: readonly number[], k: number): number[] {
  const sum = balance.reduce((s, p) => s + p, 0);
  if (balance.length !== k || balance.some((p) => !(p > 0)) || Math.abs(sum - 1) > 1e-6)
    throw new FlywheelError(
      'INVALID_ARGUMENT',
      `The class balance must give ${k} positive shares summing to 1`,
      {
        details: { classBalance: [...balance] },
        hint: 'For example --class-balance 0.7,0.3 for two classes.',
      },
    );
  return balance.map((p) => p / sum);
}
