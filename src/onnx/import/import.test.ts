// Acceptance of ONNX import (issue 27 #2): a PyTorch MLP (src/onnx/fixtures/make_torch_mlp.py,
// outputs committed, so neither torch nor Python runs here) registered with the CLI, then scored
// on every path a native model takes — batch (`flywheel predict`), `flywheel eval`, serving over
// OIP v2 and REST with the prediction log, and a hot swap under an alias — each compared with
// PyTorch's own probabilities to 1e-5. Bad files are refused with the catalog's exit codes.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, ERROR_CATALOG } from '../../core/index.js';
import { initWorkspace, openPlatform, type Platform } from '../../platform.js';
import { readPredictionLog } from '../../prediction-log/index.js';
import { createServer } from '../../server/app.js';
import { runCli } from '../../testing/cli.js';
import { tempDir } from '../../testing/services.js';
import { affineGraph } from './graph.fixture.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const IRIS = fileURLToPath(new URL('../../../test/fixtures/data/iris.csv', import.meta.url));
const expected = JSON.parse(readFileSync(join(FIXTURES, 'torch_mlp.expected.json'), 'utf8')) as {
  columns: string[];
  probabilities: number[][];
  train_accuracy: number;
};
const irisRows = readFileSync(IRIS, 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split(',').map(Number));

/** |a − b| ≤ 1e-5 · max(1, |b|): PyTorch's float32 forward pass against ONNX Runtime's. */
function expectClose(got: readonly number[], want: readonly number[], what: string): void {
  expect(got.length, what).toBe(want.length);
  got.forEach((g, i) => {
    expect(Math.abs(g - want[i]!), `${what}[${i}]: ${g} vs ${want[i]}`).toBeLessThanOrEqual(
      1e-5 * Math.max(1, Math.abs(want[i]!)),
    );
  });
}

