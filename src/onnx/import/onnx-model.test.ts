import { describe, expect, it } from 'vitest';
import { createTable } from '../../data/table.js';
import { affineGraph, affineReference, type GraphSpec } from './graph.fixture.js';
import { DEFAULT_ONNX_RUNTIME } from './onnx-config.js';
import { createOnnxModel } from './onnx-model.js';
import { openOrtSession, sessionOptions } from './ort-session.js';
import { resolveSignature, type SignatureFile } from './signature.js';

const W = [
  [0.5, -1, 0.25],
  [2, 0.5, -0.75],
];
const B = [0.1, -0.2, 0.3];

async function open(spec: GraphSpec, file?: SignatureFile) {
  const session = await openOrtSession(affineGraph(spec), DEFAULT_ONNX_RUNTIME, 'test.onnx');
  return createOnnxModel(session, resolveSignature(session, file, 'test.onnx'));
}

const softmax = (z: number[]) => {
  const e = z.map((v) => Math.exp(v - Math.max(...z)));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
};

const num = (values: number[]) => ({
  kind: 'float64' as const,
  values: Float64Array.from(values),
  nulls: null,
});

describe('an imported ONNX graph as a Model', () => {
  it('scores a table and a row through ONNX Runtime, columns named by the signature', async () => {
    const model = await open(
      { weights: W, bias: B, head: 'softmax' },
      { columns: ['a', 'b'], task: 'multiclass', classes: ['x', 'y', 'z'] },
    );
    expect(model.family).toBe('onnx');
    expect(model.schema.features.map((f) => f.name)).toEqual(['a', 'b']);
    const rows = [
      [1, 2],
      [-3, 0.5],
      [0, 0],
    ];
    const table = createTable(['b', 'a'], [num(rows.map((r) => r[1]!)), num(rows.map((r) => r[0]!))], 3);
    const p = model.predict(table);
    expect(p).toMatchObject({ task: 'multiclass', classes: ['x', 'y', 'z'], width: 3, rowCount: 3 });
    rows.forEach((r, i) => {
      // Softmax of ORT's float32 affine map, computed here in float64: agreement to float32 precision.
      const want = softmax(affineReference(r, { weights: W, bias: B }));
      for (let k = 0; k < 3; k++) expect(p.values[i * 3 + k]).toBeCloseTo(want[k]!, 6);
      const one = model.predictRow({ a: r[0]!, b: r[1]! });
      expect(Array.from(one)).toEqual(Array.from(p.values.subarray(i * 3, i * 3 + 3)));
    });
  });

  it('takes one [N,1] input per column, named after the inputs', async () => {
    const model = await open({ columns: ['u', 'v'], weights: [[1.5], [-2]], bias: [0.25] });
    expect(model.schema.output.task).toBe('regression');
    expect(model.schema.features.map((f) => f.name)).toEqual(['u', 'v']);
    const [y] = model.predictRow({ u: 2, v: 1 });
    expect(y).toBeCloseTo(1.5 * 2 - 2 + 0.25, 6);
  });

  it('turns binary logits of width 2 into P(classes[1]) (sigmoid of their difference)', async () => {
    const model = await open(
      { weights: [[1, -1]], bias: [0, 0.5] },
      { columns: ['x'], classes: ['no', 'yes'], output_kind: 'logits' },
    );
    expect(model.schema.output.task).toBe('binary');
    expect(model.link).toBe('sigmoid');
    const [p] = model.predictRow({ x: 0.75 });
    expect(p).toBeCloseTo(softmax([0.75, -0.75 + 0.5])[1]!, 6);
  });

  it('runs a graph whose batch dimension is fixed one chunk at a time', async () => {
    const model = await open({ weights: [[2]], bias: [1], inputShape: [1, 1] }, { columns: ['x'] });
    const p = model.predict(createTable(['x'], [num([1, 2, 3])], 3));
    expect(Array.from(p.values)).toEqual([3, 5, 7]);
  });
});

