/**
 * Majority vote, the baseline every report shows beside the learned model. Its probabilities follow
 * Snorkel's `MajorityLabelVoter.predict_proba`: 1/t on each of the t classes with the most votes, 0
 * elsewhere (a row without votes: 1/k everywhere). Ties are decided by `decideLabels` (default:
 * unlabelled; or random with a seed).
 */
import type { LabelMatrix } from '../matrix.js';
import { type DecideOptions, decideLabels, type ProbabilisticLabels } from './decide.js';

/** Majority-vote labels and probabilities of `matrix`. */
export function majorityVote(matrix: LabelMatrix, options: DecideOptions = {}): ProbabilisticLabels {
  const k = matrix.cardinality;
  const probs = new Float64Array(matrix.rows * k);
  const counts = new Float64Array(k);
  for (let i = 0; i < matrix.rows; i++) {
    counts.fill(0);
    for (let e = matrix.indptr[i]!; e < matrix.indptr[i + 1]!; e++) counts[matrix.label[e]!]!++;
    let max = 0;
    for (let y = 0; y < k; y++) max = Math.max(max, counts[y]!);
    let t = 0;
    for (let y = 0; y < k; y++) if (counts[y] === max) t++;
    for (let y = 0; y < k; y++) probs[i * k + y] = counts[y] === max ? 1 / t : 0;
  }
  return decideLabels(matrix, probs, options);
}
