import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../core/index.js';
import { initWorkspace, openPlatform, type Platform } from '../platform.js';
import { tempDir } from '../testing/services.js';
import { platformModelSource } from './model-source.js';
import { parseServeConfig } from './open.js';

// The registry path end to end: models trained and registered in a workspace, served by reference,
// and an alias moved by a second platform handle (another replica) through the shared metadata store.
describe('serving registered models', () => {
  const dir = tempDir();
  let p: Platform;
  let other: Platform;
  const csv = join(dir.path, 'train.csv');

  beforeAll(async () => {
    await initWorkspace(dir.path, { env: {} });
    const quiet = createLogger({ level: 'silent' });
    p = await openPlatform({ cwd: dir.path, env: {}, logger: quiet });
    other = await openPlatform({ cwd: dir.path, env: {}, logger: quiet });
    // y = 1 exactly when x > 0: any sensible model predicts 1 for x = 5 and 0 for x = −5.
    const lines = ['x,y'];
    for (let i = 0; i < 200; i++) lines.push(`${(i - 100) / 10},${i > 100 ? 1 : 0}`);
    writeFileSync(csv, `${lines.join('\n')}\n`);
    for (let k = 0; k < 2; k++)
      await p.train({ data: csv, target: 'y', model: 'linear', register: 'churn', cwd: dir.path });
    await p.registry.setAlias('churn', 'production', 1);
  });
  afterAll(async () => {
    await other.close();
    await p.close();
    dir.cleanup();
  });

  it('follows an alias moved by another process through the audit log, and records deployments', async () => {
    const serving = await p.serve({ refs: ['churn@production'], cwd: dir.path });
    try {
      const first = await serving.predict('churn', { rows: [{ x: 5 }, { x: -5 }] });
      expect(first).toMatchObject({ model_version: 1, predictions: [1, 0] });
      await other.registry.setAlias('churn', 'production', 2);
      expect(await serving.pollAliases()).toBe(1);
      expect((await serving.predict('churn', { rows: [{ x: 5 }] })).model_version).toBe(2);
      const kinds = (await p.registry.history('churn'))
        .map((e) => e.kind)
        .filter((k) => k.startsWith('deployment.'));
      expect(kinds).toEqual(['deployment.create', 'deployment.swap']);
      const lineage = await p.registry.lineage('churn:2');
      expect(lineage.deployments.map((e) => e.kind)).toEqual(['deployment.swap']);
    } finally {
      await serving.close();
    }
  });

  it('refuses a serve.yaml with an unknown key, naming it', () => {
    expect(() =>
      parseServeConfig('models:\n  - ref: churn@production\n    sute: x.yaml\n', 'serve.yaml'),
    ).toThrow('serve.yaml: models.0.sute: unknown key "sute" (did you mean "suite"?)');
    expect(parseServeConfig('batch: {max_wait_us: 200}\n', 'serve.yaml').batch).toEqual({
      max_batch_size: 64,
      max_wait_us: 200,
      max_queue_rows: 4096,
    });
  });

  it('says what to do when there is nothing to serve', async () => {
    await expect(p.serve({ refs: [], cwd: dir.path })).rejects.toMatchObject({ code: 'USAGE' });
  });

  it("follows alias moves through the registry's API and records only its deployment kinds", async () => {
    const source = platformModelSource({ ...p.registry, loadModel: (ref) => p.registry.load(ref) });
    const start = await source.aliasMoves(-1);
    expect(start.moves).toEqual([]);
    await other.registry.setAlias('churn', 'staging', 1);
    const next = await source.aliasMoves(start.cursor);
    expect(next.moves).toMatchObject([{ name: 'churn', alias: 'staging', to: 1 }]);
    expect(next.cursor).toBe(next.moves[0]!.id);
    await expect(source.audit('model.alias.set', 'churn', { version: 1 })).rejects.toThrow(
      /not a deployment event/,
    );
    await source.audit('deployment.route', 'churn', { version: 1, endpoint: 'churn' });
    const [route] = (await p.registry.lineage('churn:1')).deployments.filter(
      (e) => e.kind === 'deployment.route',
    );
    expect(route).toMatchObject({ actor: 'flywheel-serve', data: { version: 1, endpoint: 'churn' } });
  });
});
