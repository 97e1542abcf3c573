import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveModel } from '../../models/index.js';
import { linearModel } from '../../models/test-models.fixture.js';
import { initWorkspace, openPlatform, type Platform } from '../../platform.js';
import type { ServingService } from '../../serving/index.js';
import {
  dropPostgresSchema,
  freshPostgresUrl,
  postgresUnavailable,
  tempDir,
} from '../../testing/services.js';
import { createServer } from '../app.js';

const TOKEN = 'test-token-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };
const API = '/api/2.0/mlflow';
const pgDown = await postgresUnavailable();
// PostgreSQL runs too where it answers (and must, in CI: postgresUnavailable throws there).
const dialects: Array<[string, string | undefined]> = [['sqlite', undefined]];
if (pgDown === undefined) dialects.push(['postgres', freshPostgresUrl('edge')]);

describe.each(dialects)('the MLflow routes at the edge (%s)', (_dialect, metadataUrl) => {
  const dir = tempDir();
  let p: Platform;
  let app: FastifyInstance;
  let serving: ServingService;
  let runId: string;
  const call = async (method: 'GET' | 'POST', path: string, payload?: unknown) => {
    const r = await app.inject({
      method,
      url: path.startsWith('/admin') ? path : `${API}${path}`,
      ...(method === 'GET' ? { query: payload as Record<string, string> } : { payload: payload as object }),
      headers: auth,
    });
    return { status: r.statusCode, body: r.json() };
  };

  beforeAll(async () => {
    const env = metadataUrl ? { FLYWHEEL_METADATA_URL: metadataUrl } : {};
    await initWorkspace(dir.path, { env });
    appendFileSync(
      join(dir.path, 'flywheel.yaml'),
      'registry:\n  allow_sources: ["file:///shared/models/"]\n',
    );
    p = await openPlatform({ cwd: dir.path, env });
    await saveModel(linearModel(), join(dir.path, 'model'));
    const run = await p.tracking.startRun({ experiment: 'edge', git: false });
    await run.logArtifact(join(dir.path, 'model'), { name: 'model' });
    await run.end();
    runId = run.id;
    await p.registry.registerVersion({ name: 'bc', runId, artifact: 'model' });
    await p.registry.setAlias('bc', 'production', 1);
    serving = await p.serve({ refs: ['bc@production'] });
    app = await createServer(p, { token: TOKEN, serving });
  });
  afterAll(async () => {
    await app?.close();
    await serving?.close();
    await p?.close();
    if (metadataUrl) await dropPostgresSchema(metadataUrl);
    dir.cleanup();
  });

  it.each([
    ['an experiment name', 'POST', '/experiments/create', { name: 'a\u0000b' }, 'name'],
    ['a tag value', 'POST', '/runs/create', { tags: [{ key: 'k', value: 'v\u0000' }] }, 'tags.0.value'],
    ['a run filter', 'POST', '/runs/search', { filter: "params.a = 'x\u0000'" }, 'filter'],
    ['a model filter', 'GET', '/registered-models/search', { filter: "name = 'a\u0000'" }, 'filter'],
    ['a version filter', 'POST', '/model-versions/search', { filter: "name = 'a\u0000'" }, 'filter'],
    [
      'an experiment lookup',
      'GET',
      '/experiments/get-by-name',
      { experiment_name: 'x\u0000' },
      'experiment_name',
    ],
  ] as const)('refuses NUL in %s with 400 naming the field', async (_what, method, path, payload, field) => {
    const r = await call(method, path, payload);
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ error_code: 'INVALID_PARAMETER_VALUE', flywheel: { where: { field } } });
    expect(r.body.message).toContain('NUL');
  });

  it.each([
    ['a model name', '/registered-models/create', { name: 'bc\ud800' }],
    ['an experiment name', '/experiments/create', { name: '\udc00x' }],
    ['a tag key', '/runs/create', { tags: [{ key: 'a\ud83d', value: 'v' }] }],
    ['a run filter', '/runs/search', { filter: "tags.a = '\ud800'" }],
  ])('refuses ill-formed UTF-16 in %s with 400', async (_what, path, payload) => {
    const r = await call('POST', path, payload);
    expect(r).toMatchObject({ status: 400, body: { error_code: 'INVALID_PARAMETER_VALUE' } });
    expect(r.body.message).toContain('lone UTF-16 surrogate');
    // A well-formed pair (an emoji) is fine.
    expect((await call('POST', '/experiments/create', { name: `ok \ud83d\ude00 ${path}` })).status).toBe(200);
  });

  it('refuses integers a BIGINT or a double cannot hold exactly with 400, not a database error', async () => {
    const run = (await call('POST', '/runs/create', { experiment_id: '0' })).body.run.info.run_id;
    for (const [path, payload] of [
      ['/runs/create', { start_time: '99999999999999999999' }],
      ['/runs/create', { start_time: 1e23 }],
      ['/runs/log-metric', { run_id: run, key: 'm', value: 1, step: 2 ** 60 }],
      ['/runs/log-metric', { run_id: run, key: 'm', value: 1, timestamp: '-99999999999999999' }],
      ['/runs/update', { run_id: run, end_time: 1e300 }],
    ] as const) {
      const r = await call('POST', path, payload);
      expect(r).toMatchObject({ status: 400, body: { error_code: 'INVALID_PARAMETER_VALUE' } });
    }
  });

  it('audits what a client creates as the token holder and its address, not the server user', async () => {
    expect((await call('POST', '/registered-models/create', { name: 'audited' })).body).toMatchObject({
      registered_model: { user_id: 'token@127.0.0.1' },
    });
    const v = await call('POST', '/model-versions/create', {
      name: 'audited',
      source: `runs:/${runId}/model`,
    });
    expect(v.body.model_version).toMatchObject({ user_id: 'token@127.0.0.1' });
    const events = await p.registry.history('audited');
    expect(events.map((e) => [e.kind, e.actor])).toEqual([
      ['model.create', 'token@127.0.0.1'],
      ['model.version.create', 'token@127.0.0.1'],
    ]);
    const run = await call('POST', '/runs/create', { experiment_id: '0' });
    expect(run.body.run.info.user_id).toBe('token@127.0.0.1');
  });

  it.each([
    '/etc/passwd',
    'file:///etc/passwd',
    'FILE:/etc/passwd',
    'C:\\Windows\\win.ini',
    '../../secrets',
    'http://169.254.169.254/latest/meta-data/iam/security-credentials/',
    'http://2852039166/latest/meta-data',
    'http://[::ffff:169.254.169.254]/',
    'http://localhost:8080/admin',
    'https://127.1/x',
    'http://[::1]:6379/',
    'http://10.0.0.5/model',
    'http://metadata.google.internal/computeMetadata/v1/',
    'http://redis:6379/',
    'hdfs://namenode/models/a',
    // Climbing out of an allowed prefix (registry.allow_sources, the store's own folder).
    'file:///shared/models/../../etc/passwd',
    'file:///shared/models/%2e%2e/%2E%2E/etc/passwd',
  ])('refuses the model source %j from a remote client', async (source) => {
    const r = await call('POST', '/model-versions/create', { name: 'bc', source });
    expect(r).toMatchObject({ status: 400, body: { flywheel: { where: { field: 'source' } } } });
    expect(r.body.message).toContain('is refused');
  });

  it.each([
    's3://bucket/models/bc',
    'gs://bucket/bc',
    'https://models.example.com/bc.tar.gz',
    'models:/bc/1',
    'mlflow-artifacts:/1/abc/artifacts/model',
    'file:///shared/models/bc', // registry.allow_sources in flywheel.yaml
    'file:///shared/models/team/../bc',
  ])('records the model source %j', async (source) => {
    expect(await call('POST', '/model-versions/create', { name: 'bc', source })).toMatchObject({
      status: 200,
      body: { model_version: { source } },
    });
  });

  it("records the server's own URIs; a version from the run's MLflow artifact URI loads and takes an alias", async () => {
    const own = `${p.artifacts.url}/ab/cdef`;
    expect((await call('POST', '/model-versions/create', { name: 'bc', source: own })).status).toBe(200);
    const uri = (await call('GET', '/runs/get', { run_id: runId })).body.run.info.artifact_uri;
    await call('POST', '/registered-models/create', { name: 'mlflowed' });
    const v = await call('POST', '/model-versions/create', {
      name: 'mlflowed',
      source: `${uri}/model`,
      run_id: runId,
    });
    expect(v).toMatchObject({
      status: 200,
      body: { model_version: { source: `flywheel:/runs/${runId}/artifacts/model` } },
    });
    const alias = { name: 'mlflowed', alias: 'production', version: v.body.model_version.version };
    expect((await call('POST', '/registered-models/alias', alias)).status).toBe(200);
  });

  it.each(['a/../../b', '../b', 'a/./b', 'a//b', '.hidden', 'x/'])(
    'refuses the model name %j',
    async (name) => {
      const r = await call('POST', '/registered-models/create', { name });
      expect(r).toMatchObject({ status: 400, body: { error_code: 'INVALID_PARAMETER_VALUE' } });
      expect(r.body.message).toContain('invalid model name');
    },
  );

  it('moves an alias (MLflow route and admin route) only to a version that loads', async () => {
    const outside = await p.registry.registerVersion({ name: 'bc', source: 's3://bucket/bc2' });
    const mlflow = await call('POST', '/registered-models/alias', {
      name: 'bc',
      alias: 'production',
      version: String(outside.version),
    });
    expect(mlflow).toMatchObject({ status: 422, body: { error_code: 'INVALID_STATE' } });
    expect(mlflow.body.message).toContain(`bc@production was not moved: bc:${outside.version} does not load`);
    const admin = await call('POST', '/admin/models/bc/aliases', {
      alias: 'production',
      version: outside.version,
    });
    expect(admin).toMatchObject({ status: 422, body: { code: 'CHECK_FAILED' } });
    expect(admin.body.error).toContain('does not load');
    expect((await p.registry.resolve('bc@production')).version).toBe(1);
    expect(serving.endpoint('bc').primary.version).toBe(1);
  });

  it('serves ensembles of registered versions only: a path member is refused, saying nothing of the path', async () => {
    const v = await p.registry.registerVersion({ name: 'ens', source: 'ensemble' });
    const answers: string[] = [];
    for (const ref of [join(dir.path, 'model'), dir.path, join(dir.path, 'absent')]) {
      await p.metadata.registry.updateVersion('ens', v.version, {
        tags: { 'flywheel.ensemble': JSON.stringify([{ ref, weight: 1 }]) },
      });
      const r = await call('POST', '/admin/models', { ref: `ens:${v.version}`, name: `e${answers.length}` });
      expect(r.status).toBe(422);
      answers.push(r.body.error.replace(ref, 'REF'));
    }
    expect(new Set(answers).size).toBe(1);
    expect(answers[0]).toContain('is not a registered model version (name:N)');
    for (const ref of [join(dir.path, 'model'), '../model'])
      expect((await call('POST', '/admin/models', { ref })).status).toBe(400);
    const tags = [
      { key: 'flywheel.ensemble', value: JSON.stringify([{ ref: join(dir.path, 'model'), weight: 1 }]) },
    ];
    expect(
      (await call('POST', '/model-versions/create', { name: 'ens', source: 'ensemble', tags })).status,
    ).toBe(400);
  });
});