describe('bad ONNX input: clear errors naming the operator or the input', () => {
  const good = { weights: W, bias: B };

  it('refuses a truncated file', async () => {
    const bytes = affineGraph(good);
    await expect(
      openOrtSession(bytes.subarray(0, bytes.length - 17), DEFAULT_ONNX_RUNTIME, 'cut.onnx'),
    ).rejects.toMatchObject({
      code: 'DATA_INVALID',
      message: expect.stringMatching(/^cut\.onnx is not a valid ONNX model: .*protobuf parsing failed/),
    });
  });

  it('names an operator ONNX Runtime does not have', async () => {
    const bytes = affineGraph({ ...good, head: { unknownOp: 'FlywheelNoSuchOp' } });
    await expect(openOrtSession(bytes, DEFAULT_ONNX_RUNTIME, 'op.onnx')).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message: 'op.onnx: ONNX Runtime has no kernel for operator FlywheelNoSuchOp',
      details: { operator: 'FlywheelNoSuchOp' },
    });
  });

  it('names an input whose feature dimension is dynamic, and resolves it from the signature', async () => {
    await expect(open({ ...good, inputShape: ['N', 'F'] })).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message: 'test.onnx: input "x" has a dynamic feature dimension "F" that cannot be resolved',
      details: { input: 'x' },
    });
    const model = await open({ ...good, inputShape: ['N', 'F'] }, { columns: ['p', 'q'] });
    expect(model.schema.features.map((f) => f.name)).toEqual(['p', 'q']);
  });

  it('names an input of an unsupported shape', async () => {
    await expect(open({ ...good, inputShape: ['N', 3, 2] })).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message: expect.stringContaining('input "x" has shape [N, 3, 2]'),
    });
  });

  it('refuses a signature that does not match the graph, naming the input or output', async () => {
    await expect(open(good, { columns: ['a', 'b', 'c'] })).rejects.toMatchObject({
      code: 'SCHEMA_MISMATCH',
      message: 'test.onnx: the signature names 3 column(s) for input "x", but the graph takes 2',
    });
    await expect(open(good, { inputs: { X: ['a', 'b'] } })).rejects.toMatchObject({
      code: 'SCHEMA_MISMATCH',
      message: 'test.onnx: the signature names input "X", which the graph does not have',
      hint: 'Did you mean "x"? Its inputs are x.',
    });
    await expect(open(good, { output: 'probs' })).rejects.toMatchObject({
      code: 'SCHEMA_MISMATCH',
      details: { output: 'probs' },
    });
    await expect(open(good, { task: 'binary' })).rejects.toMatchObject({
      code: 'SCHEMA_MISMATCH',
      message: expect.stringContaining('cannot read output "y" of width 3'),
    });
  });

  it('refuses data that does not match the signature, naming the column', async () => {
    const model = await open(good, { columns: ['a', 'b'], classes: [0, 1, 2] });
    expect(() => model.predict(createTable(['a'], [num([1])], 1))).toThrow(
      expect.objectContaining({ code: 'SCHEMA_MISMATCH', message: expect.stringContaining('b') }),
    );
    expect(() => model.predictRow({ a: 1, b: null })).toThrow(
      expect.objectContaining({
        code: 'DATA_INVALID',
        message:
          'Column "b" of row 0 is missing: the imported ONNX model (input "x") takes finite numbers only',
      }),
    );
  });
});

describe('the synchronous session seam', () => {
  it('gives what the public async API of onnxruntime-node gives, with the same options', async () => {
    const bytes = affineGraph({ weights: W, bias: B, head: 'softmax' });
    const ours = await openOrtSession(bytes, DEFAULT_ONNX_RUNTIME, 'seam.onnx');
    const ort = await import('onnxruntime-node');
    const theirs = await ort.InferenceSession.create(bytes, sessionOptions(DEFAULT_ONNX_RUNTIME));
    expect(ours.inputs.map((i) => i.name)).toEqual(theirs.inputNames);
    expect(ours.outputs.map((o) => o.name)).toEqual(theirs.outputNames);
    const x = new Float32Array([1, 2, -3, 0.5, 7, -1]);
    const a = ours.run({ x: { type: 'float32', data: x, dims: [3, 2] } }, ['y']).y!;
    const b = (await theirs.run({ x: new ort.Tensor('float32', x, [3, 2]) })).y!;
    expect(Array.from(a.data as Float32Array)).toEqual(Array.from(b.data as Float32Array));
    expect(a.dims).toEqual(b.dims);
    await theirs.release();
  });
});

describe('onnx_runtime: in flywheel.yaml', () => {
  const base = 'version: 1\nmetadata:\n  url: sqlite:m.db\nartifacts:\n  url: file:objects\n';
  it('fills in defaults and names a wrong value with its line', async () => {
    const { parseConfig } = await import('../../workspace-config.js');
    expect(parseConfig(base, 'flywheel.yaml').onnx_runtime).toEqual(DEFAULT_ONNX_RUNTIME);
    const set = parseConfig(
      `${base}onnx_runtime:\n  intra_op_threads: 4\n  graph_optimization: basic\n`,
      'flywheel.yaml',
    );
    expect(sessionOptions(set.onnx_runtime)).toMatchObject({
      intraOpNumThreads: 4,
      graphOptimizationLevel: 'basic',
    });
    expect(() => parseConfig(`${base}onnx_runtime:\n  graph_optimization: max\n`, 'flywheel.yaml')).toThrow(
      expect.objectContaining({
        where: expect.objectContaining({ line: 7, path: 'onnx_runtime.graph_optimization' }),
      }),
    );
  });
});

describe('registering: the size bound', () => {
  it('refuses a file over onnx_runtime.max_model_bytes before reading it', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { registerOnnxModel } = await import('./register.js');
    const dir = mkdtempSync(join(tmpdir(), 'onnx-size-'));
    writeFileSync(join(dir, 'big.onnx'), affineGraph({ weights: W, bias: B }));
    const never = () => {
      throw new Error('nothing is logged or registered for a refused file');
    };
    await expect(
      registerOnnxModel(
        { config: { ...DEFAULT_ONNX_RUNTIME, max_model_bytes: 64 }, startRun: never, registerVersion: never },
        { name: 'big', file: 'big.onnx', cwd: dir },
      ),
    ).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE', details: { max: 64 } });
  });
});
