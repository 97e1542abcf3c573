/**
 * `flywheel export`, in process: a registered version (trained on iris by `flywheel train
 * --register`) exported to a file that ONNX Runtime scores like `flywheel predict`'s model, the
 * file stored as the run artifact `model.onnx` with the version tag, `--json`, `--help`, a model
 * folder (exported, not stored), and the errors for an unknown format and an unknown model.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, sha256 } from '../../core/index.js';
import { readTable } from '../../data/index.js';
import { saveModel } from '../../models/index.js';
import { type OnnxValue, onnxFeeds } from '../../onnx/index.js';
import { openPlatform } from '../../platform.js';
import { tempDir } from '../../testing/services.js';
import { main } from '../main.js';

const IRIS = fileURLToPath(new URL('../../../test/fixtures/data/iris.csv', import.meta.url));

async function run(cwd: string, args: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const code = await main(
    ['-C', cwd, ...args],
    { stdout, stderr: stderr as unknown as NodeJS.WriteStream },
    {},
  );
  return { code, out, err };
}

describe('flywheel export', () => {
  const dir = tempDir('flywheel-export-cli-');
  beforeAll(async () => {
    for (const args of [
      ['init', '.'],
      ['data', 'add', IRIS, '--name', 'iris'],
      [
        'train',
        '--data',
        'iris:1',
        '--target',
        'target',
        '--model',
        'gbdt',
        '-p',
        'n_estimators=5',
        '--register',
        'iris',
      ],
    ]) {
      const r = await run(dir.path, args);
      expect(r.code, r.err).toBe(0);
    }
  }, 60_000);
  afterAll(() => dir.cleanup());

  it('exports a registered version, stores it with the version, and scores like the model', async () => {
    const r = await run(dir.path, ['--json', 'export', 'iris:1', '--format', 'onnx', '-o', 'iris.onnx']);
    expect(r.code, r.err).toBe(0);
    const result = JSON.parse(r.out) as {
      path: string;
      bytes: number;
      sha256: string;
      inputs: OnnxValue[];
      outputs: OnnxValue[];
      opsets: unknown[];
      stored: { artifact: string; runId: string; tag: string };
    };
    expect(result.path).toBe(join(dir.path, 'iris.onnx'));
    const bytes = readFileSync(result.path);
    expect(result.bytes).toBe(bytes.length);
    expect(result.sha256).toBe(sha256(bytes));
    expect(result.inputs.map((i) => i.name)).toEqual([
      'sepal length (cm)',
      'sepal width (cm)',
      'petal length (cm)',
      'petal width (cm)',
    ]);
    expect(result.outputs.map((o) => o.name)).toEqual(['label', 'probabilities']);
    expect(result.opsets).toEqual([
      { domain: '', version: 17 },
      { domain: 'ai.onnx.ml', version: 3 },
    ]);
    expect(result.stored).toMatchObject({ artifact: 'model.onnx', tag: 'flywheel.onnx_export' });

    const platform = await openPlatform({
      cwd: dir.path,
      env: {},
      logger: createLogger({ level: 'silent' }),
    });
    try {
      const artifacts = await platform.metadata.tracking.artifacts(result.stored.runId);
      const stored = artifacts.find((a) => a.path === 'model.onnx')!;
      expect(stored.digest).toBe(result.sha256);
      const version = await platform.registry.resolve('iris:1');
      expect(JSON.parse(version.tags['flywheel.onnx_export']!)).toMatchObject({
        path: 'model.onnx',
        bytes: bytes.length,
      });
      // The version still loads (its own files are unchanged) and predicts what ONNX Runtime computes.
      const model = await platform.registry.load('iris:1');
      const table = await readTable(IRIS);
      const session = await ort.InferenceSession.create(bytes);
      const feeds: Record<string, ort.Tensor> = {};
      for (const [name, f] of Object.entries(onnxFeeds(result.inputs, table)))
        feeds[name] = new ort.Tensor(f.type, f.data, f.dims);
      const out = await session.run(feeds);
      const ours = model.predict(table).values;
      const theirs = out.probabilities!.data as Float64Array;
      for (let i = 0; i < ours.length; i++)
        expect(Math.abs(theirs[i]! - ours[i]!)).toBeLessThanOrEqual(1e-5 * Math.abs(ours[i]!));
      await session.release();
    } finally {
      await platform.close();
    }
  });

  it('prints a human summary; a model folder is exported but not stored', async () => {
    const platform = await openPlatform({
      cwd: dir.path,
      env: {},
      logger: createLogger({ level: 'silent' }),
    });
    try {
      await saveModel(await platform.registry.load('iris:1'), join(dir.path, 'folder'));
    } finally {
      await platform.close();
    }
    const r = await run(dir.path, ['export', './folder', '-o', 'folder.onnx']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(
      /^Exported .*folder as ONNX → .*folder\.onnx \(.* KiB; opsets ai\.onnx 17, ai\.onnx\.ml 3\)/,
    );
    expect(r.out).toMatch(/outputs {2}label int64\[N\], probabilities double\[N,3\]/);
    expect(r.out).toMatch(/stored {3}no: a model folder/);
  });

  it('documents itself in --help', async () => {
    const r = await run(dir.path, ['export', '--help']);
    expect(r.out).toMatch(/--format <format>/);
    expect(r.out).toMatch(/-o, --output <file>/);
    expect(r.out).toMatch(/--no-store/);
  });

  it('refuses an unknown format and an unknown model, saying what to do', async () => {
    const bad = await run(dir.path, ['export', 'iris:1', '--format', 'tflite', '-o', 'x.tflite']);
    expect(bad.code).not.toBe(0);
    expect(bad.err).toMatch(/Unknown export format "tflite"/);
    expect(bad.err).toMatch(/onnx/);
    const missing = await run(dir.path, ['export', 'nosuch:1', '-o', 'x.onnx']);
    expect(missing.code).not.toBe(0);
    expect(missing.err).toMatch(/nosuch/);
  });
});
