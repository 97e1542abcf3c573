/**
 * The EM engine both learned label models share: a latent true class Y per row and conditionally
 * independent voters (LFs or annotators), each with a class-conditional table P(vote = o | Y = y),
 * fitted by expectation–maximisation (Dawid & Skene 1979, Applied Statistics 28(1):20–28).
 *
 * Two variants, one switch each:
 * - `abstainOutcome`: ABSTAIN is one of the outcomes, so an LF that fires mostly on one class (a
 *   keyword that only ever says "spam") is informative by when it fires — the generative model of
 *   data programming (Ratner et al., NeurIPS 2016) and of Snorkel's LabelModel. Off (Dawid–Skene),
 *   a missing vote is missing at random and says nothing.
 * - `prior`: the class balance, fixed (given, from a dev set, or uniform) or learned.
 * Each iteration is one pass over the CSR matrix (O(votes × k) plus O(rows × k)); absent votes cost
 * nothing because the abstain terms are folded into a per-class constant.
 */
import type { LabelMatrix } from '../matrix.js';

/** Options of the EM fit. */
export interface LatentClassOptions {
  abstainOutcome: boolean;
  /** A fixed class balance (sums to 1), or `learn`. */
  prior: Float64Array | 'learn';
  maxIterations?: number;
  /** Stop when the mean log-likelihood per row changes by less than this (default 1e-7). */
  tolerance?: number;
  /** Pseudo-count added to every table cell (default 0.01). */
  smoothing?: number;
}

/** A fitted latent-class model. */
export interface LatentClassFit {
  /** Posterior P(Y = y | votes of row i) at `i * k + y`. */
  probs: Float64Array;
  /** P(outcome o | Y = y) of voter j at `(j * k + y) * outcomes + o`; outcome k is ABSTAIN when modelled. */
  tables: Float64Array;
  outcomes: number;
  prior: Float64Array;
  iterations: number;
  converged: boolean;
  /** Mean log-likelihood per row at the end. */
  logLikelihood: number;
}

/** Fit the model to `matrix` by EM, starting from the majority vote's shares. */
export function fitLatentClass(matrix: LabelMatrix, options: LatentClassOptions): LatentClassFit {
  const { rows: n, lfs: m, cardinality: k } = matrix;
  const outcomes = options.abstainOutcome ? k + 1 : k;
  const maxIterations = options.maxIterations ?? 200;
  const tolerance = options.tolerance ?? 1e-7;
  const alpha = options.smoothing ?? 0.01;
  const prior =
    options.prior === 'learn' ? new Float64Array(k).fill(1 / k) : Float64Array.from(options.prior);
  const q = initialPosterior(matrix, prior);
  const tables = new Float64Array(m * k * outcomes);
  let previous = Number.NEGATIVE_INFINITY;
  let logLikelihood = Number.NEGATIVE_INFINITY;
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    maximise(matrix, q, tables, outcomes, alpha, options.abstainOutcome);
    if (options.prior === 'learn') learnPrior(matrix, q, prior, alpha);
    logLikelihood = expect(matrix, q, tables, outcomes, prior, options.abstainOutcome) / Math.max(1, n);
    if (Math.abs(logLikelihood - previous) < tolerance) {
      converged = true;
      break;
    }
    previous = logLikelihood;
  }
  return { probs: q, tables, outcomes, prior, iterations, converged, logLikelihood };
}

/** Posteriors of another matrix (same voters and classes) under a fitted model. */
export function latentPosterior(
  matrix: LabelMatrix,
  fit: LatentClassFit,
  abstainOutcome: boolean,
): Float64Array {
  const q = new Float64Array(matrix.rows * matrix.cardinality);
  expect(matrix, q, fit.tables, fit.outcomes, fit.prior, abstainOutcome);
  return q;
}

/** Vote shares (plus the prior on rows without votes): the majority vote, made soft. */
function initialPosterior(matrix: LabelMatrix, prior: Float64Array): Float64Array {
  const k = matrix.cardinality;
  const q = new Float64Array(matrix.rows * k);
  for (let i = 0; i < matrix.rows; i++) {
    const a = matrix.indptr[i]!;
    const b = matrix.indptr[i + 1]!;
    if (a === b) {
      for (let y = 0; y < k; y++) q[i * k + y] = prior[y]!;
      continue;
    }
    for (let e = a; e < b; e++) q[i * k + matrix.label[e]!]! += 1 / (b - a);
  }
  return q;
}

