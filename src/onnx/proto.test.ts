/**
 * The committed JSON descriptor (onnx-ml.schema.ts) is what protobufjs makes of the committed
 * onnx-ml.proto (regenerate with `node scripts/onnx-schema.mjs`), and a model written through it
 * reads back field for field.
 */
import { readFileSync } from 'node:fs';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { ONNX_ML_SCHEMA } from './onnx-ml.schema.js';
import { decodeModel, encodeModel, TensorType } from './proto.js';

describe('ONNX schema', () => {
  it('the descriptor matches onnx-ml.proto', () => {
    const text = readFileSync(new URL('onnx-ml.proto', import.meta.url), 'utf8');
    const parsed = protobuf.parse(text, { keepCase: true }).root.toJSON();
    expect(JSON.parse(JSON.stringify(ONNX_ML_SCHEMA))).toEqual(JSON.parse(JSON.stringify(parsed)));
  });

  it('encodes and decodes a ModelProto', () => {
    const bytes = encodeModel({
      ir_version: 8,
      producer_name: 'flywheel',
      opset_import: [{ domain: '', version: 17 }],
      graph: {
        name: 'g',
        initializer: [{ name: 'c', data_type: TensorType.DOUBLE, dims: [2], double_data: [1.5, -2] }],
      },
    });
    const back = decodeModel(bytes) as {
      ir_version: number;
      graph: { initializer: { double_data: number[] }[] };
    };
    expect(back.ir_version).toBe(8);
    expect(back.graph.initializer[0]!.double_data).toEqual([1.5, -2]);
  });

  it('refuses an object that is not a ModelProto', () => {
    expect(() => encodeModel({ ir_version: 'eight' })).toThrow(/ModelProto/);
  });
});
