/** The linear family's core: raw scores z = xW + b (logistic and softmax regression add the link). */
import { FlywheelError } from '../core/errors.js';
import type { Scorer } from './model.js';

/** A linear scorer over `inputs` columns with `outputs` scores. */
export class LinearScorer implements Scorer {
  /**
   * @param weights row-major inputs×outputs coefficients
   * @param bias one intercept per output
   */
  constructor(
    readonly inputs: number,
    readonly outputs: number,
    readonly weights: Float64Array,
    readonly bias: Float64Array,
  ) {
    if (weights.length !== inputs * outputs || bias.length !== outputs) {
      throw new FlywheelError(
        'DATA_INVALID',
        `Linear weights do not match ${inputs} inputs × ${outputs} outputs`,
      );
    }
  }

  /** Raw scores of n row-major rows. */
  scoreBatch(X: Float64Array, n: number, out: Float64Array): void {
    const { inputs: d, outputs: K, weights: W, bias } = this;
    if (K === 1) {
      const b = bias[0]!;
      for (let r = 0; r < n; r++) {
        let z = b;
        const o = r * d;
        for (let j = 0; j < d; j++) z += X[o + j]! * W[j]!;
        out[r] = z;
      }
      return;
    }
    for (let r = 0; r < n; r++) {
      const o = r * K;
      for (let k = 0; k < K; k++) out[o + k] = bias[k]!;
      for (let j = 0; j < d; j++) {
        const x = X[r * d + j]!;
        if (x === 0) continue;
        for (let k = 0; k < K; k++) out[o + k]! += x * W[j * K + k]!;
      }
    }
  }

  /** Raw scores of one row. */
  scoreRow(x: Float64Array, out: Float64Array): void {
    this.scoreBatch(x, 1, out);
  }

  /** No buffer of its own: rows are read where they are. */
  batchBuffer(): null {
    return null;
  }
}
