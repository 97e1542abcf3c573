/**
 * One entry point over the three label models, so the service and the reports treat them alike:
 * each gives probabilistic labels, optionally learned per-LF accuracies, and labels for a dev set.
 */
import type { LabelMatrix } from '../matrix.js';
import { fitDawidSkene } from './dawid-skene.js';
import type { DecideOptions, ProbabilisticLabels } from './decide.js';
import { fitLabelModel } from './label-model.js';
import { majorityVote } from './majority.js';

/** The label models `flywheel label apply --model` offers. */
export const LABEL_MODELS = ['label-model', 'majority', 'dawid-skene'] as const;
/** One of LABEL_MODELS. */
export type LabelModelKind = (typeof LABEL_MODELS)[number];

/** A fitted model of any kind. */
export interface FittedLabels extends ProbabilisticLabels {
  kind: LabelModelKind;
  /** Learned per-LF accuracies (not for majority vote). */
  accuracies: number[] | undefined;
  classBalance: number[] | undefined;
  iterations: number;
  predict(matrix: LabelMatrix): ProbabilisticLabels;
}

/** Options shared by the models. */
export interface RunModelOptions extends DecideOptions {
  classBalance?: readonly number[];
}

/** Fit `kind` to `matrix`. */
export function runLabelModel(
  kind: LabelModelKind,
  matrix: LabelMatrix,
  options: RunModelOptions = {},
): FittedLabels {
  if (kind === 'majority') {
    return {
      ...majorityVote(matrix, options),
      kind,
      accuracies: undefined,
      classBalance: undefined,
      iterations: 0,
      predict: (other) => majorityVote(other, options),
    };
  }
  const fit = kind === 'label-model' ? fitLabelModel(matrix, options) : fitDawidSkene(matrix, options);
  return {
    kind,
    cardinality: fit.cardinality,
    probs: fit.probs,
    labels: fit.labels,
    accuracies: fit.accuracies,
    classBalance: fit.classBalance,
    iterations: fit.iterations,
    predict: fit.predict,
  };
}
