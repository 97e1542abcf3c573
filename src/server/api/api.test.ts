import { Ajv, type ValidateFunction } from 'ajv';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTable, rowObject } from '../../data/index.js';
import type { Platform } from '../../platform.js';
import { runCli } from '../../testing/cli.js';
import { createServer } from '../app.js';
import { operationId } from './openapi.js';
import { API_ROUTES, type ApiRouteSpec } from './route-table.js';
import { type ApiWorkspace, apiWorkspace, DATA, TOKEN } from './workspace.fixture.js';

const auth = { authorization: `Bearer ${TOKEN}` };

describe('the /api/v1 JSON API', () => {
  let ws: ApiWorkspace;
  let app: FastifyInstance;
  let served: FastifyInstance;
  let doc: {
    paths: Record<string, Record<string, unknown>>;
    components: { schemas: Record<string, unknown> };
  };
  const ajv = new Ajv({ strict: false, allErrors: true });
  const validators = new Map<string, ValidateFunction>();
  const validator = (name: string) => {
    let v = validators.get(name);
    if (!v) {
      v = ajv.getSchema(`openapi#/components/schemas/${name}`);
      if (!v) throw new Error(`no component ${name}`);
      validators.set(name, v);
    }
    return v;
  };
  const valid = (name: string, body: unknown) => {
    const v = validator(name);
    expect(v(body), `${name}: ${JSON.stringify(v.errors?.slice(0, 3))}`).toBe(true);
  };
  const get = (url: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url, headers });

  beforeAll(async () => {
    ws = await apiWorkspace();
    app = await createServer(ws.platform, { token: TOKEN });
    const serving = await ws.platform.serving.serve({ refs: ['cancer@production'], cwd: ws.dir });
    served = await createServer(ws.platform, { token: TOKEN, serving });
    const data = await readTable(DATA);
    for (let i = 0; i < 5; i++) {
      const row = rowObject(data, i);
      delete row.target;
      const r = await served.inject({
        method: 'POST',
        url: '/models/cancer/predict',
        payload: { rows: [row] },
      });
      expect(r.statusCode).toBe(200);
    }
    doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    ajv.addSchema(doc, 'openapi');
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await served?.close();
    await ws?.cleanup();
  });

  /** A request for each route of the table, on the test workspace. */
  function sample(route: ApiRouteSpec): { url: string; payload?: object; headers: Record<string, string> } {
    const values: Record<string, string> = {
      id: ws.longRun,
      name: 'cancer',
      version: '2',
      alias: 'staging',
      model: 'cancer',
      feature: 'mean radius',
    };
    const path = route.path.replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(values[k]!));
    const query: Record<string, string> = {
      '/runs': `experiment_id=${ws.experimentId}&order_by=metrics.auc%20DESC`,
      '/runs/{id}/artifacts/download': 'path=notes/readme.txt',
      '/datasets/{name}/diff': 'from=1&to=2',
      '/monitoring/{model}': 'window=100',
      '/monitoring/{model}/features/{feature}': 'window=100&index=5',
    };
    const bodies: Record<string, object> = {
      '/metrics/history': { run_ids: ws.runs, keys: ['loss', 'auc'], max_points: 100 },
      '/models/{name}/aliases/{alias}': { version: 2, reason: 'walk every route' },
      '/session/check': {},
    };
    const q = query[route.path];
    return {
      url: `/api/v1${path}${q ? `?${q}` : ''}`,
      payload: route.method === 'POST' ? bodies[route.path] : undefined,
      headers: route.write ? auth : {},
    };
  }

  it('describes every route in /openapi.json, with and without models served', async () => {
    const served_ = (await served.inject({ method: 'GET', url: '/openapi.json' })).json();
    for (const d of [doc, served_]) {
      for (const r of API_ROUTES) expect(d.paths[`/api/v1${r.path}`]?.[r.method.toLowerCase()]).toBeDefined();
    }
    expect(Object.keys(doc.paths)).not.toContain('/models/{name}/predict');
    expect(Object.keys(served_.paths)).toContain('/models/{name}/predict');
    // Every route of the table is registered, and every /api/v1 route registered is in the table.
    for (const r of API_ROUTES) {
      const url = `/api/v1${r.path.replace(/\{(\w+)\}/g, ':$1')}`;
      expect(app.hasRoute({ method: r.method, url }), url).toBe(true);
    }
  });

  it('answers every route of the table with 200 and a body that validates against /openapi.json', async () => {
    for (const route of API_ROUTES) {
      for (const server of [app, served]) {
        const s = sample(route);
        const r = await server.inject({
          method: route.method,
          url: s.url,
          payload: s.payload,
          headers: s.headers,
        });
        expect(r.statusCode, `${route.method} ${s.url}: ${r.body.slice(0, 300)}`).toBe(200);
        if (route.response === 'binary') expect(r.body).toBe('hello artifacts\n');
        else valid(`${operationId(route)}Response`, r.json());
      }
    }
  }, 120_000);

  it('answers an unknown run, model, version, dataset or monitored model with 404 in the error shape', async () => {
    for (const url of [
      '/api/v1/runs/no-such-run',
      '/api/v1/runs/no-such-run/artifacts',
      '/api/v1/models/nope',
      '/api/v1/models/nope/history',
      '/api/v1/models/cancer/versions/99',
      '/api/v1/datasets/nope',
      '/api/v1/datasets/cancer/versions/9',
      '/api/v1/datasets/cancer/diff?from=1&to=7',
      '/api/v1/monitoring/nope',
      '/api/v1/models/team%2Fchurn', // a "/" in a model name, encoded, reaches the route
      `/api/v1/runs/${ws.longRun}/artifacts/download?path=notes/absent.txt`,
    ]) {
      const r = await get(url);
      expect(r.statusCode, url).toBe(404);
      expect(r.json()).toMatchObject({
        error_code: 'RESOURCE_DOES_NOT_EXIST',
        flywheel: { code: 'NOT_FOUND' },
      });
      valid('api_error', r.json());
    }
  });

  it('reports a filter error as a 400 with its position', async () => {
    const r = await get(
      `/api/v1/runs?filter=${encodeURIComponent("params.model = 'gbdt' and metrics.auc >> 1")}`,
    );
    expect(r.statusCode).toBe(400);
    const body = r.json();
    expect(body.message).toMatch(/position 40/);
    expect(body.flywheel.details.position).toBe(40);
    valid('api_error', body);
  });

  it('filters, sorts and pages runs with the CLI filter language', async () => {
    const base = `/api/v1/runs?experiment_id=${ws.experimentId}`;
    const filtered = (await get(`${base}&filter=${encodeURIComponent("params.model = 'linear'")}`)).json();
    expect(filtered.runs.map((r: { run_name: string }) => r.run_name).sort()).toEqual(['curve-0', 'curve-1']);
    const sorted = (await get(`${base}&order_by=${encodeURIComponent('params.lr DESC')}`)).json();
    expect(sorted.runs.map((r: { run_name: string }) => r.run_name)).toEqual([
      'curve-2',
      'curve-1',
      'curve-0',
    ]);
    expect(sorted.param_keys).toEqual(['lr', 'model']);
    expect(sorted.metric_keys).toEqual(['auc', 'loss']);
    const first = (await get(`${base}&order_by=params.lr&max_results=2`)).json();
    expect(first.runs).toHaveLength(2);
    expect(first.next_page_token).toEqual(expect.any(String));
    const second = (
      await get(`${base}&order_by=params.lr&max_results=2&page_token=${first.next_page_token}`)
    ).json();
    expect(second.runs.map((r: { run_name: string }) => r.run_name)).toEqual(['curve-2']);
    expect(second.next_page_token).toBeNull();
    expect((await get(`${base}&max_results=1001`)).statusCode).toBe(400);
    expect((await get(`${base}&max_results=abc`)).statusCode).toBe(400);
    expect((await get(`${base}&order_by=${encodeURIComponent('metrics.auc SIDEWAYS')}`)).statusCode).toBe(
      400,
    );
    expect((await get(`${base}&page_token=not-a-token`)).statusCode).toBe(400);
    expect((await get('/api/v1/runs?experiment_id=999999')).json().runs).toEqual([]);
  });

  it('down-samples curves to at most max_points, keeping the first and last points and the true total', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/metrics/history',
      payload: { run_ids: [ws.longRun, ws.runs[1]], keys: ['loss'], max_points: 50 },
    });
    const body = r.json();
    expect(body.method).toBe('lttb');
    const [long, short] = body.series;
    expect(long.total).toBe(1500);
    expect(long.steps).toHaveLength(50);
    expect(long.steps[0]).toBe(0);
    expect(long.steps.at(-1)).toBe(1499);
    expect(long.steps).toContain(700); // the spike survives
    expect(short.total).toBe(100);
    expect(short.steps).toHaveLength(50);
    const byTime = (
      await app.inject({
        method: 'POST',
        url: '/api/v1/metrics/history',
        payload: { run_ids: [ws.longRun], keys: ['loss', 'absent'], x: 'time' },
      })
    ).json();
    expect(byTime.max_points).toBe(1000);
    expect(byTime.series[0].steps).toHaveLength(1000);
    expect(byTime.series[0].times[0]).toBe(1_700_000_000_000);
    expect(byTime.series[1]).toMatchObject({ key: 'absent', total: 0, steps: [] });
    for (const payload of [
      { run_ids: [], keys: ['loss'] },
      { run_ids: Array(11).fill(ws.longRun), keys: ['loss'] },
      { run_ids: [ws.longRun], keys: ['loss'], max_points: 10_001 },
    ]) {
      const bad = await app.inject({ method: 'POST', url: '/api/v1/metrics/history', payload });
      expect(bad.statusCode).toBe(400);
    }
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/v1/metrics/history',
      payload: { run_ids: ['nope'], keys: ['loss'] },
    });
    expect(unknown.statusCode).toBe(404);
  });

  it('refuses artifact paths that leave the run artifact root', async () => {
    for (const path of [
      '../../etc/passwd',
      'notes/../../x',
      '/etc/passwd',
      'notes//readme.txt',
      'notes\\readme.txt',
      './notes/readme.txt',
    ]) {
      const r = await get(`/api/v1/runs/${ws.longRun}/artifacts/download?path=${encodeURIComponent(path)}`);
      expect(r.statusCode, path).toBe(400);
      const list = await get(`/api/v1/runs/${ws.longRun}/artifacts?path=${encodeURIComponent(path)}`);
      expect(list.statusCode, path).toBe(400);
    }
    const root = (await get(`/api/v1/runs/${ws.longRun}/artifacts`)).json();
    expect(root.files).toEqual([{ path: 'notes', is_dir: true, size: null }]);
    const notes = (await get(`/api/v1/runs/${ws.longRun}/artifacts?path=notes`)).json();
    expect(notes.files).toEqual([{ path: 'notes/readme.txt', is_dir: false, size: 16 }]);
  });

  it('moves an alias only with the token, records it in the registry history, and a wrong token changes nothing', async () => {
    const p: Platform = ws.platform;
    const url = '/api/v1/models/cancer/aliases/production';
    const payload = { version: 2, reason: 'v2 beats v1 on recall' };
    const none = await app.inject({ method: 'POST', url, payload });
    expect(none.statusCode).toBe(401);
    const wrong = await app.inject({
      method: 'POST',
      url,
      payload,
      headers: { authorization: 'Bearer wrong-token-0123456789' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().message).toBe('the bearer token is wrong');
    expect((await p.registry.resolve('cancer@production')).version).toBe(1);
    const check = await app.inject({
      method: 'POST',
      url: '/api/v1/session/check',
      headers: { authorization: 'Bearer nope' },
    });
    expect(check.statusCode).toBe(401);

    const moved = await app.inject({ method: 'POST', url, payload, headers: auth });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toEqual({
      name: 'cancer',
      alias: 'production',
      from: 1,
      to: 2,
      reason: payload.reason,
      actor: 'token@127.0.0.1',
    });
    expect((await p.registry.resolve('cancer@production')).version).toBe(2);
    const history = (await get('/api/v1/models/cancer/history')).json();
    expect(history.events.at(-1).alias_move).toEqual({
      alias: 'production',
      from: 1,
      to: 2,
      reason: payload.reason,
    });
    const cli = await runCli(['--cwd', ws.dir, '--json', 'models', 'history', 'cancer']);
    expect(cli.stdout).toContain('v2 beats v1 on recall');
    expect(cli.stdout).toContain('token@127.0.0.1');
    // Back, so other tests see production → 1.
    await p.registry.setAlias('cancer', 'production', 1, { actor: 'test', reason: 'restore' });
    const bad = await app.inject({ method: 'POST', url, payload: { version: 2 }, headers: auth });
    expect(bad.statusCode).toBe(400);
  });

  it('shows models with aliases, a version with lineage, datasets with versions, profile and failed validation', async () => {
    const model = (await get('/api/v1/models/cancer')).json();
    expect(model.versions.map((v: { version: number }) => v.version).sort()).toEqual([1, 2]);
    expect(model.aliases.map((a: { alias: string }) => a.alias).sort()).toEqual(['production', 'staging']);
    const v1 = (await get('/api/v1/models/cancer/versions/1')).json();
    expect(v1.lineage.inputs[0]).toMatchObject({
      dataset: 'cancer',
      version: 1,
      ref: 'cancer:1',
      exists: true,
    });
    expect(v1.lineage.run.run_id).toBe(v1.run_id);
    const ds = (await get('/api/v1/datasets/cancer')).json();
    expect(ds.versions.map((v: { row_count: number }) => v.row_count)).toEqual([569, 400]);
    expect(ds.tags).toEqual([{ tag: 'gold', version: 2 }]);
    const gold = (await get('/api/v1/datasets/cancer/versions/gold')).json();
    expect(gold.version).toBe(2);
    const radius = gold.profile.columns.find((c: { name: string }) => c.name === 'mean radius');
    expect(radius.histogram.counts.reduce((a: number, b: number) => a + b, 0)).toBe(400);
    expect(gold.validation[0]).toMatchObject({ suite_name: 'cancer-ranges', success: false, failed: 1 });
    expect(gold.validation[0].failed_expectations[0]).toMatchObject({
      expect: 'between',
      columns: ['mean radius'],
    });
    const diff = (await get('/api/v1/datasets/cancer/diff?from=1&to=gold')).json();
    expect(diff).toMatchObject({ from: 'cancer:1', to: 'cancer:2', rows: [569, 400] });
    expect(diff.columns.find((c: { column: string }) => c.column === 'mean radius').psi).toBeGreaterThan(0.1);
  });

  it('shows monitoring windows with drift, performance, alerts and one feature window', async () => {
    const list = (await get('/api/v1/monitoring')).json();
    expect(list.models).toEqual([expect.objectContaining({ model: 'cancer', rows_counted: true })]);
    // 800 from the fixture, and up to 5 more from the serving server of this file (flushed or not yet).
    expect(list.models[0].rows).toBeGreaterThanOrEqual(800);
    expect(list.models[0].rows).toBeLessThanOrEqual(805);
    expect(list.models[0].alerts).toBeGreaterThanOrEqual(1);
    const m = (await get('/api/v1/monitoring/cancer?window=100')).json();
    expect(m.windows).toHaveLength(8);
    expect(m.windows.slice(0, 4).every((w: { drift: boolean }) => !w.drift)).toBe(true);
    expect(m.windows.slice(4).every((w: { drift: boolean }) => w.drift)).toBe(true);
    expect(m.windows[4].features).toHaveLength(30);
    expect(m.windows[0].performance.realised.accuracy).toBeGreaterThan(0.8);
    expect(m.windows[5].alerts).toEqual([
      expect.objectContaining({ alert: 'feature-drift', metric: 'drift_share' }),
    ]);
    const clean = (await get('/api/v1/monitoring/cancer/features/mean%20radius?window=100&index=0')).json();
    const drifted = (await get('/api/v1/monitoring/cancer/features/mean%20radius?window=100&index=5')).json();
    expect(clean).toMatchObject({ window: 0, kind: 'numeric', drift: { drift: false } });
    expect(drifted).toMatchObject({ window: 5, kind: 'numeric', drift: { drift: true } });
    expect(drifted.edges).toHaveLength(drifted.reference.length + 1);
    const later = (
      await get(`/api/v1/monitoring/cancer?window=100&from=${encodeURIComponent(m.windows[6].start)}`)
    ).json();
    expect(later.windows.map((w: { index: number }) => w.index)).toEqual(
      [5, 6, 7].filter((i) => m.windows[i].end >= m.windows[6].start),
    );
    expect((await get('/api/v1/monitoring/cancer?window=10')).statusCode).toBe(400);
    expect((await get('/api/v1/monitoring/cancer/features/nope?window=100')).statusCode).toBe(404);
  });

  it('tells the serving state: nothing served without models, routes and metrics with them', async () => {
    expect((await get('/api/v1/deployments')).json()).toEqual({
      serving: false,
      deployments: [],
      peers: [],
      recent_swaps: [],
    });
    const d = (await served.inject({ method: 'GET', url: '/api/v1/deployments' })).json();
    expect(d.deployments).toEqual([
      {
        model: 'cancer@production',
        name: 'cancer',
        routes: [{ version: 1, weight: 1, alias: 'production' }],
        replicas: 1,
      },
    ]);
    const s = (await served.inject({ method: 'GET', url: '/api/v1/serving/metrics' })).json();
    expect(s.requests_total).toBe(5);
    expect(s.latency_ms.p50).toBeGreaterThan(0);
    const o = (await served.inject({ method: 'GET', url: '/api/v1/overview' })).json();
    expect(o.serving).toMatchObject({ serving: true, models_served: ['cancer'] });
    expect(o.alerts.length).toBeGreaterThanOrEqual(1);
  });

  it('needs the token for reads with server.read_token_required, and says so on /session', async () => {
    const p = ws.platform;
    const strict = Object.create(p, {
      config: { value: { ...p.config, server: { ...p.config.server, read_token_required: true } } },
    }) as Platform;
    const guarded = await createServer(strict, { token: TOKEN });
    try {
      const session = await guarded.inject({ method: 'GET', url: '/api/v1/session' });
      expect(session.json()).toEqual({ reads: 'token', writes: 'token', token_configured: true });
      for (const url of [
        '/api/v1/runs',
        '/api/v1/overview',
        '/api/2.0/mlflow/experiments/search?max_results=10',
      ]) {
        expect((await guarded.inject({ method: 'GET', url })).statusCode, url).toBe(401);
        expect((await guarded.inject({ method: 'GET', url, headers: auth })).statusCode, url).toBe(200);
      }
    } finally {
      await guarded.close();
    }
    expect((await get('/api/v1/session')).json()).toEqual({
      reads: 'open',
      writes: 'token',
      token_configured: true,
    });
  });
});
