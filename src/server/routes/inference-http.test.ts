import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { initWorkspace, openPlatform, type Platform } from '../../platform.js';
import type { LogRecord } from '../../prediction-log/index.js';
import { ServingService } from '../../serving/index.js';
import { binaryModel, MemorySource } from '../../serving/memory-source.fixture.js';
import { promtoolCheck, tempDir } from '../../testing/services.js';
import { createServer } from '../app.js';
import { hugeBody, malformedRequests } from './inference-fuzz.fixture.js';

const TOKEN = 'test-token-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
// The published OIP v2 OpenAPI document, copied into test/fixtures/specs (see its README).
const SPEC = new URL('../../../test/fixtures/specs/open_inference_rest.yaml', import.meta.url);

describe('the inference HTTP routes', () => {
  const dir = tempDir();
  let p: Platform;
  let app: FastifyInstance;
  let serving: ServingService;
  let source: MemorySource;
  const records: LogRecord[] = [];

  beforeAll(async () => {
    await initWorkspace(dir.path, { env: {} });
    p = await openPlatform({ cwd: dir.path, env: {} });
    source = new MemorySource({ churn: { 1: () => binaryModel(1), 2: () => binaryModel(2) } });
    source.aliases.set('churn@production', 1);
    serving = new ServingService(source, {
      sink: { write: async (r) => void records.push(...r) },
      pollMs: 0,
    });
    await serving.start([{ ref: 'churn@production', confidence: { below: 0.8, action: 'human' } }]);
    app = await createServer(p, { token: TOKEN, bodyLimit: 1024 * 1024, serving });
  });
  afterAll(async () => {
    await p.close();
    dir.cleanup();
  });

  const post = async (url: string, payload: unknown, headers: Record<string, string> = {}) => {
    const r = await app.inject({ method: 'POST', url, payload: payload as object, headers });
    return { status: r.statusCode, body: r.json(), headers: r.headers };
  };

  it('predicts rows with probabilities, version, confidence action, explanations and the request id', async () => {
    const r = await post(
      '/models/churn/predict?explain=true',
      {
        rows: [
          { x: 0, c: null },
          { x: 2, c: 'a' },
        ],
      },
      { 'x-request-id': 'abc-1' },
    );
    expect(r.status).toBe(200);
    expect(r.headers['x-request-id']).toBe('abc-1');
    // v1: p = sigmoid(x + 0.5·[c=a] + 1); below 0.8 confidence the policy routes to a human.
    expect(r.body).toMatchObject({
      request_id: 'abc-1',
      model: 'churn',
      model_version: 1,
      predictions: [1, 1],
      actions: ['human', 'accept'],
    });
    expect(r.body.probabilities[1][1]).toBeCloseTo(sigmoid(3.5), 12);
    // Occlusion: p(row) − p(row with x missing → 0) = sigmoid(3.5) − sigmoid(1.5).
    expect(r.body.explanations[1].x).toBeCloseTo(sigmoid(3.5) - sigmoid(1.5), 12);
  });

  it('answers a bad request with 400 listing every problem', async () => {
    const r = await post('/models/churn/predict', {
      rows: [
        { x: 'Infinity', c: [] },
        { x: true, c: null },
      ],
    });
    expect(r.status).toBe(400);
    expect(r.body.problems).toEqual([
      { row: 0, field: 'x', expected: 'a finite number or null', got: 'string "Infinity"' },
      { row: 0, field: 'c', expected: 'a string (category) or null', got: 'an array of 0' },
      { row: 1, field: 'x', expected: 'a finite number or null', got: 'boolean true' },
    ]);
    expect(typeof r.body.error).toBe('string');
  });

  it('serves the MLflow /invocations shapes alike', async () => {
    const expected = { predictions: [1, 0] }; // sigmoid(1) > 0.5 for x = 0; sigmoid(-2 + 1) < 0.5 for x = −2
    expect(
      (
        await post('/invocations', {
          dataframe_split: {
            columns: ['x', 'c'],
            data: [
              [0, null],
              [-2, null],
            ],
          },
        })
      ).body,
    ).toEqual(expected);
    expect(
      (
        await post('/invocations', {
          dataframe_records: [
            { x: 0, c: null },
            { x: -2, c: null },
          ],
        })
      ).body,
    ).toEqual(expected);
    expect(
      (
        await post('/invocations', {
          instances: [
            { x: 0, c: null },
            { x: -2, c: null },
          ],
        })
      ).body,
    ).toEqual(expected);
    expect((await post('/invocations', { inputs: { x: [0, -2], c: [null, null] } })).body).toEqual(expected);
    expect((await post('/invocations', { wrong: 1 })).status).toBe(400);
  });

  it('speaks OIP v2, and its answers validate against the published OpenAPI document', async () => {
    const spec = parseYaml(readFileSync(SPEC, 'utf8')) as { components: unknown };
    const ajv = new Ajv({ strict: false });
    ajv.addSchema({ $id: 'oip', components: spec.components });
    const check = (name: string, body: unknown) => {
      const valid = ajv.validate({ $ref: `oip#/components/schemas/${name}` }, body);
      expect(ajv.errors ?? [], name).toEqual([]);
      expect(valid).toBe(true);
    };
    const server = await app.inject({ method: 'GET', url: '/v2' });
    check('metadata_server_response', server.json());
    check('metadata_model_response', (await app.inject({ method: 'GET', url: '/v2/models/churn' })).json());
    expect((await app.inject({ method: 'GET', url: '/v2/health/live' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/v2/health/ready' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/v2/models/churn/versions/1/ready' })).statusCode).toBe(
      200,
    );
    expect((await app.inject({ method: 'GET', url: '/v2/models/churn/versions/9/ready' })).statusCode).toBe(
      404,
    );
    const request = {
      id: '42',
      inputs: [
        { name: 'x', shape: [2], datatype: 'FP64', data: [0, -2] },
        { name: 'c', shape: [2, 1], datatype: 'BYTES', data: [['a'], ['b']] },
      ],
    };
    check('inference_request', request);
    const r = await post('/v2/models/churn/versions/1/infer', request);
    expect(r.status).toBe(200);
    check('inference_response', r.body);
    expect(r.body).toMatchObject({
      id: '42',
      model_name: 'churn',
      model_version: '1',
      outputs: [
        { name: 'predict', shape: [2], datatype: 'INT64', data: [1, 0] },
        { name: 'predict_proba', shape: [2, 2] },
      ],
    });
    expect(r.body.outputs[1].data[1]).toBeCloseTo(sigmoid(1.5), 12);
    const bad = await post('/v2/models/churn/infer', {
      inputs: [{ name: 'x', shape: [3], datatype: 'FP64', data: [1] }],
    });
    expect(bad.status).toBe(400);
    check('inference_error_response', bad.body);
    const missing = await post('/v2/models/nope/infer', request);
    expect(missing.status).toBe(404);
    check('inference_error_response', missing.body);
  });

  it('keeps admin routes and feedback behind the bearer token', async () => {
    expect((await app.inject({ method: 'GET', url: '/admin/models' })).statusCode).toBe(401);
    expect((await post('/feedback', { request_id: 'abc-1', label: 1 })).status).toBe(401);
    await post('/models/churn/predict', { rows: [{ x: 0, c: null }] }, { 'x-request-id': 'abc-1' });
    expect((await post('/feedback', { request_id: 'abc-1', label: 1 }, auth)).status).toBe(202);
    const noToken = await createServer(p, {
      serving: new ServingService(source, { sink: { write: async () => {} }, pollMs: 0 }),
    });
    expect((await noToken.inject({ method: 'GET', url: '/admin/models', headers: auth })).statusCode).toBe(
      403,
    );
  });

  it('changes routing at runtime, rolls it back, and moves an alias with a hot swap', async () => {
    const put = await app.inject({
      method: 'PUT',
      url: '/admin/models/churn/routing',
      headers: auth,
      payload: {
        split: [
          { version: 1, weight: 1 },
          { version: 2, weight: 1 },
        ],
        sticky_header: 'X-User',
      },
    });
    expect(put.statusCode).toBe(200);
    const versions = new Set<number>();
    for (let k = 0; k < 40; k++)
      versions.add(
        (await post('/models/churn/predict', { rows: [{ x: 0, c: null }] }, { 'x-user': `u${k}` })).body
          .model_version,
      );
    expect(versions).toEqual(new Set([1, 2]));
    const sticky = (await post('/models/churn/predict', { rows: [{ x: 0, c: null }] }, { 'x-user': 'u7' }))
      .body.model_version;
    for (let k = 0; k < 10; k++)
      expect(
        (await post('/models/churn/predict', { rows: [{ x: 0, c: null }] }, { 'x-user': 'u7' })).body
          .model_version,
      ).toBe(sticky);
    expect((await post('/admin/models/churn/rollback', {}, auth)).body.routing.split).toEqual([
      { version: 1, weight: 1 },
    ]);
    const moved = await post('/admin/models/churn/aliases', { alias: 'production', version: 2 }, auth);
    expect(moved.body).toMatchObject({ swapped: 1, primary: 2 });
    expect((await post('/models/churn/predict', { rows: [{ x: 0, c: null }] })).body.model_version).toBe(2);
  });

  it('exposes Prometheus metrics that promtool accepts', async () => {
    const r = await app.inject({ method: 'GET', url: '/metrics' });
    expect(r.statusCode).toBe(200);
    expect(r.body).toMatch(
      /flywheel_serving_requests_total\{model="churn",version="1",route="primary",status="ok"\} \d+/,
    );
    expect(r.body).toContain(
      'flywheel_serving_request_duration_seconds_bucket{model="churn",version="1",route="primary",le="+Inf"}',
    );
    const checked = promtoolCheck(r.body);
    if (checked !== undefined) expect(checked).toBe('rc=0');
  });

  it('serves the OpenAPI document', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(doc.openapi).toBe('3.0.3');
    expect(Object.keys(doc.paths)).toContain('/models/{name}/predict');
  });

  it('answers 10,000 malformed requests with 4xx, stays up and keeps memory bounded', {
    timeout: 60_000,
  }, async () => {
    const payloads = malformedRequests();
    const heapBefore = process.memoryUsage().heapUsed;
    const statuses = new Map<number, number>();
    for (let k = 0; k < 10_000; k++) {
      const [url, payload, type] = payloads[k % payloads.length]!;
      const r = await app.inject({ method: 'POST', url, payload, headers: { 'content-type': type } });
      statuses.set(r.statusCode, (statuses.get(r.statusCode) ?? 0) + 1);
      if (r.statusCode < 400 || r.statusCode >= 500)
        throw new Error(`${url} ${String(payload).slice(0, 80)} got ${r.statusCode}: ${r.body}`);
    }
    const huge = hugeBody();
    for (let k = 0; k < 2; k++) {
      const r = await app.inject({
        method: 'POST',
        url: '/models/churn/predict',
        payload: huge,
        headers: { 'content-type': 'application/json' },
      });
      expect(r.statusCode).toBe(413);
    }
    expect((await post('/models/churn/predict', { rows: [{ x: 0, c: null }] })).status).toBe(200);
    // Bounded: nothing is kept per bad request (50 MB bodies are refused at the 1 MB limit, not buffered).
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(150 * 1024 * 1024);
    expect([...statuses.keys()].every((s) => s >= 400 && s < 500)).toBe(true);
  });

  it('drains and flushes the prediction log on close', async () => {
    await post('/models/churn/predict', { rows: [{ x: 1, c: null }] }, { 'x-request-id': 'last-one' });
    await app.close();
    expect(records.some((r) => r.request_id === 'last-one')).toBe(true);
    expect(records.some((r) => r.kind === 'feedback' && r.request_id === 'abc-1')).toBe(true);
  });
});
