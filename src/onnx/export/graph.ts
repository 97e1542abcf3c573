/**
 * A small builder for an ONNX graph as the plain object protobufjs encodes (snake_case fields of
 * onnx-ml.proto): unique value names, initializers (double tensors stored as raw little-endian
 * bytes, so every float64 weight goes in bit for bit), nodes with typed attributes, and the graph's
 * inputs and outputs. It knows nothing of Flywheel's models; the family writers use it.
 */
import { AttributeType, TensorType } from '../proto.js';

/** An attribute value: its ONNX type is chosen from the JS type (see `attr`). */
export type AttrValue =
  | { int: number }
  | { float: number }
  | { string: string }
  | { ints: readonly number[] }
  | { floats: readonly number[] }
  | { strings: readonly string[] }
  | { tensor: Record<string, unknown> };

/** A tensor element type of a graph input or output. */
export type ElemType = keyof typeof TensorType;

const utf8 = new TextEncoder();

/** A tensor proto of float64 values (raw bytes, little-endian as ONNX requires). */
export function doubleTensor(
  name: string,
  values: ArrayLike<number>,
  dims: readonly number[],
): Record<string, unknown> {
  const a = Float64Array.from(values);
  return { name, data_type: TensorType.DOUBLE, dims: [...dims], raw_data: new Uint8Array(a.buffer) };
}

/** A tensor proto of int64 values. */
export function int64Tensor(
  name: string,
  values: readonly number[],
  dims: readonly number[],
): Record<string, unknown> {
  return { name, data_type: TensorType.INT64, dims: [...dims], int64_data: [...values] };
}

/** A tensor proto of strings. */
export function stringTensor(
  name: string,
  values: readonly string[],
  dims: readonly number[],
): Record<string, unknown> {
  return {
    name,
    data_type: TensorType.STRING,
    dims: [...dims],
    string_data: values.map((v) => utf8.encode(v)),
  };
}

function attribute(name: string, v: AttrValue): Record<string, unknown> {
  if ('int' in v) return { name, type: AttributeType.INT, i: v.int };
  if ('float' in v) return { name, type: AttributeType.FLOAT, f: v.float };
  if ('string' in v) return { name, type: AttributeType.STRING, s: utf8.encode(v.string) };
  if ('ints' in v) return { name, type: AttributeType.INTS, ints: [...v.ints] };
  if ('floats' in v) return { name, type: AttributeType.FLOATS, floats: [...v.floats] };
  if ('strings' in v)
    return { name, type: AttributeType.STRINGS, strings: v.strings.map((s) => utf8.encode(s)) };
  return { name, type: AttributeType.TENSOR, t: v.tensor };
}

function valueInfo(
  name: string,
  elem: ElemType,
  dims: readonly (number | string)[],
): Record<string, unknown> {
  return {
    name,
    type: {
      tensor_type: {
        elem_type: TensorType[elem],
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d })) },
      },
    },
  };
}

/** Builds one graph. */
export class GraphBuilder {
  private readonly nodes: Record<string, unknown>[] = [];
  private readonly initializers: Record<string, unknown>[] = [];
  private readonly inputs: Record<string, unknown>[] = [];
  private readonly outputs: Record<string, unknown>[] = [];
  private readonly infos: Record<string, unknown>[] = [];
  private readonly used = new Set<string>();
  /** Operator domains the nodes use (for the model's opset imports). */
  readonly domains = new Set<string>(['']);

  /** A value name not used yet, from `base`. */
  name(base: string): string {
    let name = base;
    for (let i = 1; this.used.has(name); i++) name = `${base}_${i}`;
    this.used.add(name);
    return name;
  }

  /** Declare a graph input with exactly this name (a feature's name). */
  input(name: string, elem: ElemType, dims: readonly (number | string)[]): string {
    this.used.add(name);
    this.inputs.push(valueInfo(name, elem, dims));
    return name;
  }

  /** Declare a graph output (an existing value). */
  output(name: string, elem: ElemType, dims: readonly (number | string)[]): void {
    this.outputs.push(valueInfo(name, elem, dims));
  }

  /**
   * Declare the type of an intermediate value, for operators whose schema infers none (ONNX 1.12's
   * OneHotEncoder), so the checker's strict shape inference can go on past them.
   */
  valueInfo(name: string, elem: ElemType, dims: readonly (number | string)[]): void {
    this.infos.push(valueInfo(name, elem, dims));
  }

  /** A float64 constant. */
  doubles(base: string, values: ArrayLike<number>, dims: readonly number[] = [values.length]): string {
    const name = this.name(base);
    this.initializers.push(doubleTensor(name, values, dims));
    return name;
  }

  /** An int64 constant. */
  int64s(base: string, values: readonly number[], dims: readonly number[] = [values.length]): string {
    const name = this.name(base);
    this.initializers.push(int64Tensor(name, values, dims));
    return name;
  }

  /** A string constant. */
  strings(base: string, values: readonly string[], dims: readonly number[] = [values.length]): string {
    const name = this.name(base);
    this.initializers.push(stringTensor(name, values, dims));
    return name;
  }

  /** Add a node; returns its output names (`outputs` of them, named from `base`). */
  node(
    op: string,
    inputs: readonly string[],
    attrs: Record<string, AttrValue> = {},
    options: { domain?: string; base?: string; outputs?: number } = {},
  ): string[] {
    const domain = options.domain ?? '';
    this.domains.add(domain);
    const base = options.base ?? op.toLowerCase();
    const outs = Array.from({ length: options.outputs ?? 1 }, () => this.name(base));
    this.nodes.push({
      op_type: op,
      domain,
      name: this.name(`${op}_node`),
      input: [...inputs],
      output: outs,
      attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
    });
    return outs;
  }

  /** Add a node with one output. */
  op(
    op: string,
    inputs: readonly string[],
    attrs: Record<string, AttrValue> = {},
    options: { domain?: string; base?: string } = {},
  ): string {
    return this.node(op, inputs, attrs, options)[0]!;
  }

  /** The GraphProto object. */
  graph(name: string, doc: string): Record<string, unknown> {
    return {
      name,
      doc_string: doc,
      node: this.nodes,
      initializer: this.initializers,
      input: this.inputs,
      output: this.outputs,
      value_info: this.infos,
    };
  }
}
