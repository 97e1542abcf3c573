/**
 * The multilayer perceptron's core: dense layers on typed arrays (row-major weights, inputs×outputs),
 * ReLU or tanh between them, raw scores out (the model's link makes probabilities). A regression
 * network trained on a standardised target carries the shift and scale to undo it.
 */
import { FlywheelError } from '../core/errors.js';
import type { Scorer } from './model.js';

/** A layer's activation. */
export type Activation = 'relu' | 'tanh' | 'identity';

/** One dense layer. */
export interface DenseLayer {
  inputs: number;
  outputs: number;
  /** Row-major inputs×outputs. */
  weights: Float64Array;
  bias: Float64Array;
  activation: Activation;
}

/** out (n×dout) = A (n×din) · W + b, without the activation. */
export function denseForward(A: Float64Array, n: number, layer: DenseLayer, out: Float64Array): void {
  const { inputs: din, outputs: dout, weights: W, bias } = layer;
  for (let i = 0; i < n; i++) {
    const o = i * dout;
    for (let j = 0; j < dout; j++) out[o + j] = bias[j]!;
    const a0 = i * din;
    for (let k = 0; k < din; k++) {
      const a = A[a0 + k]!;
      if (a === 0) continue;
      const w0 = k * dout;
      for (let j = 0; j < dout; j++) out[o + j]! += a * W[w0 + j]!;
    }
  }
}

/** Apply an activation in place to the first `count` values. */
export function activate(v: Float64Array, count: number, activation: Activation): void {
  if (activation === 'relu') {
    for (let i = 0; i < count; i++) if (v[i]! < 0) v[i] = 0;
  } else if (activation === 'tanh') {
    for (let i = 0; i < count; i++) v[i] = Math.tanh(v[i]!);
  }
}

const BLOCK = 256;

/** Scores rows with a stack of dense layers. */
export class MlpScorer implements Scorer {
  readonly inputs: number;
  readonly outputs: number;
  private readonly buffers: Float64Array[];

  constructor(
    readonly layers: DenseLayer[],
    /** Regression only: the network predicts (y − shift) / scale. */
    readonly shift = 0,
    readonly scale = 1,
  ) {
    if (layers.length === 0) throw new FlywheelError('DATA_INVALID', 'An MLP needs at least one layer');
    layers.forEach((l, i) => {
      if (l.weights.length !== l.inputs * l.outputs || l.bias.length !== l.outputs) {
        throw new FlywheelError('DATA_INVALID', `MLP layer ${i} has weights of the wrong size`);
      }
      if (i > 0 && l.inputs !== layers[i - 1]!.outputs) {
        throw new FlywheelError(
          'DATA_INVALID',
          `MLP layer ${i} takes ${l.inputs} inputs but the layer before gives ${layers[i - 1]!.outputs}`,
        );
      }
    });
    this.inputs = layers[0]!.inputs;
    this.outputs = layers[layers.length - 1]!.outputs;
    this.buffers = layers.map((l) => new Float64Array(BLOCK * l.outputs));
  }

  /** Raw scores of n row-major rows. */
  scoreBatch(X: Float64Array, n: number, out: Float64Array): void {
    for (let b0 = 0; b0 < n; b0 += BLOCK) {
      const bl = Math.min(BLOCK, n - b0);
      let A = X.subarray(b0 * this.inputs, (b0 + bl) * this.inputs);
      this.layers.forEach((layer, i) => {
        const Z = this.buffers[i]!;
        denseForward(A, bl, layer, Z);
        activate(Z, bl * layer.outputs, layer.activation);
        A = Z;
      });
      const K = this.outputs;
      for (let i = 0; i < bl * K; i++) out[b0 * K + i] = A[i]! * this.scale + this.shift;
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
