/**
 * LF analysis with Snorkel's definitions (snorkel/labeling/analysis.py, `LFAnalysis`), over the sparse
 * label matrix in one pass per statistic:
 * - polarity: the sorted distinct labels an LF emits;
 * - coverage: the share of rows an LF labels;
 * - overlaps: the share of rows the LF labels that at least one other LF also labels (any label);
 * - conflicts: the share of rows the LF labels on which two LFs emit different labels — a row with a
 *   conflict counts for every LF that labels it, also those that agree with the majority;
 * - with gold labels: correct and incorrect votes, and empirical accuracy correct / (correct +
 *   incorrect), 0 for an LF that never votes (Snorkel's `nan_to_num`).
 * The whole-matrix shares (`label_coverage`, `label_overlap`, `label_conflict`) come with them.
 * One intended difference: Snorkel counts Correct/Incorrect from `confusion_matrix(Y, L[:, j])[1:, 1:]`,
 * which drops class 0 instead of ABSTAIN when an LF never abstains; here they always count the LF's
 * votes, which is what the column means. Rows whose gold label is missing (-1) are left out of the
 * gold statistics.
 */
import { FlywheelError } from '../core/index.js';
import type { LabelMatrix } from './matrix.js';

/** The statistics of one labeling function. */
export interface LfStats {
  name: string;
  polarity: number[];
  coverage: number;
  overlaps: number;
  conflicts: number;
  /** With gold labels only. */
  correct?: number;
  incorrect?: number;
  empiricalAccuracy?: number;
}

/** The analysis of a label matrix. */
export interface LfAnalysis {
  rows: number;
  /** Share of rows with at least one vote. */
  labelCoverage: number;
  /** Share of rows with at least two votes. */
  labelOverlap: number;
  /** Share of rows with two different votes. */
  labelConflict: number;
  lfs: LfStats[];
}

/** Analyse `matrix`; `names` name its columns; `gold` (optional) gives each row's true class or -1. */
export function analyzeLabelMatrix(
  matrix: LabelMatrix,
  names: readonly string[],
  gold?: Int32Array | readonly number[],
): LfAnalysis {
  const { rows, lfs: m, indptr, lf, label } = matrix;
  if (names.length !== m)
    throw new FlywheelError('INVALID_ARGUMENT', `${names.length} LF names for a matrix of ${m} LFs`);
  if (gold !== undefined && gold.length !== rows)
    throw new FlywheelError('INVALID_ARGUMENT', `${gold.length} gold labels for ${rows} rows`);
  const covered = new Float64Array(m);
  const overlapped = new Float64Array(m);
  const conflicted = new Float64Array(m);
  const correct = new Float64Array(m);
  const incorrect = new Float64Array(m);
  const seen = Array.from({ length: m }, () => new Set<number>());
  let anyCovered = 0;
  let anyOverlap = 0;
  let anyConflict = 0;
  for (let i = 0; i < rows; i++) {
    const a = indptr[i]!;
    const b = indptr[i + 1]!;
    const votes = b - a;
    if (votes === 0) continue;
    anyCovered++;
    let conflict = false;
    for (let e = a + 1; e < b; e++) if (label[e] !== label[a]) conflict = true;
    if (votes > 1) anyOverlap++;
    if (conflict) anyConflict++;
    const y = gold === undefined ? -1 : gold[i]!;
    for (let e = a; e < b; e++) {
      const j = lf[e]!;
      covered[j]!++;
      seen[j]!.add(label[e]!);
      if (votes > 1) overlapped[j]!++;
      if (conflict) conflicted[j]!++;
      if (y >= 0) {
        if (label[e] === y) correct[j]!++;
        else incorrect[j]!++;
      }
    }
  }
  const share = (x: number) => (rows === 0 ? 0 : x / rows);
  const stats = names.map((name, j): LfStats => {
    const s: LfStats = {
      name,
      polarity: [...seen[j]!].sort((x, y) => x - y),
      coverage: share(covered[j]!),
      overlaps: share(overlapped[j]!),
      conflicts: share(conflicted[j]!),
    };
    if (gold !== undefined) {
      const votes = correct[j]! + incorrect[j]!;
      s.correct = correct[j]!;
      s.incorrect = incorrect[j]!;
      s.empiricalAccuracy = votes === 0 ? 0 : correct[j]! / votes;
    }
    return s;
  });
  return {
    rows,
    labelCoverage: share(anyCovered),
    labelOverlap: share(anyOverlap),
    labelConflict: share(anyConflict),
    lfs: stats,
  };
}
