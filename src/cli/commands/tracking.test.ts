// The runs, models and lineage commands end to end through `main`, on a workspace with two runs.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CATALOG } from '../../core/index.js';
import { saveModel } from '../../models/index.js';
import { linearModel } from '../../models/test-models.fixture.js';
import { initWorkspace, openPlatform } from '../../platform.js';
import { runCli } from '../../testing/cli.js';
import { tempDir } from '../../testing/services.js';

const cli = runCli;

describe('flywheel runs / models / lineage', () => {
  const dir = tempDir();
  const ids: string[] = [];
  beforeAll(async () => {
    await initWorkspace(dir.path, { env: {} });
    const p = await openPlatform({ cwd: dir.path, env: {} });
    writeFileSync(join(dir.path, 'train.csv'), 'a,b\n1,2\n');
    await p.data.add(join(dir.path, 'train.csv'), { name: 'train' });
    // A real model: an alias only moves to a version that loads.
    await saveModel(linearModel(), join(dir.path, 'model'));
    for (const [model, auc] of [
      ['gbdt', 0.93],
      ['linear', 0.81],
    ] as const) {
      const run = await p.tracking.startRun({
        experiment: 'churn',
        name: model,
        params: { model, seed: 7 },
        inputs: [{ data: 'train:1', role: 'train' }],
        git: false,
      });
      run.logMetric('auc', auc);
      await run.logArtifact(join(dir.path, 'model'), { name: 'model' });
      await run.end();
      ids.push(run.id);
    }
    await p.close();
  });
  afterAll(() => dir.cleanup());
  const C = () => ['-C', dir.path];

  it('lists runs with a filter and sort, and names the position of a filter syntax error', async () => {
    const r = await cli([
      'runs',
      'list',
      ...C(),
      '--json',
      '--filter',
      "metrics.auc > 0.9 and params.model = 'gbdt'",
    ]);
    expect(r.code).toBe(0);
    expect(r.json().map((x: { name: string }) => x.name)).toEqual(['gbdt']);
    const sorted = await cli(['runs', 'list', ...C(), '--sort', 'metrics.auc']);
    expect(
      sorted.stdout
        .split('\n')
        .slice(1, 3)
        .map((l) => l.split(/\s+/)[2]),
    ).toEqual(['linear', 'gbdt']);
    const bad = await cli(['runs', 'list', ...C(), '--filter', 'metrics.auc >']);
    expect(bad.code).toBe(ERROR_CATALOG.INVALID_ARGUMENT.exit);
    expect(bad.stderr).toContain('invalid filter at position 14');
    const many = Array.from({ length: 101 }, (_, i) => `metrics.auc = ${i}`).join(' or ');
    const bounded = await cli(['runs', 'list', ...C(), '--filter', many]);
    expect(bounded.code).toBe(ERROR_CATALOG.INVALID_ARGUMENT.exit);
    expect(bounded.stderr).toContain('too many comparisons: got 101, the limit is 100');
  });

  it('shows a run and compares runs with differences marked', async () => {
    const shown = await cli(['runs', 'show', ...C(), ids[0]!]);
    expect(shown.stdout).toMatch(/experiment\s+churn/);
    expect(shown.stdout).toMatch(/train:1\s+train/);
    const cmp = await cli(['runs', 'compare', ...C(), ids[0]!, ids[1]!]);
    expect(cmp.stdout).toMatch(/≠\s+model\s+gbdt\s+linear/);
    expect(cmp.stdout).toMatch(/\n\s+seed\s+7\s+7/);
    expect(cmp.stdout).toContain('2 value(s) differ');
    const missing = await cli(['runs', 'show', ...C(), 'nope', '--json']);
    expect(missing.code).toBe(ERROR_CATALOG.NOT_FOUND.exit);
    expect(missing.json().error).toMatchObject({ code: 'NOT_FOUND', message: 'run nope does not exist' });
  });

  it('registers a version, moves aliases with reasons, shows history and lineage', async () => {
    expect(
      (await cli(['models', 'register', ...C(), 'churn', '--run', ids[0]!, '--artifact', 'model'])).code,
    ).toBe(0);
    expect(
      (await cli(['models', 'alias', ...C(), 'churn', 'production', '1', '--reason', 'launch'])).stdout,
    ).toContain('churn@production → 1');
    // A version that does not load (a source Flywheel never fetches) gets no alias, and the reason.
    const p = await openPlatform({ cwd: dir.path, env: {} });
    await p.registry.registerVersion({ name: 'churn', source: 's3://bucket/churn' });
    await p.close();
    const refused = await cli(['models', 'alias', ...C(), 'churn', 'production', '2']);
    expect(refused.code).toBe(ERROR_CATALOG.CHECK_FAILED.exit);
    expect(refused.stderr).toContain('churn@production was not moved: churn:2 does not load');
    const history = await cli(['models', 'history', ...C(), 'churn']);
    expect(history.stdout).toMatch(/@production\s+∅ → 1\s+\(launch\)/);
    const models = await cli(['models', 'list', ...C()]);
    expect(models.stdout).toMatch(/churn\s+2\s+2\s+@production→1/);
    const lineage = await cli(['lineage', ...C(), 'churn@production']);
    expect(lineage.code).toBe(0);
    expect(lineage.stdout).toContain('└─ train:1 (train, 1 rows)');
    expect(lineage.stdout).toContain(`├─ run ${ids[0]} "gbdt" [FINISHED]`);
    expect(lineage.stdout).toContain('├─ aliases: @production');
    expect(lineage.stdout).toContain('└─ deployments: none recorded');
  });

  it('soft-deletes runs and purges them with runs gc', async () => {
    expect((await cli(['runs', 'delete', ...C(), ids[1]!])).code).toBe(0);
    expect((await cli(['runs', 'list', ...C(), '--json'])).json()).toHaveLength(1);
    expect((await cli(['runs', 'list', ...C(), '--deleted', '--json'])).json()).toHaveLength(1);
    const gc = await cli(['runs', 'gc', ...C(), '--json']);
    expect(gc.json()).toEqual({ purged: [ids[1]] });
    expect((await cli(['runs', 'show', ...C(), ids[1]!])).code).toBe(ERROR_CATALOG.NOT_FOUND.exit);
  });
});
