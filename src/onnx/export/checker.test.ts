/**
 * The exported files pass the ONNX checker: Debian's python3-onnx (ONNX 1.12)
 * `onnx.checker.check_model(path, full_check=True)` — structure, opsets, attribute types and
 * strict shape inference — run by /usr/bin/python3 in a child process on one file per family and
 * task, an ensemble, and the categorical-tree export (BRANCH_EQ chains). Skipped with a warning
 * where python3-onnx is missing, unless FLYWHEEL_REQUIRE_SERVICES=1 (CI, .ci/run installs it).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readTable } from '../../data/index.js';
import { createEnsembleModel, type Model } from '../../models/index.js';
import { linearModel, mlpModel, treeModel } from '../../models/test-models.fixture.js';
import { trainModel } from '../../training/index.js';
import { exportOnnx } from './export.js';
import { categoricalTable } from './roundtrip.fixture.js';

const PYTHON = '/usr/bin/python3';
const CHECK = `
import sys, onnx
for path in sys.argv[1:]:
    onnx.checker.check_model(path, full_check=True)
    print("ok", path)
`;

function hasOnnx(): boolean {
  try {
    execFileSync(PYTHON, ['-c', 'import onnx'], { stdio: 'ignore' });
    return true;
  } catch {
    if (process.env.FLYWHEEL_REQUIRE_SERVICES === '1')
      throw new Error('python3-onnx is required (apt-get install python3-onnx)');
    console.warn(
      'skipped the ONNX checker: /usr/bin/python3 cannot import onnx (Debian package python3-onnx)',
    );
    return false;
  }
}

const dir = mkdtempSync(join(tmpdir(), 'flywheel-onnx-check-'));
afterAll(() => (process.env.KEEP_ONNX ? undefined : rmSync(dir, { recursive: true, force: true })));

describe.runIf(hasOnnx())('ONNX checker (python3-onnx, full_check)', () => {
  it('passes every family and task, an ensemble and categorical trees', async () => {
    const table = categoricalTable(300, 3, false);
    const models: Record<string, Model> = {
      'linear-binary': linearModel(),
      'mlp-binary': mlpModel(),
      'gbdt-regression': treeModel(),
    };
    for (const [target, task] of [
      ['y_bin', 'binary'],
      ['y_multi', 'multiclass'],
      ['y_reg', 'regression'],
    ] as const) {
      const exclude = ['y_bin', 'y_multi', 'y_reg'].filter((t) => t !== target);
      for (const family of ['linear', 'gbdt', 'mlp'] as const) {
        const params =
          family === 'gbdt' ? { n_estimators: 5, max_depth: 3 } : family === 'mlp' ? { epochs: 3 } : {};
        models[`${family}-${task}-trained`] = (
          await trainModel(table, { target, model: family, task, exclude, params })
        ).model;
      }
    }
    models['mlp-target-encoding'] = (
      await trainModel(table, {
        target: 'y_multi',
        model: 'mlp',
        exclude: ['y_bin', 'y_reg'],
        encoding: 'target',
        params: { epochs: 3 },
      })
    ).model;
    const cancer = await readTable(
      fileURLToPath(new URL('../../../test/fixtures/data/breast_cancer.csv', import.meta.url)),
    );
    models['gbdt-breast-cancer'] = (
      await trainModel(cancer, { target: 'target', model: 'gbdt', params: { n_estimators: 5, max_depth: 3 } })
    ).model;
    models['ensemble-binary'] = createEnsembleModel([
      { ref: 'a:1', weight: 1, model: models['gbdt-binary-trained']! },
      { ref: 'b:1', weight: 2, model: models['mlp-binary-trained']! },
    ]);
    const paths = Object.entries(models).map(([name, model]) => {
      const path = join(dir, `${name}.onnx`);
      writeFileSync(path, exportOnnx(model).bytes);
      return path;
    });
    const out = execFileSync(PYTHON, ['-c', CHECK, ...paths], { encoding: 'utf8' });
    expect(out.trim().split('\n')).toHaveLength(paths.length);
  });

  it('the checker itself fails a broken file (the test can fail)', () => {
    const path = join(dir, 'broken.onnx');
    writeFileSync(path, exportOnnx(linearModel()).bytes.subarray(0, 100));
    expect(() => execFileSync(PYTHON, ['-c', CHECK, path], { stdio: 'pipe' })).toThrow();
  });
});
