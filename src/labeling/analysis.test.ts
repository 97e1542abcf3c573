// LF analysis against Snorkel's definitions (snorkel/labeling/analysis.py): a fixture whose every
// statistic is counted by hand below, and the example of Snorkel's own docstrings.
import { describe, expect, it } from 'vitest';
import { analyzeLabelMatrix } from './analysis.js';
import { labelMatrixFromDense } from './matrix.js';
import { majorityVote } from './model/majority.js';

//            LF0 LF1 LF2 LF3 LF4   gold
const DENSE = [
  [-1, -1, -1, -1, -1], // 0: all abstain                                  gold 0
  [0, -1, -1, -1, -1], //  1: LF0 alone                                     gold 0
  [0, 0, -1, -1, -1], //   2: overlap, agree                                gold 1
  [1, 0, -1, -1, -1], //   3: overlap, conflict, a 1-1 tie                  gold 1
  [-1, 2, 2, 0, -1], //    4: overlap, conflict (2, 2, 0): LF3 disagrees    gold 2
  [-1, -1, 1, -1, -1], //  5: LF2 alone                                     gold 1
  [-1, -1, -1, -1, -1], // 6: all abstain                                   gold 2
  [1, 1, 1, -1, -1], //    7: overlap, agree                                gold 0
];
const GOLD = [0, 0, 1, 1, 2, 1, 2, 0];
const NAMES = ['lf0', 'lf1', 'lf2', 'lf3', 'lf4'];

describe('analyzeLabelMatrix (hand-counted fixture)', () => {
  const a = analyzeLabelMatrix(labelMatrixFromDense(DENSE, 3), NAMES, GOLD);

  it('counts whole-matrix coverage, overlap and conflict', () => {
    // Rows with a vote: 1, 2, 3, 4, 5, 7 → 6/8. Two or more votes: 2, 3, 4, 7 → 4/8.
    // Two different votes: 3 (1 vs 0), 4 (2 vs 0) → 2/8.
    expect(a.labelCoverage).toBe(6 / 8);
    expect(a.labelOverlap).toBe(4 / 8);
    expect(a.labelConflict).toBe(2 / 8);
  });

  it('gives each LF its polarity, coverage, overlaps and conflicts', () => {
    // Polarity: LF0 votes 0, 0, 1, 1 → [0, 1]; LF1 0, 0, 2, 1 → [0, 1, 2]; LF2 2, 1, 1 → [1, 2];
    // LF3 0 → [0]; LF4 never votes → [].
    expect(a.lfs.map((s) => s.polarity)).toEqual([[0, 1], [0, 1, 2], [1, 2], [0], []]);
    // Coverage: LF0 rows 1, 2, 3, 7 → 4/8; LF1 rows 2, 3, 4, 7 → 4/8; LF2 rows 4, 5, 7 → 3/8;
    // LF3 row 4 → 1/8; LF4 → 0.
    expect(a.lfs.map((s) => s.coverage)).toEqual([4 / 8, 4 / 8, 3 / 8, 1 / 8, 0]);
    // Overlaps (rows it labels that another LF labels too): LF0 rows 2, 3, 7 (not 1) → 3/8;
    // LF1 rows 2, 3, 4, 7 → 4/8; LF2 rows 4, 7 (not 5) → 2/8; LF3 row 4 → 1/8; LF4 → 0.
    expect(a.lfs.map((s) => s.overlaps)).toEqual([3 / 8, 4 / 8, 2 / 8, 1 / 8, 0]);
    // Conflicts (rows it labels that hold two different labels; agreeing with the majority still
    // counts): LF0 row 3 → 1/8; LF1 rows 3, 4 → 2/8; LF2 row 4 → 1/8; LF3 row 4 → 1/8; LF4 → 0.
    expect(a.lfs.map((s) => s.conflicts)).toEqual([1 / 8, 2 / 8, 1 / 8, 1 / 8, 0]);
  });

  it('counts correct, incorrect and empirical accuracy against gold labels', () => {
    // LF0: row 1 0=0 ✓, row 2 0≠1 ✗, row 3 1=1 ✓, row 7 1≠0 ✗ → 2, 2, 0.5.
    // LF1: row 2 0≠1 ✗, row 3 0≠1 ✗, row 4 2=2 ✓, row 7 1≠0 ✗ → 1, 3, 0.25.
    // LF2: row 4 2=2 ✓, row 5 1=1 ✓, row 7 1≠0 ✗ → 2, 1, 2/3.
    // LF3: row 4 0≠2 ✗ → 0, 1, 0. LF4: no votes → 0, 0, and accuracy 0 (Snorkel's nan_to_num).
    expect(a.lfs.map((s) => s.correct)).toEqual([2, 1, 2, 0, 0]);
    expect(a.lfs.map((s) => s.incorrect)).toEqual([2, 3, 1, 1, 0]);
    expect(a.lfs.map((s) => s.empiricalAccuracy)).toEqual([0.5, 0.25, 2 / 3, 0, 0]);
  });

  it('leaves gold statistics out without gold labels', () => {
    const plain = analyzeLabelMatrix(labelMatrixFromDense(DENSE, 3), NAMES);
    expect(plain.lfs[0]).not.toHaveProperty('correct');
  });

  it('majority vote: ties abstain by default, random ties are seeded', () => {
    const matrix = labelMatrixFromDense(DENSE, 3);
    // Row 3 is a 1-1 tie (0 and 1); rows 0 and 6 have no votes.
    const mv = majorityVote(matrix);
    expect(Array.from(mv.labels)).toEqual([-1, 0, 0, -1, 2, 1, -1, 1]);
    expect(Array.from(mv.probs.subarray(9, 12))).toEqual([0.5, 0.5, 0]);
    expect(Array.from(mv.probs.subarray(0, 3))).toEqual([1 / 3, 1 / 3, 1 / 3]);
    const random = majorityVote(matrix, { ties: 'random', seed: 3 });
    expect([0, 1]).toContain(random.labels[3]);
    expect(random.labels[0]).toBe(-1);
    expect(majorityVote(matrix, { ties: 'random', seed: 3 }).labels).toEqual(random.labels);
  });
});

describe("Snorkel's docstring example (LFAnalysis)", () => {
  // L from the docstrings of snorkel/labeling/analysis.py, with the values they print.
  const L = [
    [-1, 0, 0],
    [-1, -1, -1],
    [1, 0, -1],
    [-1, 0, -1],
    [0, 0, 0],
  ];
  const a = analyzeLabelMatrix(labelMatrixFromDense(L, 2), ['a', 'b', 'c']);
  it('matches label_coverage, label_overlap, label_conflict and the per-LF arrays', () => {
    expect(a.labelCoverage).toBeCloseTo(0.8, 12);
    expect(a.labelOverlap).toBeCloseTo(0.6, 12);
    expect(a.labelConflict).toBeCloseTo(0.2, 12);
    expect(a.lfs.map((s) => s.polarity)).toEqual([[0, 1], [0], [0]]);
    expect(a.lfs.map((s) => s.coverage)).toEqual([0.4, 0.8, 0.4]);
    expect(a.lfs.map((s) => s.overlaps)).toEqual([0.4, 0.6, 0.4]);
    expect(a.lfs.map((s) => s.conflicts)).toEqual([0.2, 0.2, 0]);
  });
});
