/**
 * What the exported graph is (opsets, inputs, outputs, no ZipMap, the tree nodes' routing) and
 * why its precision choices matter: a value between a threshold and the threshold's float32
 * rounding goes the way Flywheel sends it only with double thresholds. Hand-built models from
 * src/models/test-models.fixture.ts, whose outputs are known.
 */
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { FlywheelError } from '../../core/index.js';
import { createTable } from '../../data/index.js';
import type { Model } from '../../models/index.js';
import { linearModel, mlpModel, treeData, treeModel } from '../../models/test-models.fixture.js';
import { decodeModel } from '../proto.js';
import { exportOnnx } from './export.js';

interface Node {
  op_type: string;
  domain?: string;
  attribute?: { name: string; strings?: Uint8Array[]; ints?: number[] }[];
}

function nodes(bytes: Uint8Array): Node[] {
  return (decodeModel(bytes).graph as { node: Node[] }).node;
}

async function run(model: Model, feeds: Record<string, ort.Tensor>): Promise<Record<string, ort.Tensor>> {
  const session = await ort.InferenceSession.create(exportOnnx(model).bytes);
  try {
    return await session.run(feeds);
  } finally {
    await session.release();
  }
}

describe('exportOnnx', () => {
  it('declares one input per raw column and plain outputs (no ZipMap)', () => {
    const e = exportOnnx(linearModel());
    expect(e.inputs).toEqual([
      { name: 'x', type: 'double', shape: ['N', 1] },
      { name: 'c', type: 'string', shape: ['N', 1] },
    ]);
    expect(e.outputs).toEqual([
      { name: 'label', type: 'int64', shape: ['N'] },
      { name: 'probabilities', type: 'double', shape: ['N', 2] },
    ]);
    expect(e.opsets).toEqual([
      { domain: '', version: 17 },
      { domain: 'ai.onnx.ml', version: 3 },
    ]);
    const ops = nodes(e.bytes).map((n) => n.op_type);
    expect(ops).not.toContain('ZipMap');
    expect(ops).toContain('OneHotEncoder');
    expect(ops).toContain('MatMul');
  });

  it('writes the linear model of the fixture: z = 0.5·(x − 1)/2 + [c=a] − [c=b] − 0.25, missing x → 1', async () => {
    const out = await run(linearModel(), {
      x: new ort.Tensor('float64', Float64Array.of(3, Number.NaN, 1), [3, 1]),
      c: new ort.Tensor('string', ['a', 'b', 'unseen'], [3, 1]),
    });
    const z = [0.5 * 1 + 1 - 0.25, 0 - 1 - 0.25, -0.25];
    const p = out.probabilities!.data as Float64Array;
    z.forEach((v, r) => {
      expect(p[2 * r + 1]).toBeCloseTo(1 / (1 + Math.exp(-v)), 15);
    });
    expect(Array.from(out.label!.data as BigInt64Array, Number)).toEqual([1, 0, 0]);
  });

  it('routes the fixture tree: x ≤ 0.5 (missing left), then c ∈ {a, c} left; unknown c is missing', async () => {
    const out = await run(treeModel(), {
      x: new ort.Tensor('float64', Float64Array.of(0.7, 0.2, 0.2, 0.2, Number.NaN, 0.2), [6, 1]),
      c: new ort.Tensor('string', ['a', 'a', 'b', 'c', 'd', 'zzz'], [6, 1]),
    });
    // base 0.1 + leaf: right 0.75; c in {a,c} → −1; else 0.25 (b, d; an unknown code is NaN and
    // the categorical node's missing direction is right).
    const got = Array.from(out.value!.data as Float64Array);
    // The regressor's output is float32 (ONNX's type), cast to float64: equal to ~1e-7.
    [0.85, -0.9, 0.35, -0.9, 0.35, 0.35].forEach((v, r) => {
      expect(got[r]).toBeCloseTo(v, 6);
    });
    const tree = nodes(exportOnnx(treeModel()).bytes).find((n) => n.op_type === 'TreeEnsembleRegressor')!;
    const modes = tree
      .attribute!.find((a) => a.name === 'nodes_modes')!
      .strings!.map((s) => new TextDecoder().decode(s));
    expect(modes.filter((m) => m === 'BRANCH_EQ')).toHaveLength(2);
  });

  it('keeps thresholds in float64: a value between t and float32(t) goes where Flywheel sends it', async () => {
    const d = treeData();
    d.threshold[0] = 0.1; // float32(0.1) = 0.10000000149…
    const model = treeModel(d);
    const x = 0.1000000001; // > 0.1, < float32(0.1): right in float64, left in float32
    const expected = model.predict(
      createTable(
        ['x', 'c'],
        [
          { kind: 'float64', values: Float64Array.of(x), nulls: null },
          { kind: 'dictionary', codes: Int32Array.of(0), dictionary: ['a'] },
        ],
      ),
    ).values[0];
    expect(expected).toBeCloseTo(0.85, 12);
    const out = await run(model, {
      x: new ort.Tensor('float64', Float64Array.of(x), [1, 1]),
      c: new ort.Tensor('string', ['a'], [1, 1]),
    });
    expect((out.value!.data as Float64Array)[0]).toBeCloseTo(0.85, 6);
  });

  it('writes the MLP as MatMul/Add/Relu and matches predictRow', async () => {
    const model = mlpModel();
    const ops = nodes(exportOnnx(model).bytes).map((n) => n.op_type);
    expect(ops.filter((o) => o === 'Relu')).toHaveLength(1);
    const out = await run(model, {
      x: new ort.Tensor('float64', Float64Array.of(-2), [1, 1]),
      c: new ort.Tensor('string', ['c'], [1, 1]),
    });
    const p = model.predictRow({ x: -2, c: 'c' })[0]!;
    expect((out.probabilities!.data as Float64Array)[1]).toBeCloseTo(p, 15);
  });

  it('refuses a family it cannot write, naming it, with a hint', () => {
    const imported = { ...linearModel(), family: 'onnx' } as unknown as Model;
    expect(() => exportOnnx(imported)).toThrowError(FlywheelError);
    expect(() => exportOnnx(imported)).toThrow(/does not support an imported ONNX model/);
    const odd = { ...linearModel(), family: 'mlp' } as Model;
    try {
      exportOnnx(odd);
      expect.unreachable();
    } catch (error) {
      expect((error as FlywheelError).code).toBe('UNSUPPORTED');
      expect((error as FlywheelError).message).toMatch(/mlp family with a LinearScorer core/);
      expect((error as FlywheelError).hint).toMatch(/linear, gbdt and mlp/);
    }
  });
});
