/**
 * The edge bundle in Node (issue 27 #4): imported from the folder the export writes, it predicts
 * 1,000 rows — with missing values and an unknown category — bit-identically to Flywheel's own
 * predict (values compared with Object.is, labels and policy actions equal) for GBDT binary,
 * multiclass and regression, logistic and softmax regression and an MLP; it refuses rows as the
 * server does; an unsupported family and a broken budget fail with their catalog codes.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { FlywheelError } from '../core/index.js';
import { type Model, POLICY_TAG, THRESHOLD_TAG } from '../models/index.js';
import { categoricalTable } from '../onnx/export/roundtrip.fixture.js';
import { trainModel } from '../training/index.js';
import { edgeAnswer, flywheelAnswers, tableRows } from './bundle.fixture.js';
import { writeWebBundle } from './index.js';
import * as source_ from './runtime/runtime.js';

const root = mkdtempSync(join(tmpdir(), 'flywheel-edge-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const FEATURES = ['color', 'size', 'weight'];
const train = categoricalTable(600, 11, false);
const score = categoricalTable(1000, 12, true);

interface Bundle {
  createModel(
    bytes: Uint8Array,
    o?: { unknownKeys?: string },
  ): {
    predict(row: Record<string, unknown>): {
      value?: number;
      probabilities?: number[];
      label: unknown;
      action: string;
    };
    check(row: Record<string, unknown>): { error_code: string; flywheel: { code: string } } | null;
  };
}

async function exported(model: Model, name: string) {
  const dir = join(root, name);
  const report = await writeWebBundle(model, dir, { latencyRows: 200 });
  const mod = (await import(pathToFileURL(join(dir, 'model.js')).href)) as Bundle;
  const bytes = new Uint8Array(readFileSync(join(dir, 'model.bin')));
  // The written bundle is what users run; the runtime's TypeScript source (runtime-asset.ts is its
  // esbuild output, build.test.ts) must answer the same, and running it here is what coverage sees.
  const bundled = mod.createModel(bytes);
  const source = (source_ as unknown as Bundle).createModel(bytes);
  const edge: ReturnType<Bundle['createModel']> = {
    predict(row) {
      const answer = bundled.predict(row);
      expect(source.predict(row)).toEqual(answer);
      return answer;
    },
    check(row) {
      const answer = bundled.check(row);
      expect(source.check(row)).toEqual(answer);
      return answer;
    },
  };
  return { report, edge };
}

/** With a stored threshold and confidence policy, so the bundle must carry both. */
function withDecision(model: Model): Model {
  const info = {
    ...model.info,
    [THRESHOLD_TAG]: '0.35',
    [POLICY_TAG]: JSON.stringify({ below: 0.8, action: 'human' }),
  };
  return { ...model, info };
}

const CASES = [
  ['gbdt', 'y_bin', { n_estimators: 30, max_depth: 4 }],
  ['gbdt', 'y_multi', { n_estimators: 20, max_depth: 3 }],
  ['gbdt', 'y_reg', { n_estimators: 30, max_depth: 5 }],
  ['linear', 'y_bin', { max_iter: 60 }],
  ['linear', 'y_multi', { max_iter: 60 }],
  ['mlp', 'y_bin', { hidden_layers: [8], epochs: 5 }],
  ['mlp', 'y_reg', { hidden_layers: [8], epochs: 5 }],
] as const;

describe('web bundle in Node', () => {
  it.each(CASES)('%s on %s predicts 1,000 rows as Flywheel does', async (family, target, params) => {
    const trained = await trainModel(train, {
      target,
      model: family,
      features: FEATURES,
      task: target === 'y_reg' ? 'regression' : undefined,
      params,
    });
    const model = withDecision(trained.model);
    const { edge, report } = await exported(model, `${family}-${target}`);
    const want = flywheelAnswers(model, score);
    const rows = tableRows(score, FEATURES);
    expect(rows.filter((r) => r.size === null).length).toBeGreaterThan(50);
    expect(rows.filter((r) => r.color === 'violet').length).toBeGreaterThan(50);
    let differ = 0;
    rows.forEach((row, r) => {
      const got = edgeAnswer(model.schema.output.task, edge.predict(row));
      const same =
        got.values.length === want[r]!.values.length &&
        got.values.every((v, k) => Object.is(v, want[r]!.values[k])) &&
        got.label === want[r]!.label &&
        got.action === want[r]!.action;
      if (!same) differ++;
    });
    expect(differ).toBe(0);
    expect(report.gzipBytes).toBeLessThan(report.bytes);
    expect(report.nodeLatencyUs).toBeGreaterThan(0);
  });

  it('refuses a missing feature, an unknown key, text in a numeric feature and infinity, as the server does', async () => {
    const { model } = await trainModel(train, {
      target: 'y_bin',
      model: 'gbdt',
      features: FEATURES,
      params: { n_estimators: 3 },
    });
    const { edge } = await exported(model, 'checks');
    const good = { color: 'red', size: 1, weight: 0 };
    expect(edge.check(good)).toBeNull();
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ color: 'red', size: 1 }, 'SCHEMA_MISMATCH', /lacks the feature "weight"/],
      [{ ...good, colour: 'red' }, 'SCHEMA_MISMATCH', /"colour" that the model does not know/],
      [{ ...good, size: 'big' }, 'SCHEMA_MISMATCH', /Feature "size" is numeric but got the text "big"/],
      [{ ...good, weight: Number.POSITIVE_INFINITY }, 'DATA_INVALID', /Feature "weight" has \+Infinity/],
    ];
    for (const [row, code, message] of cases) {
      const body = edge.check(row)!;
      expect(body.error_code).toBe('INVALID_PARAMETER_VALUE');
      expect(body.flywheel.code).toBe(code);
      expect(() => edge.predict(row)).toThrow(message);
      // Flywheel's own single-row path refuses the same rows (unknown keys: the server's default).
      if (code !== 'SCHEMA_MISMATCH' || !('colour' in row))
        expect(() => model.predictRow(row as never)).toThrow();
    }
  });

  it('fails an unsupported family with UNSUPPORTED and a broken budget with CHECK_FAILED and its figures', async () => {
    const { model } = await trainModel(train, {
      target: 'y_bin',
      model: 'gbdt',
      features: FEATURES,
      params: { n_estimators: 3 },
    });
    await expect(writeWebBundle({ ...model, family: 'ensemble' }, join(root, 'ens'))).rejects.toMatchObject({
      code: 'UNSUPPORTED',
    });
    const err = await writeWebBundle(model, join(root, 'budget'), {
      latencyRows: 100,
      budget: { maxGzipBytes: 1000, maxLatencyUs: 0.001 },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FlywheelError);
    expect((err as FlywheelError).code).toBe('CHECK_FAILED');
    expect((err as FlywheelError).exitCode).toBe(1);
    expect((err as FlywheelError).message).toMatch(/size \d+ bytes gzipped > 1000; latency [\d.]+ µs\/row/);
  });
});
