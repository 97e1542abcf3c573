/**
 * Synthetic votes with known truth, for the label models' tests and benches: LFs that fire with a
 * fixed coverage independently of the class and are right with a fixed accuracy (wrong votes spread
 * evenly over the other classes), and annotators with known confusion matrices labelling a fixed
 * number of items each. Seeded (core's createRng), so every figure can be reproduced.
 */
import { createRng, type Rng } from '../core/index.js';
import type { LabelMatrix } from './matrix.js';

/** Settings of `syntheticLfVotes`. */
export interface SyntheticLfOptions {
  rows: number;
  cardinality: number;
  /** Per LF: P(vote = true class | the LF votes). */
  accuracies: readonly number[];
  /** Per LF: P(the LF votes). */
  coverages: readonly number[];
  /** P(Y = y) (default uniform). */
  classBalance?: readonly number[];
  seed?: number;
}

/** A label matrix and the true classes behind it. */
export interface SyntheticVotes {
  matrix: LabelMatrix;
  gold: Int32Array;
}

/** Votes of conditionally independent LFs with the given accuracies and coverages. */
export function syntheticLfVotes(options: SyntheticLfOptions): SyntheticVotes {
  const { rows, cardinality: k, accuracies, coverages } = options;
  const m = accuracies.length;
  const rng = createRng(options.seed ?? 0);
  const balance = options.classBalance ?? new Array<number>(k).fill(1 / k);
  const gold = new Int32Array(rows);
  const indptr = new Int32Array(rows + 1);
  const lf = new Uint16Array(rows * m);
  const label = new Uint16Array(rows * m);
  let nnz = 0;
  for (let i = 0; i < rows; i++) {
    const y = draw(rng, balance);
    gold[i] = y;
    for (let j = 0; j < m; j++) {
      if (rng.next() >= coverages[j]!) continue;
      lf[nnz] = j;
      label[nnz] = rng.next() < accuracies[j]! ? y : wrong(rng, y, k);
      nnz++;
    }
    indptr[i + 1] = nnz;
  }
  return {
    matrix: { rows, lfs: m, cardinality: k, indptr, lf: lf.slice(0, nnz), label: label.slice(0, nnz) },
    gold,
  };
}

/** Settings of `syntheticAnnotations`. */
export interface SyntheticAnnotationOptions {
  items: number;
  /** Per annotator: P(says l | true y) at [y][l]. */
  confusion: readonly (readonly (readonly number[])[])[];
  /** Annotations per item, from distinct annotators chosen at random. */
  votesPerItem: number;
  classBalance?: readonly number[];
  seed?: number;
}

/** Annotations of people with known confusion matrices (columns of the matrix = annotators). */
export function syntheticAnnotations(options: SyntheticAnnotationOptions): SyntheticVotes {
  const m = options.confusion.length;
  const k = options.confusion[0]!.length;
  const rng = createRng(options.seed ?? 0);
  const balance = options.classBalance ?? new Array<number>(k).fill(1 / k);
  const n = options.items;
  const gold = new Int32Array(n);
  const indptr = new Int32Array(n + 1);
  const lf = new Uint16Array(n * options.votesPerItem);
  const label = new Uint16Array(n * options.votesPerItem);
  const order = Int32Array.from({ length: m }, (_, j) => j);
  let nnz = 0;
  for (let i = 0; i < n; i++) {
    const y = draw(rng, balance);
    gold[i] = y;
    rng.shuffle(order);
    const chosen = Array.from(order.subarray(0, options.votesPerItem)).sort((a, b) => a - b);
    for (const j of chosen) {
      lf[nnz] = j;
      label[nnz] = draw(rng, options.confusion[j]![y]!);
      nnz++;
    }
    indptr[i + 1] = nnz;
  }
  return { matrix: { rows: n, lfs: m, cardinality: k, indptr, lf, label }, gold };
}

function draw(rng: Rng, p: readonly number[]): number {
  let u = rng.next();
  for (let y = 0; y < p.length - 1; y++) {
    u -= p[y]!;
    if (u < 0) return y;
  }
  return p.length - 1;
}

function wrong(rng: Rng, y: number, k: number): number {
  const w = rng.int(k - 1);
  return w >= y ? w + 1 : w;
}
