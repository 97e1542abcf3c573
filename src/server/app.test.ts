import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveModel } from '../models/index.js';
import { linearModel } from '../models/test-models.fixture.js';
import { initWorkspace, openPlatform, type Platform } from '../platform.js';
import { tempDir } from '../testing/services.js';
import { createServer } from './app.js';

const TOKEN = 'test-token-0123456789';
const API = '/api/2.0/mlflow';

describe('the MLflow-compatible HTTP API', () => {
  const dir = tempDir();
  let p: Platform;
  let app: FastifyInstance;
  const auth = { authorization: `Bearer ${TOKEN}` };
  const post = async (path: string, payload: unknown, headers: Record<string, string> = auth) => {
    const r = await app.inject({ method: 'POST', url: `${API}${path}`, payload: payload as object, headers });
    return { status: r.statusCode, body: r.json() };
  };
  const get = async (path: string, query: Record<string, string>) => {
    const r = await app.inject({ method: 'GET', url: `${API}${path}`, query });
    return { status: r.statusCode, body: r.json() };
  };

  beforeAll(async () => {
    await initWorkspace(dir.path, { env: {} });
    p = await openPlatform({ cwd: dir.path, env: {} });
    app = await createServer(p, { token: TOKEN, bodyLimit: 64 * 1024 });
  });
  afterAll(async () => {
    await app.close();
    await p.close();
    dir.cleanup();
  });

  it('refuses writes without the right bearer token, and every write when no token is configured', async () => {
    expect(await post('/experiments/create', { name: 'x' }, {})).toMatchObject({
      status: 401,
      body: { error_code: 'UNAUTHENTICATED' },
    });
    expect(
      await post('/experiments/create', { name: 'x' }, { authorization: 'Bearer wrong-token' }),
    ).toMatchObject({
      status: 401,
      body: { error_code: 'UNAUTHENTICATED', message: 'the bearer token is wrong' },
    });
    const open = await createServer(p, {});
    const r = await open.inject({
      method: 'POST',
      url: `${API}/experiments/create`,
      payload: { name: 'x' },
      headers: auth,
    });
    expect(r.statusCode).toBe(403);
    expect(r.json()).toMatchObject({
      error_code: 'PERMISSION_DENIED',
      message: expect.stringContaining('no token is configured'),
    });
    // Reads need no token.
    expect(
      (await open.inject({ method: 'GET', url: `${API}/experiments/get?experiment_id=0` })).statusCode,
    ).toBe(200);
    await open.close();
    expect(await p.tracking.listExperiments()).toHaveLength(1);
  });

  it('creates an experiment and a run, logs to it and reads it back in MLflow field names', async () => {
    const e = await post('/experiments/create', { name: 'http', tags: [{ key: 'team', value: 'a' }] });
    expect(e.status).toBe(200);
    const experimentId = e.body.experiment_id as string;
    expect(await get('/experiments/get-by-name', { experiment_name: 'http' })).toMatchObject({
      body: {
        experiment: {
          experiment_id: experimentId,
          name: 'http',
          lifecycle_stage: 'active',
          tags: [{ key: 'team', value: 'a' }],
        },
      },
    });
    const created = await post('/runs/create', {
      experiment_id: experimentId,
      run_name: 'r1',
      user_id: 'ann',
      start_time: '1700000000000',
    });
    const runId = created.body.run.info.run_id as string;
    expect(created.body.run.info).toMatchObject({
      run_name: 'r1',
      user_id: 'ann',
      status: 'RUNNING',
      start_time: 1_700_000_000_000,
    });
    expect((await post('/runs/log-parameter', { run_id: runId, key: 'lr', value: '0.1' })).status).toBe(200);
    expect(
      (await post('/runs/log-metric', { run_uuid: runId, key: 'loss', value: 'NaN', timestamp: 5, step: 0 }))
        .status,
    ).toBe(200);
    const batch = await post('/runs/log-batch', {
      run_id: runId,
      metrics: [1, 2, 3].map((step) => ({ key: 'loss', value: 1 / step, timestamp: 10 + step, step })),
      params: [{ key: 'depth', value: '3' }],
      tags: [{ key: 'stage', value: 'dev' }],
    });
    expect(batch).toEqual({ status: 200, body: {} });
    await post('/runs/update', { run_id: runId, status: 'FINISHED', end_time: 1_700_000_100_000 });
    const run = (await get('/runs/get', { run_id: runId })).body.run;
    expect(run.info).toMatchObject({
      status: 'FINISHED',
      end_time: 1_700_000_100_000,
      experiment_id: experimentId,
    });
    expect(run.data.params).toEqual([
      { key: 'depth', value: '3' },
      { key: 'lr', value: '0.1' },
    ]);
    expect(run.data.metrics).toEqual([{ key: 'loss', value: 1 / 3, timestamp: 13, step: 3 }]);
    expect(run.data.tags).toEqual(
      expect.arrayContaining([
        { key: 'stage', value: 'dev' },
        { key: 'mlflow.runName', value: 'r1' },
      ]),
    );
    const history = await get('/metrics/get-history', {
      run_id: runId,
      metric_key: 'loss',
      max_results: '2',
    });
    expect(history.body.metrics.map((m: { value: unknown }) => m.value)).toEqual(['NaN', 1]);
    const rest = await get('/metrics/get-history', {
      run_id: runId,
      metric_key: 'loss',
      page_token: history.body.next_page_token,
    });
    expect(rest.body.metrics.map((m: { step: number }) => m.step)).toEqual([2, 3]);
    expect(rest.body.next_page_token).toBeUndefined();
  });

  it('answers errors in MLflow shape with statuses from the error catalog', async () => {
    expect(await get('/runs/get', { run_id: 'nosuchrun' })).toMatchObject({
      status: 404,
      body: { error_code: 'RESOURCE_DOES_NOT_EXIST', message: 'run nosuchrun does not exist' },
    });
    expect(await get('/experiments/get', { experiment_id: '77' })).toMatchObject({
      status: 404,
      body: { message: expect.stringContaining('77') },
    });
    expect(await post('/experiments/create', { name: 'http' })).toMatchObject({
      status: 409,
      body: { error_code: 'RESOURCE_ALREADY_EXISTS' },
    });
    expect(await post('/runs/create', {})).toMatchObject({ status: 200 }); // experiment 0, "Default"
    expect(await post('/runs/log-parameter', { key: 'a', value: 'b' })).toMatchObject({
      status: 400,
      body: {
        error_code: 'INVALID_PARAMETER_VALUE',
        message: "Missing value for required parameter 'run_id'",
      },
    });
    const run = (await post('/runs/create', { experiment_id: '0' })).body.run.info.run_id;
    await post('/runs/log-parameter', { run_id: run, key: 'lr', value: '0.1' });
    const changed = await post('/runs/log-parameter', { run_id: run, key: 'lr', value: '0.2' });
    expect(changed).toMatchObject({ status: 400, body: { error_code: 'INVALID_PARAMETER_VALUE' } });
    expect(changed.body.message).toMatch(/"0\.1".*"0\.2"/);
    const tooMany = await post('/runs/log-batch', {
      run_id: run,
      params: Array.from({ length: 101 }, (_, i) => ({ key: `p${i}`, value: '1' })),
    });
    expect(tooMany).toMatchObject({
      status: 400,
      body: { message: 'a batch may hold at most 100 params, got 101' },
    });
    const badFilter = await post('/runs/search', { experiment_ids: ['0'], filter: 'metrics.auc >> 1' }, {});
    expect(badFilter).toMatchObject({
      status: 400,
      body: { message: expect.stringContaining('position 14') },
    });
    const notJson = await app.inject({
      method: 'POST',
      url: `${API}/runs/create`,
      payload: '{oops',
      headers: { ...auth, 'content-type': 'application/json' },
    });
    expect(notJson.statusCode).toBe(400);
    const huge = await post('/runs/set-tag', { run_id: run, key: 'big', value: 'x'.repeat(70 * 1024) });
    expect(huge).toMatchObject({ status: 413, body: { error_code: 'RESOURCE_EXHAUSTED' } });
    const nowhere = await app.inject({ method: 'GET', url: '/api/2.0/mlflow/nothing' });
    expect(nowhere.statusCode).toBe(404);
    expect(nowhere.json()).toMatchObject({ error_code: 'ENDPOINT_NOT_FOUND' });
  });

  it('searches runs with a filter, order and pages', async () => {
    const e = (await post('/experiments/create', { name: 'paged' })).body.experiment_id;
    for (const auc of [0.5, 0.9, 0.7, 0.95]) {
      const id = (await post('/runs/create', { experiment_id: e, run_name: `auc-${auc}` })).body.run.info
        .run_id;
      await post('/runs/log-metric', { run_id: id, key: 'auc', value: auc, timestamp: 1 });
    }
    const first = await post(
      '/runs/search',
      { experiment_ids: [e], filter: 'metrics.auc > 0.6', order_by: ['metrics.auc DESC'], max_results: 2 },
      {},
    );
    expect(first.body.runs.map((r: { info: { run_name: string } }) => r.info.run_name)).toEqual([
      'auc-0.95',
      'auc-0.9',
    ]);
    const second = await post(
      '/runs/search',
      {
        experiment_ids: [e],
        filter: 'metrics.auc > 0.6',
        order_by: ['metrics.auc DESC'],
        max_results: 2,
        page_token: first.body.next_page_token,
      },
      {},
    );
    expect(second.body.runs.map((r: { info: { run_name: string } }) => r.info.run_name)).toEqual(['auc-0.7']);
    expect(second.body.next_page_token).toBeUndefined();
    expect((await post('/runs/search', { experiment_ids: [e], max_results: 50_001 }, {})).status).toBe(400);
  });

  it('registers models, versions and aliases, and audits alias moves', async () => {
    // A real model as the run's artifact: an alias only moves to a version that loads.
    await saveModel(linearModel(), join(dir.path, 'model'));
    const run = await p.tracking.startRun({ experiment: 'reg', git: false });
    await run.logArtifact(join(dir.path, 'model'), { name: 'model' });
    await run.end();
    expect(
      (await post('/registered-models/create', { name: 'churn', description: 'd' })).body.registered_model,
    ).toMatchObject({ name: 'churn', latest_versions: [] });
    const v = await post('/model-versions/create', {
      name: 'churn',
      source: `runs:/${run.id}/model`,
      run_id: run.id,
    });
    expect(v.body.model_version).toMatchObject({
      name: 'churn',
      version: '1',
      run_id: run.id,
      status: 'READY',
      source: `runs:/${run.id}/model`,
    });
    expect((await post('/model-versions/create', { name: 'ghost', source: 's3://b/k' })).status).toBe(404);
    expect(
      (await post('/registered-models/alias', { name: 'churn', alias: 'production', version: '1' })).status,
    ).toBe(200);
    expect(
      (await get('/registered-models/alias', { name: 'churn', alias: 'production' })).body.model_version,
    ).toMatchObject({ version: '1', aliases: ['production'] });
    expect((await get('/registered-models/get', { name: 'churn' })).body.registered_model).toMatchObject({
      aliases: [{ alias: 'production', version: '1' }],
      latest_versions: [{ version: '1' }],
    });
    expect(
      (await get('/registered-models/search', { filter: "name LIKE 'ch%'" })).body.registered_models,
    ).toHaveLength(1);
    expect(
      (await get('/registered-models/search', { filter: "name LIKE 'CH%'" })).body.registered_models,
    ).toHaveLength(0);
    expect(
      (await get('/model-versions/search', { filter: `run_id = '${run.id}'` })).body.model_versions,
    ).toHaveLength(1);
    const del = await app.inject({
      method: 'DELETE',
      url: `${API}/registered-models/alias?name=churn&alias=production`,
      headers: auth,
    });
    expect(del.statusCode).toBe(200);
    expect((await get('/registered-models/alias', { name: 'churn', alias: 'production' })).status).toBe(404);
    const moves = (await p.registry.history('churn')).filter((x) => x.kind.startsWith('model.alias'));
    // Audited as who sent it (the bearer-token holder) and from where, not the server's OS user.
    expect(moves.map((m) => [m.kind, m.data.from, m.data.to, m.actor])).toEqual([
      ['model.alias.set', null, 1, 'token@127.0.0.1'],
      ['model.alias.delete', 1, null, 'token@127.0.0.1'],
    ]);
  });
});
