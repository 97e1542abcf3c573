/** What every family trainer receives and returns, so `train()` can drive them all the same way. */
import type { Scorer } from '../models/index.js';
import type { Objective } from './objective.js';

/** Preprocessed training data for a family trainer. */
export interface FamilyInput {
  /** Row-major n×d features. */
  X: Float64Array;
  n: number;
  d: number;
  /** Native categorical cardinality per column (0 for numeric); only the trees use it. */
  categories: Int32Array;
  objective: Objective;
  /** A validation set (for early stopping and the metrics), or null. */
  valid: { X: Float64Array; n: number; objective: Objective } | null;
}

/** Why training stopped. */
export type StopReason = 'completed' | 'converged' | 'early_stopping' | 'interrupted';

/** Callbacks and controls shared by the trainers. */
export interface TrainHooks {
  seed: number;
  /** Abort to stop after the current iteration; the best model so far is kept. */
  signal?: AbortSignal;
  /** Called after each iteration with its metrics (`train_loss`, `valid_loss`). */
  onIteration?(iteration: number, total: number, metrics: Record<string, number>): void;
}

/** A family trainer's result. */
export interface FamilyResult {
  scorer: Scorer;
  /** Facts kept in model.json. */
  info: Record<string, unknown>;
  /** Iterations run (trees per output, epochs, optimizer iterations). */
  iterations: number;
  /** The iteration kept when a validation set picked it. */
  bestIteration: number | null;
  stopReason: StopReason;
}

/** Let the event loop run (Ctrl-C, progress) between iterations of a CPU-bound loop. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** The mean of an objective's loss over n rows of class-major scores. */
export function meanLoss(objective: Objective, scores: Float64Array, n: number): number {
  const { sum, weight } = objective.loss(scores, null, 0, n);
  return weight > 0 ? sum / weight : 0;
}

/** Tracks the best validation loss and says when `patience` iterations passed without improving. */
export class EarlyStopping {
  best = Infinity;
  bestIteration = -1;

  constructor(private readonly patience: number) {}

  /** Record iteration `it`'s loss; true when training should stop. */
  update(it: number, loss: number): boolean {
    if (this.bestIteration < 0 || loss < this.best - 1e-12 * Math.abs(this.best)) {
      this.best = loss;
      this.bestIteration = it;
    }
    return this.patience > 0 && it - this.bestIteration >= this.patience;
  }
}
