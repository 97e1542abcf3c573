/**
 * One ONNX Runtime session, run synchronously. Flywheel's `Model` scores synchronously (the
 * serving batcher, batch jobs, evaluation and explanations all call `predict` inline), and
 * onnxruntime-node's native session runs synchronously too: only its JS wrapper defers `run` to a
 * later tick and returns a promise. So this module opens the native session itself (the package's
 * `dist/binding.js`, the object its own wrapper calls) and runs it inline, with the same session
 * options. That is a seam on one package version (1.31): ort-session.test.ts compares it with the
 * public async API, so an upgrade that changes the binding fails there first. ONNX Runtime is
 * loaded on the first session, so commands that never open an ONNX model never load it.
 * ORT's load errors (a truncated file, an operator it has no kernel for) become FlywheelErrors
 * that name the file and the operator.
 */
import { createRequire } from 'node:module';
import { FlywheelError } from '../../core/index.js';
import type { OnnxRuntimeConfig } from './onnx-config.js';

/** An element type of a tensor, as ONNX Runtime's JS API names it. */
export type TensorType =
  | 'float32'
  | 'float64'
  | 'int64'
  | 'int32'
  | 'uint8'
  | 'int8'
  | 'bool'
  | 'string'
  | 'float16'
  | 'int16'
  | 'uint16'
  | 'uint32'
  | 'uint64';

/** A graph input or output as the session reports it. */
export interface ValueInfo {
  name: string;
  /** Null for a non-tensor value (a sequence or a map, e.g. ZipMap's output). */
  type: TensorType | null;
  /** Each dimension's size, or its symbolic name ('' when unnamed) for a dynamic one. */
  shape: Array<number | string>;
}

/** A tensor to feed or one that came back. */
export interface TensorValue {
  type: TensorType;
  data: Float32Array | Float64Array | BigInt64Array | Int32Array | Uint8Array | Int8Array;
  dims: readonly number[];
}

/** An open session that runs inline. */
export interface OrtSession {
  readonly inputs: readonly ValueInfo[];
  readonly outputs: readonly ValueInfo[];
  /** Run the graph on `feeds`, returning the outputs named in `fetch`. */
  run(feeds: Record<string, TensorValue>, fetch: readonly string[]): Record<string, TensorValue>;
  /** Release the native session (later runs fail). */
  dispose(): void;
}

interface NativeMetadata {
  name: string;
  isTensor: boolean;
  symbolicDimensions: string[];
  shape: number[];
  type: number;
}

interface NativeSession {
  loadModel(buffer: ArrayBuffer, offset: number, length: number, options: object): Promise<void>;
  readonly inputMetadata: NativeMetadata[];
  readonly outputMetadata: NativeMetadata[];
  run(
    feeds: Record<string, unknown>,
    fetches: Record<string, null>,
    options: object,
  ): Record<string, TensorValue>;
  dispose(): void;
}

interface Runtime {
  binding: { InferenceSession: new () => NativeSession };
  initOrt(): void;
  Tensor: new (type: TensorType, data: TensorValue['data'], dims: readonly number[]) => unknown;
}

// The element types by ONNX's TensorProto.DataType number (what the binding reports).
const TYPES: ReadonlyArray<TensorType | undefined> = [
  undefined,
  'float32',
  'uint8',
  'int8',
  'uint16',
  'int16',
  'int32',
  'int64',
  'string',
  'bool',
  'float16',
  'float64',
  'uint32',
  'uint64',
];

let runtime: Runtime | undefined;

function loadRuntime(): Runtime {
  if (runtime === undefined) {
    const require = createRequire(import.meta.url);
    const native = require('onnxruntime-node/dist/binding.js') as Pick<Runtime, 'binding' | 'initOrt'>;
    const { Tensor } = require('onnxruntime-node') as Pick<Runtime, 'Tensor'>;
    runtime = { binding: native.binding, initOrt: native.initOrt, Tensor };
  }
  return runtime;
}

