/**
 * Forward and backward passes of a dense network over a mini-batch, on typed arrays: the layer
 * activations are kept for the backward pass, which turns dL/dz at the output into gradients of
 * every weight and bias (with the L2 term), and Adam or momentum SGD updates. Dropout masks hidden
 * units with the seeded RNG (inverted scaling, so inference needs no change).
 */

import type { Rng } from '../core/index.js';
import { type Activation, activate, type DenseLayer, denseForward } from '../models/index.js';

/** Glorot-uniform weights and biases (scikit-learn's initialisation) for layer sizes [d, …hidden, K]. */
export function initLayers(sizes: number[], activation: Activation, rng: Rng): DenseLayer[] {
  const layers: DenseLayer[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const din = sizes[l]!;
    const dout = sizes[l + 1]!;
    const bound = Math.sqrt(6 / (din + dout));
    const u = () => (rng.next() * 2 - 1) * bound;
    layers.push({
      inputs: din,
      outputs: dout,
      weights: Float64Array.from({ length: din * dout }, u),
      bias: Float64Array.from({ length: dout }, u),
      activation: l + 2 === sizes.length ? 'identity' : activation,
    });
  }
  return layers;
}

/** Buffers of one mini-batch: activations per layer (index 0 is the input) and deltas. */
export interface BatchState {
  acts: Float64Array[];
  deltas: Float64Array[];
  masks: (Uint8Array | null)[];
  gradW: Float64Array[];
  gradB: Float64Array[];
}

/** Allocate the buffers for batches of up to `batch` rows. */
export function createBatchState(layers: DenseLayer[], batch: number, dropout: number): BatchState {
  return {
    acts: [
      new Float64Array(batch * layers[0]!.inputs),
      ...layers.map((l) => new Float64Array(batch * l.outputs)),
    ],
    deltas: layers.map((l) => new Float64Array(batch * l.outputs)),
    masks: layers.map((l, i) =>
      dropout > 0 && i + 1 < layers.length ? new Uint8Array(batch * l.outputs) : null,
    ),
    gradW: layers.map((l) => new Float64Array(l.weights.length)),
    gradB: layers.map((l) => new Float64Array(l.bias.length)),
  };
}

/** Forward `bl` rows already copied into `s.acts[0]`; the output layer's raw scores end in the last act. */
export function forward(
  layers: DenseLayer[],
  s: BatchState,
  bl: number,
  dropout: number,
  rng: Rng | null,
): void {
  layers.forEach((layer, l) => {
    const out = s.acts[l + 1]!;
    denseForward(s.acts[l]!, bl, layer, out);
    activate(out, bl * layer.outputs, layer.activation);
    const mask = s.masks[l];
    if (mask && rng !== null) {
      const keep = 1 / (1 - dropout);
      for (let i = 0; i < bl * layer.outputs; i++) {
        mask[i] = rng.next() >= dropout ? 1 : 0;
        out[i] = mask[i] ? out[i]! * keep : 0;
      }
    }
  });
}

/**
 * Backward pass: `s.deltas[last]` holds dL/dz of the output (row-major, already divided by the
 * batch weight); fills `gradW`/`gradB` including the L2 term alpha·W / bl.
 */
export function backward(
  layers: DenseLayer[],
  s: BatchState,
  bl: number,
  alpha: number,
  dropout: number,
): void {
  for (let l = layers.length - 1; l >= 0; l--) {
    const layer = layers[l]!;
    const { inputs: din, outputs: dout, weights: W } = layer;
    const delta = s.deltas[l]!;
    const A = s.acts[l]!;
    const gW = s.gradW[l]!;
    const gB = s.gradB[l]!;
    for (let i = 0; i < W.length; i++) gW[i] = (alpha * W[i]!) / bl;
    gB.fill(0);
    for (let i = 0; i < bl; i++) {
      const d0 = i * dout;
      for (let j = 0; j < dout; j++) gB[j]! += delta[d0 + j]!;
      for (let k = 0; k < din; k++) {
        const a = A[i * din + k]!;
        if (a === 0) continue;
        for (let j = 0; j < dout; j++) gW[k * dout + j]! += a * delta[d0 + j]!;
      }
    }
    if (l > 0)
      backToInputs(
        layers[l - 1]!,
        W,
        delta,
        s.deltas[l - 1]!,
        A,
        s.masks[l - 1] ?? null,
        bl,
        din,
        dout,
        dropout,
      );
  }
}

/** δ_prev = (δ Wᵀ) ⊙ act′(z_prev), through the dropout mask. */
function backToInputs(
  prev: DenseLayer,
  W: Float64Array,
  delta: Float64Array,
  out: Float64Array,
  A: Float64Array,
  mask: Uint8Array | null,
  bl: number,
  din: number,
  dout: number,
  dropout: number,
): void {
  const keep = 1 / (1 - dropout);
  for (let i = 0; i < bl; i++) {
    for (let k = 0; k < din; k++) {
      const a = A[i * din + k]!;
      if (mask !== null && mask[i * din + k] === 0) {
        out[i * din + k] = 0;
        continue;
      }
      let s = 0;
      for (let j = 0; j < dout; j++) s += delta[i * dout + j]! * W[k * dout + j]!;
      // a is the activated (and dropout-scaled) output; recover the derivative from it.
      const raw = mask !== null ? a / keep : a;
      const deriv =
        prev.activation === 'relu' ? (raw > 0 ? 1 : 0) : prev.activation === 'tanh' ? 1 - raw * raw : 1;
      out[i * din + k] = s * deriv * (mask !== null ? keep : 1);
    }
  }
}

/** Adam or momentum-SGD state for every parameter array. */
export class Optimizer {
  private readonly m: Float64Array[];
  private readonly v: Float64Array[];
  private t = 0;

  constructor(
    private readonly params: Float64Array[],
    private readonly solver: 'adam' | 'sgd',
    private readonly lr: number,
    private readonly momentum: number,
  ) {
    this.m = params.map((p) => new Float64Array(p.length));
    this.v = params.map((p) => new Float64Array(p.length));
  }

  /** Apply one update with gradients in the same order as the parameters. */
  step(grads: Float64Array[]): void {
    this.t++;
    const b1 = 0.9;
    const b2 = 0.999;
    const lrT =
      this.solver === 'adam' ? (this.lr * Math.sqrt(1 - b2 ** this.t)) / (1 - b1 ** this.t) : this.lr;
    this.params.forEach((p, a) => {
      const g = grads[a]!;
      const m = this.m[a]!;
      const v = this.v[a]!;
      if (this.solver === 'adam') {
        for (let i = 0; i < p.length; i++) {
          m[i] = b1 * m[i]! + (1 - b1) * g[i]!;
          v[i] = b2 * v[i]! + (1 - b2) * g[i]! * g[i]!;
          p[i]! -= (lrT * m[i]!) / (Math.sqrt(v[i]!) + 1e-8);
        }
      } else {
        for (let i = 0; i < p.length; i++) {
          m[i] = this.momentum * m[i]! - lrT * g[i]!;
          p[i]! += m[i]!;
        }
      }
    });
  }
}