function maximise(
  matrix: LabelMatrix,
  q: Float64Array,
  tables: Float64Array,
  outcomes: number,
  alpha: number,
  abstainOutcome: boolean,
): void {
  const { rows: n, lfs: m, cardinality: k, indptr, lf, label } = matrix;
  tables.fill(0);
  for (let i = 0; i < n; i++) {
    for (let e = indptr[i]!; e < indptr[i + 1]!; e++) {
      const base = lf[e]! * k * outcomes + label[e]!;
      for (let y = 0; y < k; y++) tables[base + y * outcomes]! += q[i * k + y]!;
    }
  }
  const mass = new Float64Array(k);
  if (abstainOutcome) for (let i = 0; i < n; i++) for (let y = 0; y < k; y++) mass[y]! += q[i * k + y]!;
  for (let j = 0; j < m; j++) {
    for (let y = 0; y < k; y++) {
      const at = (j * k + y) * outcomes;
      let voted = 0;
      for (let o = 0; o < k; o++) voted += tables[at + o]!;
      // Whatever mass of class y this LF did not vote on, it abstained on.
      if (abstainOutcome) tables[at + k] = Math.max(0, mass[y]! - voted);
      let total = 0;
      for (let o = 0; o < outcomes; o++) total += tables[at + o]! + alpha;
      for (let o = 0; o < outcomes; o++) tables[at + o] = (tables[at + o]! + alpha) / total;
    }
  }
}

function learnPrior(matrix: LabelMatrix, q: Float64Array, prior: Float64Array, alpha: number): void {
  const k = matrix.cardinality;
  prior.fill(alpha);
  for (let i = 0; i < matrix.rows; i++) {
    if (matrix.indptr[i + 1] === matrix.indptr[i]) continue;
    for (let y = 0; y < k; y++) prior[y]! += q[i * k + y]!;
  }
  let total = 0;
  for (let y = 0; y < k; y++) total += prior[y]!;
  for (let y = 0; y < k; y++) prior[y]! /= total;
}

/** The E-step: posteriors into `q`; returns the log-likelihood of the data. */
function expect(
  matrix: LabelMatrix,
  q: Float64Array,
  tables: Float64Array,
  outcomes: number,
  prior: Float64Array,
  abstainOutcome: boolean,
): number {
  const { rows: n, lfs: m, cardinality: k, indptr, lf, label } = matrix;
  const base = new Float64Array(k);
  for (let y = 0; y < k; y++) base[y] = Math.log(prior[y]!);
  // delta[(j * k + l) * k + y]: what a vote l of voter j adds to class y's log-probability.
  const delta = new Float64Array(m * k * k);
  for (let j = 0; j < m; j++) {
    for (let y = 0; y < k; y++) {
      const at = (j * k + y) * outcomes;
      const abstain = abstainOutcome ? Math.log(tables[at + k]!) : 0;
      base[y]! += abstain;
      for (let l = 0; l < k; l++) delta[(j * k + l) * k + y] = Math.log(tables[at + l]!) - abstain;
    }
  }
  const t = new Float64Array(k);
  let ll = 0;
  for (let i = 0; i < n; i++) {
    const a = indptr[i]!;
    const b = indptr[i + 1]!;
    if (!abstainOutcome && a === b) {
      for (let y = 0; y < k; y++) q[i * k + y] = prior[y]!;
      continue;
    }
    t.set(base);
    for (let e = a; e < b; e++) {
      const d = (lf[e]! * k + label[e]!) * k;
      for (let y = 0; y < k; y++) t[y]! += delta[d + y]!;
    }
    let max = t[0]!;
    for (let y = 1; y < k; y++) if (t[y]! > max) max = t[y]!;
    let sum = 0;
    for (let y = 0; y < k; y++) sum += Math.exp(t[y]! - max);
    for (let y = 0; y < k; y++) q[i * k + y] = Math.exp(t[y]! - max) / sum;
    ll += max + Math.log(sum);
  }
  return ll;
}