/** ONNX Runtime's session options from the `onnx_runtime:` settings. */
export function sessionOptions(config: OnnxRuntimeConfig): Record<string, unknown> {
  return {
    intraOpNumThreads: config.intra_op_threads,
    interOpNumThreads: config.inter_op_threads,
    graphOptimizationLevel: config.graph_optimization,
    executionMode: config.execution_mode,
    // Flywheel's errors say what went wrong; ORT's own warnings would go to stderr unasked.
    logSeverityLevel: 3,
  };
}

/** Open a session on an ONNX model's bytes; `where` names the file or version in errors. */
export async function openOrtSession(
  bytes: Uint8Array,
  config: OnnxRuntimeConfig,
  where: string,
): Promise<OrtSession> {
  const ort = loadRuntime();
  ort.initOrt();
  const native = new ort.binding.InferenceSession();
  // The binding reads the bytes while loading: give it its own copy (a Buffer may share a pool).
  const copy = new Uint8Array(bytes);
  try {
    await native.loadModel(copy.buffer, 0, copy.byteLength, sessionOptions(config));
  } catch (error) {
    throw loadError(error, where);
  }
  const inputs = native.inputMetadata.map(valueInfo);
  const outputs = native.outputMetadata.map(valueInfo);
  return {
    inputs,
    outputs,
    run(feeds, fetch) {
      const tensors: Record<string, unknown> = {};
      for (const [name, t] of Object.entries(feeds)) tensors[name] = new ort.Tensor(t.type, t.data, t.dims);
      const fetches = Object.fromEntries(fetch.map((name) => [name, null]));
      try {
        return native.run(tensors, fetches, {});
      } catch (error) {
        throw runError(error, where);
      }
    },
    dispose: () => native.dispose(),
  };
}

function valueInfo(m: NativeMetadata): ValueInfo {
  if (!m.isTensor) return { name: m.name, type: null, shape: [] };
  const shape = m.shape.map((d, i) => (d >= 0 ? d : (m.symbolicDimensions[i] ?? '')));
  return { name: m.name, type: TYPES[m.type] ?? null, shape };
}

/** ORT's message for a load failure, made into a FlywheelError naming what it can. */
export function loadError(error: unknown, where: string): FlywheelError {
  const message = error instanceof Error ? error.message : String(error);
  const op =
    /Could not find an implementation for (\S+?)\(/.exec(message)?.[1] ??
    /No Op registered for (\S+)/.exec(message)?.[1] ??
    /Unrecognized attribute: .* for operator (\S+)/.exec(message)?.[1];
  if (op !== undefined) {
    return new FlywheelError('UNSUPPORTED', `${where}: ONNX Runtime has no kernel for operator ${op}`, {
      where: { file: where },
      hint: `Export the model without ${op} (another opset, or standard ONNX operators); custom operators are not loaded. ONNX Runtime said: ${oneLine(message)}`,
      details: { operator: op },
      cause: error,
    });
  }
  const parse = /protobuf parsing failed|failed to load model|parse|invalid model|ModelProto/i.test(message);
  return new FlywheelError('DATA_INVALID', `${where} is not a valid ONNX model: ${oneLine(message)}`, {
    where: { file: where },
    hint: parse
      ? 'The file is truncated or is not an ONNX protobuf; export it again (torch.onnx.export, skl2onnx, onnxmltools) and check it with onnx.checker.'
      : 'Check the model with onnx.checker, or load it with onnxruntime in Python to see the same message.',
    cause: error,
  });
}

function runError(error: unknown, where: string): FlywheelError {
  const message = error instanceof Error ? error.message : String(error);
  return new FlywheelError(
    'DATA_INVALID',
    `${where}: ONNX Runtime failed to run the model: ${oneLine(message)}`,
    {
      hint: 'The inputs did not fit the graph (shape or type); check the signature (flywheel models register --signature).',
      cause: error,
    },
  );
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 400 ? `${line.slice(0, 400)}…` : line;
}
