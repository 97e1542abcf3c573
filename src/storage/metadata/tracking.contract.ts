/** The tracking and registry part of the MetadataStore contract (SQLite and PostgreSQL alike). */
import { expect, it } from 'vitest';
import { sha256 } from '../../core/index.js';
import type { MetadataStore } from './metadata-store.js';
import type { MetricColumns, RunFilter } from './tracking-types.js';

/** Metric points as columns, from [key, value, step, time] tuples. */
export function metricColumns(points: Array<[string, number, number, number]>): MetricColumns {
  return {
    length: points.length,
    keys: points.map((p) => p[0]),
    values: Float64Array.from(points, (p) => p[1]),
    steps: Float64Array.from(points, (p) => p[2]),
    times: Float64Array.from(points, (p) => p[3]),
  };
}

const cmp = (
  kind: 'metric' | 'param' | 'tag',
  key: string,
  operator: '=' | '>' | 'like' | 'ilike',
  value: string | number,
): RunFilter => ({
  op: 'compare',
  field: { kind, key },
  operator,
  value,
});

/** Register the tracking and registry tests; `store()` is the fresh store of the current test. */
export function describeTrackingContract(store: () => MetadataStore): void {
  const newRun = async (name: string, experimentId = '0') =>
    store().tracking.createRun({ experimentId, name, user: 'ann', startTime: 1000 + name.length });

  it('has the Default experiment (id 0), creates experiments with new ids and refuses a duplicate name', async () => {
    const t = store().tracking;
    expect((await t.getExperiment('0'))?.name).toBe('Default');
    const e = await t.createExperiment('churn', 'flywheel:/experiments/churn', { team: 'a' });
    expect(Number(e.id)).toBeGreaterThan(0);
    expect(await t.getExperimentByName('churn')).toMatchObject({
      id: e.id,
      tags: { team: 'a' },
      lifecycleStage: 'active',
    });
    await expect(t.createExperiment('churn', 'x')).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    expect(await t.getExperiment('not-a-number')).toBeUndefined();
    expect((await t.listExperiments({ limit: 10 })).map((x) => x.name)).toEqual(['Default', 'churn']);
    expect(
      (await t.listExperiments({ limit: 10, name: { operator: 'like', value: 'ch%' } })).map((x) => x.name),
    ).toEqual(['churn']);
  });

  it('creates, updates, soft-deletes, restores and purges runs with everything they logged', async () => {
    const t = store().tracking;
    const r = await t.createRun({
      experimentId: '0',
      name: 'a',
      user: 'ann',
      host: 'h',
      pid: 42,
      gitCommit: 'abc',
      gitDirty: true,
    });
    expect(await t.getRun(r.id)).toMatchObject({
      status: 'RUNNING',
      pid: 42,
      host: 'h',
      gitDirty: true,
      lifecycleStage: 'active',
    });
    await t.updateRun(r.id, { status: 'FINISHED', endTime: 5000, name: 'b' });
    expect(await t.getRun(r.id)).toMatchObject({ status: 'FINISHED', endTime: 5000, name: 'b' });
    await t.putParams(r.id, { lr: '0.1' });
    await t.logMetrics(r.id, metricColumns([['auc', 0.5, 0, 1]]));
    await t.putArtifacts(r.id, [{ path: 'model.bin', digest: sha256('m'), size: 1 }]);
    expect(await t.setRunLifecycle(r.id, 'deleted', 100)).toBe(true);
    expect(await t.searchRuns({ limit: 10 })).toHaveLength(0);
    expect(await t.searchRuns({ limit: 10, view: 'deleted' })).toHaveLength(1);
    expect(await t.purgeDeletedRuns(50)).toEqual([]);
    expect(await t.purgeDeletedRuns(101)).toEqual([r.id]);
    expect(await t.getRun(r.id)).toBeUndefined();
    expect(await t.metricCount(r.id)).toBe(0);
    expect(await t.params(r.id)).toEqual({});
    expect(await t.setRunLifecycle('nope', 'deleted', 1)).toBe(false);
  });

  it('keeps the first value of a param and overwrites tags', async () => {
    const t = store().tracking;
    const r = await newRun('p');
    await t.putParams(r.id, { lr: '0.1', depth: '3' });
    await t.putParams(r.id, { lr: '0.2' });
    expect(await t.params(r.id)).toEqual({ depth: '3', lr: '0.1' });
    await t.setTags(r.id, { team: 'a', note: 'x' });
    await t.setTags(r.id, { team: 'b' });
    expect(await t.deleteTag(r.id, 'note')).toBe(true);
    expect(await t.deleteTag(r.id, 'note')).toBe(false);
    expect(await t.tags(r.id)).toEqual({ team: 'b' });
  });

  it('appends metric points, keeps NaN, and tracks the latest point by step then time', async () => {
    const t = store().tracking;
    const r = await newRun('m');
    await store().transaction((tx) =>
      tx.tracking.logMetrics(
        r.id,
        metricColumns([
          ['loss', 0.9, 0, 10],
          ['loss', 0.5, 2, 11],
          ['loss', 0.7, 1, 12],
          ['acc', Number.NaN, 0, 10],
          ['inf', Number.NEGATIVE_INFINITY, 0, 10],
        ]),
      ),
    );
    // An older step logged later does not replace the latest; the same step at a later time does.
    await t.logMetrics(r.id, metricColumns([['loss', 0.8, 1, 20]]));
    await t.logMetrics(r.id, metricColumns([['loss', 0.4, 2, 30]]));
    const history = await t.metricHistory(r.id, 'loss');
    expect(history.map((p) => [p.step, p.value])).toEqual([
      [0, 0.9],
      [1, 0.7],
      [1, 0.8],
      [2, 0.5],
      [2, 0.4],
    ]);
    const latest = await t.latestMetrics(r.id);
    expect(latest.loss).toEqual({ value: 0.4, step: 2, time: 30 });
    expect(latest.acc?.value).toBeNaN();
    expect(latest.inf?.value).toBe(Number.NEGATIVE_INFINITY);
    expect(await t.metricCount(r.id)).toBe(7);
    expect((await t.metricHistory(r.id, 'loss', { limit: 2, offset: 1 })).map((p) => p.value)).toEqual([
      0.7, 0.8,
    ]);
  });

  it('searches runs with a compiled filter, in both dialects alike', async () => {
    const t = store().tracking;
    const e = await t.createExperiment('search', 'x');
    const runs = [];
    for (const [name, auc, model] of [
      ['r1', 0.95, 'gbdt'],
      ['r2', 0.85, 'gbdt'],
      ['r3', 0.97, 'GBDT'],
      ['r4', 0.99, 'linear'],
    ] as const) {
      const r = await newRun(name, e.id);
      await t.logMetrics(r.id, metricColumns([['auc', auc, 0, 1]]));
      await t.putParams(r.id, { model });
      runs.push(r);
    }
    await newRun('r5', e.id); // no metrics, no params
    const names = async (filter?: RunFilter, sortDesc = true) =>
      (
        await t.searchRuns({
          experimentIds: [e.id],
          filter,
          sort: [{ field: { kind: 'metric', key: 'auc' }, descending: sortDesc }],
          limit: 100,
        })
      ).map((r) => r.name);
    expect(await names(undefined)).toEqual(['r4', 'r3', 'r1', 'r2', 'r5']);
    expect(await names(undefined, false)).toEqual(['r2', 'r1', 'r3', 'r4', 'r5']);
    expect(
      await names({ op: 'and', args: [cmp('metric', 'auc', '>', 0.9), cmp('param', 'model', '=', 'gbdt')] }),
    ).toEqual(['r1']);
    // LIKE is case-sensitive and ILIKE is not, on SQLite as on PostgreSQL.
    expect(await names(cmp('param', 'model', 'like', 'gb%'))).toEqual(['r1', 'r2']);
    expect(await names(cmp('param', 'model', 'ilike', 'gb%'))).toEqual(['r3', 'r1', 'r2']);
    expect(
      await names({
        op: 'or',
        args: [cmp('param', 'model', '=', 'linear'), cmp('metric', 'auc', '>', 0.96)],
      }),
    ).toEqual(['r4', 'r3']);
    expect(
      await names({
        op: 'in',
        field: { kind: 'attribute', name: 'run_name' },
        negate: true,
        values: ['r1', 'r2'],
      }),
    ).toEqual(['r4', 'r3', 'r5']);
    const withDetails = await t.searchRuns({
      experimentIds: [e.id],
      filter: cmp('param', 'model', '=', 'linear'),
      limit: 5,
    });
    expect(withDetails[0]).toMatchObject({ params: { model: 'linear' }, metrics: { auc: { value: 0.99 } } });
    expect(await t.searchRuns({ experimentIds: [e.id], limit: 2, offset: 4 })).toHaveLength(1);
    expect(await t.searchRuns({ experimentIds: ['999'], limit: 2 })).toHaveLength(0);
  });

  it('records inputs and artifacts, and marks a stale run RUNNING again when its owner beats', async () => {
    const t = store().tracking;
    const r = await newRun('io');
    await t.addInputs(r.id, [
      { dataset: 'train', version: 2, role: 'train' },
      { dataset: 'val', version: 1, role: 'validation' },
    ]);
    await t.addInputs(r.id, [{ dataset: 'train', version: 2, role: 'train' }]);
    expect(await t.inputs(r.id)).toEqual([
      { dataset: 'train', version: 2, role: 'train' },
      { dataset: 'val', version: 1, role: 'validation' },
    ]);
    await t.putArtifacts(r.id, [{ path: 'm/a.bin', digest: sha256('a'), size: 1 }]);
    await t.putArtifacts(r.id, [{ path: 'm/a.bin', digest: sha256('b'), size: 2 }]);
    expect(await t.artifacts(r.id)).toMatchObject([{ path: 'm/a.bin', digest: sha256('b'), size: 2 }]);
    await t.updateRun(r.id, { status: 'FAILED', statusReason: 'no heartbeat since x', endTime: 9 });
    expect((await t.runningRuns()).map((x) => x.id)).not.toContain(r.id);
    expect(await t.heartbeat(r.id, 77)).toBe(true);
    expect(await t.getRun(r.id)).toMatchObject({
      status: 'RUNNING',
      statusReason: null,
      endTime: null,
      heartbeatAt: 77,
    });
    await t.updateRun(r.id, { status: 'FAILED', statusReason: 'process 1 on h exited', endTime: 9 });
    await t.heartbeat(r.id, 78);
    expect((await t.getRun(r.id))?.status).toBe('FAILED');
    expect(await t.heartbeat('missing', 1)).toBe(false);
  });

  it('numbers model versions per model, moves aliases and refuses a missing version', async () => {
    const reg = store().registry;
    await reg.createModel({ name: 'churn', description: 'd', tags: {}, user: 'ann' });
    await expect(
      reg.createModel({ name: 'churn', description: '', tags: {}, user: 'ann' }),
    ).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    const v = (runId: string | null) => ({
      name: 'churn',
      runId,
      source: 'runs:/x/model',
      artifactPath: 'model',
      digests: [sha256('m')],
      inputSchema: [{ name: 'a', type: 'number' }],
      outputSchema: null,
      description: '',
      tags: { k: 'v' },
      user: 'ann',
    });
    const made = await Promise.all(
      [1, 2, 3].map(() => store().transaction((tx) => tx.registry.createVersion(v('run1')))),
    );
    expect(made.map((m) => m.version).sort()).toEqual([1, 2, 3]);
    expect(await reg.getVersion('churn', 2)).toMatchObject({
      runId: 'run1',
      digests: [sha256('m')],
      inputSchema: [{ name: 'a', type: 'number' }],
      tags: { k: 'v' },
    });
    expect((await reg.latestVersion('churn'))?.version).toBe(3);
    expect(await reg.setAlias('churn', 'production', 1)).toBeUndefined();
    expect(await reg.setAlias('churn', 'production', 3)).toBe(1);
    await expect(reg.setAlias('churn', 'staging', 9)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await reg.aliases('churn')).toMatchObject([{ alias: 'production', version: 3 }]);
    expect(await reg.deleteAlias('churn', 'production')).toBe(3);
    expect(await reg.alias('churn', 'production')).toBeUndefined();
    expect((await reg.searchVersions({ runId: 'run1', limit: 2 })).map((x) => x.version)).toHaveLength(2);
    expect((await reg.listModels({ limit: 5 })).map((m) => m.name)).toEqual(['churn']);
  });
}
