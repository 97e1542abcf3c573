/**
 * What a training run reports while it trains. `train()` on the platform wires this to a tracked
 * run; the in-memory `trainModel` accepts any observer (tests and notebooks collect into arrays).
 */

/** A param value as runs record it. */
export type ParamValue = string | number | boolean;

/** Receives params once and metrics as they come. */
export interface TrainObserver {
  /** Awaited before training starts (a tracked run writes them to the store). */
  onParams(params: Record<string, ParamValue>): void | Promise<void>;
  onMetric(name: string, value: number, step: number): void;
}

/** Progress for a bar: the iteration, the total and the latest loss. */
export interface TrainProgress {
  iteration: number;
  total: number;
  /** The latest training loss (NaN until one is computed). */
  trainLoss: number;
  /** The latest validation loss, when there is a validation set. */
  validLoss?: number;
}
