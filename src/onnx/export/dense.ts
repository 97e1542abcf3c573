/**
 * The linear family and the MLP as plain ONNX operators in float64: z = X·W + b (MatMul + Add, the
 * weights bit for bit as Flywheel stores them, row-major inputs×outputs), an MLP as that chain with
 * Relu or Tanh between layers, and a regression MLP's (z · scale + shift) to undo the standardised
 * target. The link (Sigmoid/Softmax) is applied by head.ts. float64 rather than ai.onnx.ml
 * LinearClassifier/LinearRegressor, whose coefficients are float32 attributes.
 */
import type { DenseLayer, LinearScorer, MlpScorer } from '../../models/index.js';
import type { GraphBuilder } from './graph.js';

function dense(
  g: GraphBuilder,
  x: string,
  inputs: number,
  outputs: number,
  W: Float64Array,
  b: Float64Array,
  base: string,
): string {
  const product = g.op(
    'MatMul',
    [x, g.doubles(`${base}_W`, W, [inputs, outputs])],
    {},
    { base: `${base}_xw` },
  );
  return g.op('Add', [product, g.doubles(`${base}_b`, b, [outputs])], {}, { base: `${base}_z` });
}

/** A linear scorer's raw scores (double [N, outputs]). */
export function linearOnnx(g: GraphBuilder, s: LinearScorer, x: string, prefix: string): string {
  return dense(g, x, s.inputs, s.outputs, s.weights, s.bias, `${prefix}linear`);
}

/** An MLP scorer's raw scores (double [N, outputs]). */
export function mlpOnnx(g: GraphBuilder, s: MlpScorer, x: string, prefix: string): string {
  let a = x;
  s.layers.forEach((layer: DenseLayer, i) => {
    a = dense(g, a, layer.inputs, layer.outputs, layer.weights, layer.bias, `${prefix}layer${i}`);
    if (layer.activation === 'relu') a = g.op('Relu', [a], {}, { base: `${prefix}layer${i}_relu` });
    else if (layer.activation === 'tanh') a = g.op('Tanh', [a], {}, { base: `${prefix}layer${i}_tanh` });
  });
  if (s.scale !== 1)
    a = g.op(
      'Mul',
      [a, g.doubles(`${prefix}target_scale`, [s.scale], [])],
      {},
      { base: `${prefix}unscaled` },
    );
  if (s.shift !== 0)
    a = g.op(
      'Add',
      [a, g.doubles(`${prefix}target_shift`, [s.shift], [])],
      {},
      { base: `${prefix}unshifted` },
    );
  return a;
}
