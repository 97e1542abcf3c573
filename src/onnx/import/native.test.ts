// serve.yaml `runtime: onnx`: a Flywheel-trained model served through ONNX Runtime on its exported
// graph answers as the native scorer does (to 1e-6; the issue asks 1e-5 of the export), follows
// alias moves, and refuses a model it cannot feed, naming the feature.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../core/index.js';
import { initWorkspace, openPlatform, type Platform } from '../../platform.js';
import { tempDir } from '../../testing/services.js';
import { throughOnnxRuntime } from './native.js';

const CANCER = fileURLToPath(new URL('../../../test/fixtures/data/breast_cancer.csv', import.meta.url));

describe('runtime: onnx for native models', () => {
  const dir = tempDir();
  let p: Platform;

  beforeAll(async () => {
    await initWorkspace(dir.path, { env: {} });
    p = await openPlatform({ cwd: dir.path, env: {}, logger: createLogger({ level: 'silent' }) });
    for (const model of ['gbdt', 'linear'] as const)
      await p.train({
        data: CANCER,
        target: 'target',
        model,
        register: 'cancer',
        cwd: dir.path,
        params: model === 'gbdt' ? { n_estimators: 20 } : {},
      });
    await p.registry.setAlias('cancer', 'production', 1);
  }, 120_000);
  afterAll(async () => {
    await p.close();
    dir.cleanup();
  });

  it('serves the same probabilities through ONNX Runtime, and swaps with the alias', async () => {
    writeFileSync(
      join(dir.path, 'serve.yaml'),
      'models:\n  - ref: cancer@production\n    name: native\n  - ref: cancer@production\n    name: ort\n    runtime: onnx\n',
    );
    const serving = await p.serve({ refs: [], configFile: 'serve.yaml', cwd: dir.path });
    try {
      const model = await p.registry.load('cancer:1');
      const rows = [model.schema.features, model.schema.features].map((fs, k) =>
        Object.fromEntries(fs.map((f, j) => [f.name, k === 0 ? 10 + j : j % 3 === 0 ? null : 0.5 * j])),
      );
      for (const version of [1, 2]) {
        if (version === 2) {
          await p.registry.setAlias('cancer', 'production', 2);
          expect(await serving.pollAliases()).toBe(2);
        }
        const a = (await serving.predict('native', { rows })) as unknown as {
          probabilities: number[][];
          model_version: number;
        };
        const b = (await serving.predict('ort', { rows })) as unknown as {
          probabilities: number[][];
          model_version: number;
        };
        expect(b.model_version).toBe(version);
        const [x, y] = [a.probabilities.flat(), b.probabilities.flat()];
        for (let i = 0; i < x.length; i++) expect(Math.abs(x[i]! - y[i]!)).toBeLessThan(1e-6);
      }
    } finally {
      await serving.close();
    }
  });

  it('refuses a model with a categorical feature, naming it', async () => {
    const csv = join(dir.path, 'cat.csv');
    writeFileSync(
      csv,
      `x,c,y\n${Array.from({ length: 60 }, (_, i) => `${i},${i % 2 ? 'a' : 'b'},${i % 3 ? 1 : 0}`).join('\n')}\n`,
    );
    await p.train({ data: csv, target: 'y', model: 'linear', register: 'cat', cwd: dir.path });
    const model = await p.registry.load('cat:1');
    await expect(throughOnnxRuntime(model, 'cat:1')).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      details: { feature: 'c' },
    });
  });
});
