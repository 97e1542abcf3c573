/**
 * From class probabilities to one label per row, the same for every label model: the most probable
 * class; a row without votes gets none (-1); a tie between classes is either left unlabelled
 * (`abstain`, the default, as Snorkel's `tie_break_policy="abstain"`) or broken at random among the
 * tied classes with a seeded generator (`random`), so the same seed gives the same labels.
 */
import { createRng } from '../../core/index.js';
import type { LabelMatrix } from '../matrix.js';

/** What to do when two or more classes are equally probable. */
export type TiePolicy = 'abstain' | 'random';

/** Probabilistic labels: `probs[i * k + y]`, and one label per row (-1: none). */
export interface ProbabilisticLabels {
  cardinality: number;
  probs: Float64Array;
  labels: Int32Array;
}

/** Options for turning probabilities into labels. */
export interface DecideOptions {
  ties?: TiePolicy;
  /** Seed of the random tie-break (default 0). */
  seed?: number;
}

const TIE = 1e-9;

/** Pick each row's label from `probs`; rows without votes in `matrix` stay unlabelled. */
export function decideLabels(
  matrix: LabelMatrix,
  probs: Float64Array,
  options: DecideOptions = {},
): ProbabilisticLabels {
  const k = matrix.cardinality;
  const rng = createRng(options.seed ?? 0);
  const labels = new Int32Array(matrix.rows).fill(-1);
  const tied: number[] = [];
  for (let i = 0; i < matrix.rows; i++) {
    if (matrix.indptr[i + 1] === matrix.indptr[i]) continue;
    let best = 0;
    for (let y = 1; y < k; y++) if (probs[i * k + y]! > probs[i * k + best]!) best = y;
    tied.length = 0;
    for (let y = 0; y < k; y++) if (probs[i * k + best]! - probs[i * k + y]! <= TIE) tied.push(y);
    if (tied.length === 1) labels[i] = best;
    else if (options.ties === 'random') labels[i] = tied[rng.int(tied.length)]!;
  }
  return { cardinality: k, probs, labels };
}