describe('an ONNX model from PyTorch, registered and used like a native model', () => {
  const dir = tempDir();
  let p: Platform;
  const cli = (...args: string[]) => runCli(['-C', dir.path, ...args]);

  beforeAll(async () => {
    await initWorkspace(dir.path, { env: {} });
    p = await openPlatform({ cwd: dir.path, env: {}, logger: createLogger({ level: 'silent' }) });
  });
  afterAll(async () => {
    await p.close();
    dir.cleanup();
  });

  it('registers with the CLI, its signature read from the graph and the --signature file', async () => {
    const r = await cli(
      'models',
      'register',
      'iris',
      '--onnx',
      join(FIXTURES, 'torch_mlp.onnx'),
      '--signature',
      join(FIXTURES, 'torch_mlp.signature.json'),
      '--json',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({
      version: { name: 'iris', version: 1 },
      signature: {
        inputs: [{ name: 'x', type: 'float32', columns: expected.columns, rank: 2, batch: null }],
        output: { name: 'probabilities', kind: 'probabilities', width: 3 },
        schema: { output: { task: 'multiclass', classes: [0, 1, 2] } },
      },
      bytes: readFileSync(join(FIXTURES, 'torch_mlp.onnx')).length,
    });
    const text = await cli(
      'models',
      'register',
      'iris',
      '--onnx',
      join(FIXTURES, 'torch_mlp.onnx'),
      '--signature',
      join(FIXTURES, 'torch_mlp.signature.json'),
    );
    expect(text.stdout).toMatch(
      /^Registered iris:2 from runs:\/[0-9a-z]+\/model \(ONNX, 2\.6 KiB, sha256 [0-9a-f]{12}\)\n {2}input {3}x float32\[N,4\] ← sepal length \(cm\)/,
    );
    const model = await p.registry.load('iris:1');
    expect(model.family).toBe('onnx');
  });

  it('scores in batch (flywheel predict) as PyTorch does, to 1e-5', async () => {
    const out = join(dir.path, 'scored.csv');
    const r = await cli('predict', 'iris:1', '--input', IRIS, '--output', out);
    expect(r.code, r.stderr).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    const header = lines[0]!.split(',');
    const cols = [0, 1, 2].map((k) => header.findIndex((h) => h.endsWith(`_${k}`) && h.includes('prob')));
    expect(
      cols.every((c) => c >= 0),
      header.join(','),
    ).toBe(true);
    expect(lines.length - 1).toBe(150);
    lines.slice(1).forEach((line, i) => {
      const cells = line.split(',').map(Number);
      expectClose(
        cols.map((c) => cells[c]!),
        expected.probabilities[i]!,
        `row ${i}`,
      );
    });
  });

  it('evaluates (flywheel eval) with the accuracy PyTorch measured', async () => {
    const r = await cli('eval', 'iris:1', '--data', IRIS, '--json');
    expect(r.code, r.stderr).toBe(0);
    const accuracy = r.json().report.metrics.accuracy as number;
    expect(accuracy).toBeCloseTo(expected.train_accuracy, 6);
  });

  it('serves over OIP v2 and REST, logs its predictions, and swaps versions under an alias', async () => {
    // Version 3: another graph with the same inputs — a hot swap must change the answers.
    const other = join(dir.path, 'other.onnx');
    writeFileSync(
      other,
      affineGraph({
        weights: [
          [0, 0, 1],
          [0, 0, 0],
          [0, 0, 0],
          [0, 0, 0],
        ],
        bias: [0, 0, 0],
        head: 'softmax',
      }),
    );
    const v3 = await p.registry.registerOnnx({
      name: 'iris',
      file: other,
      signature: { columns: expected.columns, classes: [0, 1, 2] },
    });
    expect(v3.version.version).toBe(3);
    await p.registry.setAlias('iris', 'production', 1);
    const serving = await p.serve({ refs: ['iris@production'], cwd: dir.path });
    const app = await createServer(p, { serving });
    try {
      const rows = irisRows.slice(0, 60);
      const infer = await app.inject({
        method: 'POST',
        url: '/v2/models/iris/infer',
        payload: {
          inputs: expected.columns.map((name, j) => ({
            name,
            shape: [rows.length],
            datatype: 'FP32',
            data: rows.map((r) => r[j]),
          })),
        },
      });
      expect(infer.statusCode, infer.body).toBe(200);
      const body = infer.json() as {
        model_version: string;
        outputs: Array<{ name: string; shape: number[]; data: number[] }>;
      };
      expect(body.model_version).toBe('1');
      const proba = body.outputs.find((o) => o.name === 'predict_proba')!;
      expect(proba.shape).toEqual([60, 3]);
      for (let i = 0; i < rows.length; i++)
        expectClose(proba.data.slice(i * 3, i * 3 + 3), expected.probabilities[i]!, `OIP row ${i}`);
      const meta = (await app.inject({ method: 'GET', url: '/v2/models/iris' })).json() as {
        platform: string;
      };
      expect(meta.platform).toBe('flywheel-onnx');

      const row = Object.fromEntries(expected.columns.map((c, j) => [c, irisRows[100]![j]]));
      const rest = await serving.predict('iris', { rows: [row] });
      expect(rest.model_version).toBe(1);
      expectClose(
        (rest as unknown as { probabilities: number[][] }).probabilities[0]!,
        expected.probabilities[100]!,
        'REST row 100',
      );

      // A row that does not fit the signature: the column is named, and nothing crashes.
      const bad = await app.inject({
        method: 'POST',
        url: '/models/iris/predict',
        payload: { rows: [{ 'sepal length (cm)': 1 }] },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('sepal width (cm)');

      // A missing value (null) the graph cannot take fails its own request only (known limit: as a
      // 500 whose hint names the cause, since serving accepts null for every feature), and the
      // server keeps answering.
      const nul = await app.inject({
        method: 'POST',
        url: '/models/iris/predict',
        payload: { rows: [{ ...row, 'petal width (cm)': null }] },
      });
      expect(nul.statusCode).toBe(500);
      expect(nul.json()).toMatchObject({
        code: 'INTERNAL',
        hint: expect.stringContaining('imported ONNX model'),
      });
      expect((await serving.predict('iris', { rows: [row] })).model_version).toBe(1);

      await p.registry.setAlias('iris', 'production', 3);
      expect(await serving.pollAliases()).toBe(1);
      const swapped = await serving.predict('iris', { rows: [row] });
      expect(swapped.model_version).toBe(3);
      // Version 3 is softmax([0, 0, sepal length]).
      const z = irisRows[100]![0]!;
      expect((swapped as unknown as { probabilities: number[][] }).probabilities[0]![2]).toBeCloseTo(
        Math.exp(z) / (2 + Math.exp(z)),
        5,
      );
    } finally {
      await app.close();
      await serving.close();
    }
    const { records } = await readPredictionLog(join(dir.path, '.flywheel', 'predictions'), 'iris');
    expect(records.length).toBeGreaterThanOrEqual(62);
    expect(new Set(records.map((r) => r.version))).toEqual(new Set([1, 3]));
    // Monitoring reads that traffic against reference data (an import has no training data recorded).
    const report = await p.monitoring.monitor({
      model: 'iris',
      reference: IRIS,
      window: '30',
      cwd: dir.path,
    });
    expect(report.windows.length).toBeGreaterThanOrEqual(2);
  });

  it('explains an imported model (sampled attributions, like any model without a tree or linear core)', async () => {
    const few = join(dir.path, 'few.csv');
    writeFileSync(few, readFileSync(IRIS, 'utf8').split('\n').slice(0, 6).join('\n'));
    const r = await cli('explain', 'iris:1', '--data', few, '--background', IRIS, '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.stringify(r.json())).toContain('petal length (cm)');
  });

  it('refuses bad files with the catalog exit codes, naming what is wrong', async () => {
    const bytes = readFileSync(join(FIXTURES, 'torch_mlp.onnx'));
    const cut = join(dir.path, 'cut.onnx');
    writeFileSync(cut, bytes.subarray(0, 1000));
    const truncated = await cli('models', 'register', 'bad', '--onnx', cut);
    expect(truncated.code).toBe(ERROR_CATALOG.DATA_INVALID.exit);
    expect(truncated.stderr).toContain('cut.onnx is not a valid ONNX model');

    const op = join(dir.path, 'op.onnx');
    writeFileSync(op, affineGraph({ weights: [[1]], bias: [0], head: { unknownOp: 'TotallyCustomOp' } }));
    const unknown = await cli('models', 'register', 'bad', '--onnx', op);
    expect(unknown.code).toBe(ERROR_CATALOG.UNSUPPORTED.exit);
    expect(unknown.stderr).toContain('operator TotallyCustomOp');

    const dyn = join(dir.path, 'dyn.onnx');
    writeFileSync(dyn, affineGraph({ weights: [[1], [2]], bias: [0], inputShape: ['batch', 'features'] }));
    const dynamic = await cli('models', 'register', 'bad', '--onnx', dyn);
    expect(dynamic.code).toBe(ERROR_CATALOG.UNSUPPORTED.exit);
    expect(dynamic.stderr).toContain('input "x" has a dynamic feature dimension "features"');

    const sig = join(dir.path, 'sig.json');
    writeFileSync(sig, JSON.stringify({ columns: ['a', 'b'] }));
    const mismatch = await cli(
      'models',
      'register',
      'bad',
      '--onnx',
      join(FIXTURES, 'torch_mlp.onnx'),
      '--signature',
      sig,
    );
    expect(mismatch.code).toBe(ERROR_CATALOG.SCHEMA_MISMATCH.exit);
    expect(mismatch.stderr).toContain('the signature names 2 column(s) for input "x", but the graph takes 4');

    const usage = await cli('models', 'register', 'bad', '--onnx', op, '--run', 'x');
    expect(usage.code).toBe(ERROR_CATALOG.USAGE.exit);
    // Nothing was registered by the failures.
    expect((await cli('models', 'show', 'bad')).code).toBe(ERROR_CATALOG.NOT_FOUND.exit);
  });
});
