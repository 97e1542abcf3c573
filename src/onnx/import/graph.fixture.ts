/**
 * Small ONNX graphs for the import tests, written with the published ONNX schema (onnx-proto's
 * generated protobufjs classes) rather than by hand: an affine map y = xW + b (optionally through
 * Softmax or Sigmoid), fed by one [N,F] tensor or by one [N,1] tensor per column, and variants the
 * loader must refuse (an unknown operator, a symbolic feature dimension, an image-shaped input).
 */
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
const FLOAT = onnx.TensorProto.DataType.FLOAT;

/** What a test graph looks like. */
export interface GraphSpec {
  /** One [N,F] input named `x` (the default), or one [N,1] input per name here. */
  columns?: readonly string[];
  /** Row-major F×K weights. */
  weights: readonly number[][];
  bias: readonly number[];
  /** A final activation, or an operator ONNX Runtime does not know. */
  head?: 'none' | 'softmax' | 'sigmoid' | { unknownOp: string };
  /** The input's shape as declared (default ['N', F]). */
  inputShape?: ReadonlyArray<number | string>;
  /** Name of the output (default `y`). */
  output?: string;
}

function dims(shape: ReadonlyArray<number | string>) {
  return shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d }));
}

function valueInfo(name: string, shape: ReadonlyArray<number | string>) {
  return { name, type: { tensorType: { elemType: FLOAT, shape: { dim: dims(shape) } } } };
}

/** The bytes of an ONNX model for `spec` (opset 13, IR version 7). */
export function affineGraph(spec: GraphSpec): Uint8Array {
  const F = spec.weights.length;
  const K = spec.bias.length;
  const out = spec.output ?? 'y';
  const nodes: Array<Record<string, unknown>> = [];
  const inputs = spec.columns
    ? spec.columns.map((c) => valueInfo(c, ['N', 1]))
    : [valueInfo('x', spec.inputShape ?? ['N', F])];
  if (spec.columns) {
    nodes.push({
      opType: 'Concat',
      input: [...spec.columns],
      output: ['x'],
      attribute: [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 1 }],
    });
  }
  const head = spec.head ?? 'none';
  nodes.push({ opType: 'MatMul', input: ['x', 'W'], output: ['xw'] });
  nodes.push({ opType: 'Add', input: ['xw', 'b'], output: [head === 'none' ? out : 'z'] });
  if (head === 'softmax')
    nodes.push({
      opType: 'Softmax',
      input: ['z'],
      output: [out],
      attribute: [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 1 }],
    });
  else if (head === 'sigmoid') nodes.push({ opType: 'Sigmoid', input: ['z'], output: [out] });
  else if (typeof head === 'object') nodes.push({ opType: head.unknownOp, input: ['z'], output: [out] });
  const model = onnx.ModelProto.create({
    irVersion: 7,
    producerName: 'flywheel-test',
    opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name: 'affine',
      node: nodes,
      input: inputs,
      output: [valueInfo(out, ['N', K])],
      initializer: [
        { name: 'W', dims: [F, K], dataType: FLOAT, floatData: spec.weights.flat() },
        { name: 'b', dims: [K], dataType: FLOAT, floatData: [...spec.bias] },
      ],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

/** y = xW + b in float32 arithmetic as ORT computes it (for expected values in tests). */
export function affineReference(x: readonly number[], spec: GraphSpec): number[] {
  const f = Math.fround;
  return spec.bias.map((b, k) => {
    let s = 0;
    for (let j = 0; j < x.length; j++) s = f(s + f(f(x[j]!) * f(spec.weights[j]![k]!)));
    return f(s + f(b));
  });
}
