/**
 * The ONNX protobuf schema through protobufjs (one maintained protobuf library, not a hand-rolled
 * writer): the published onnx-ml.proto (ONNX 1.12, copied beside this file) compiled to protobufjs's
 * JSON descriptor (onnx-ml.schema.ts, by scripts/onnx-schema.mjs), loaded once on first use. Field
 * names keep the .proto's snake_case (`ir_version`, `opset_import`), so code reads like the ONNX
 * spec. Both the exporter (src/onnx/export) and the importer read models through here.
 */
import protobuf from 'protobufjs/light.js';
import { FlywheelError } from '../core/index.js';
import { ONNX_ML_SCHEMA } from './onnx-ml.schema.js';

/** ONNX TensorProto.DataType values used by Flywheel. */
export const TensorType = {
  FLOAT: 1,
  INT64: 7,
  STRING: 8,
  DOUBLE: 11,
} as const;

/** ONNX AttributeProto.AttributeType values. */
export const AttributeType = {
  FLOAT: 1,
  INT: 2,
  STRING: 3,
  TENSOR: 4,
  FLOATS: 6,
  INTS: 7,
  STRINGS: 8,
} as const;

/** The message types of the schema this module uses. */
export interface OnnxTypes {
  ModelProto: protobuf.Type;
  GraphProto: protobuf.Type;
  NodeProto: protobuf.Type;
  TensorProto: protobuf.Type;
}

let types: OnnxTypes | undefined;

/** The ONNX message types (the schema is parsed on the first call). */
export function onnxTypes(): OnnxTypes {
  if (types === undefined) {
    const root = protobuf.Root.fromJSON(ONNX_ML_SCHEMA as protobuf.INamespace);
    types = {
      ModelProto: root.lookupType('onnx.ModelProto'),
      GraphProto: root.lookupType('onnx.GraphProto'),
      NodeProto: root.lookupType('onnx.NodeProto'),
      TensorProto: root.lookupType('onnx.TensorProto'),
    };
  }
  return types;
}

/** Encode a ModelProto given as a plain object (snake_case fields; checked against the schema). */
export function encodeModel(model: Record<string, unknown>): Uint8Array {
  const { ModelProto } = onnxTypes();
  const problem = ModelProto.verify(model);
  if (problem !== null)
    throw new FlywheelError('INTERNAL', `The ONNX model built is not a valid ModelProto: ${problem}`, {
      hint: 'This is a bug in the exporter; please report it with the model.',
    });
  return ModelProto.encode(ModelProto.fromObject(model)).finish();
}

/** Decode ONNX bytes into a plain object (int64 as numbers or strings, bytes as Uint8Array). */
export function decodeModel(bytes: Uint8Array): Record<string, unknown> {
  const { ModelProto } = onnxTypes();
  return ModelProto.toObject(ModelProto.decode(bytes), {
    longs: Number,
    enums: Number,
    defaults: false,
    arrays: true,
  });
}
