import { describe, expect, it } from 'vitest';
import { createRngForTest } from '../../models/test-rng.fixture.js';
import { ServingService } from '../../serving/index.js';
import { binaryModel, churnService, MemorySource } from '../../serving/memory-source.fixture.js';
import { mutateText } from '../../serving/pipeline/mutate.fixture.js';
import { liveServer } from '../live-server.fixture.js';
import { malformedRequests } from './inference-fuzz.fixture.js';

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

describe('the predict route (over a real socket)', () => {
  const server = liveServer(churnService, 64 * 1024);

  const send = async (body: string, headers: Record<string, string> = {}) => {
    const r = await fetch(`${server.url}/models/churn/predict`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...headers },
    });
    return {
      status: r.status,
      headers: r.headers,
      body: (await r.json()) as { probabilities: number[][] } & Record<string, unknown>,
    };
  };

  it('answers like the framework route: predictions, request id, problems, statuses', async () => {
    const ok = await send('{"rows": [{"x": 0, "c": null}]}', { 'x-request-id': 'lane-1' });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-request-id')).toBe('lane-1');
    expect(ok.body).toMatchObject({ request_id: 'lane-1', model_version: 1, predictions: [1] });
    expect(ok.body.probabilities[0]?.[1]).toBeCloseTo(sigmoid(1), 12);
    expect(await send('{"rows": [{"x": "NaN", "c": null}]}')).toMatchObject({
      status: 400,
      body: { code: 'INVALID_ARGUMENT', problems: [{ row: 0, field: 'x', got: 'string "NaN"' }] },
    });
    expect((await send('{"rows": [')).status).toBe(400);
    expect((await send('{"nothing": 1}')).status).toBe(400);
    const big = await send(`{"rows": [${'{"x": 1},'.repeat(10_000)}{}]}`);
    expect(big).toMatchObject({ status: 413, body: { code: 'PAYLOAD_TOO_LARGE' } });
    const missing = await fetch(`${server.url}/models/nope/predict`, {
      method: 'POST',
      body: '{"rows": [{"x": 0, "c": null}]}',
      headers: { 'content-type': 'application/json' },
    });
    expect(missing.status).toBe(404);
  });

  it('gives every malformed request a 4xx over the socket and stays up', async () => {
    for (const [, body, type] of malformedRequests().filter(([u]) => u === '/models/churn/predict')) {
      const r = await fetch(`${server.url}/models/churn/predict`, {
        method: 'POST',
        body,
        headers: { 'content-type': type },
      });
      await r.arrayBuffer();
      expect(r.status, body.slice(0, 60)).toBeGreaterThanOrEqual(400);
      expect(r.status, body.slice(0, 60)).toBeLessThan(500);
    }
    expect((await send('{"rows": [{"x": 0, "c": null}]}')).status).toBe(200);
  });
});

describe('the predict pipeline over a real socket', () => {
  const server = liveServer(async () => {
    const source = new MemorySource({ num: { 1: () => binaryModel(1, ['x', 'z']) } });
    const serving = new ServingService(source, { sink: { write: async () => {} }, pollMs: 0 });
    await serving.start([{ ref: 'num:1' }]);
    return serving;
  }, 64 * 1024);

  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/models/num/predict`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...headers },
    });

  it('answers concurrent requests, each with its own rows, id and probability', async () => {
    const answers = await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const r = await post(JSON.stringify({ rows: [{ x: i / 10, z: -i / 40 }] }), {
          'x-request-id': `c-${i}`,
        });
        return { i, status: r.status, id: r.headers.get('x-request-id'), body: (await r.json()) as never };
      }),
    );
    for (const { i, status, id, body } of answers) {
      expect(status).toBe(200);
      expect(id).toBe(`c-${i}`);
      const { probabilities, request_id, model_version } = body as {
        probabilities: number[][];
        request_id: string;
        model_version: number;
      };
      expect(request_id).toBe(`c-${i}`);
      expect(model_version).toBe(1);
      // binaryModel: p = sigmoid(x + z + bias), bias 1.
      expect(probabilities[0]![1]).toBe(sigmoid(i / 10 + -i / 40 + 1));
    }
  });

  it('gives 2,000 mutated bodies a 200 with the right answer or a 4xx, and stays up', async () => {
    const rnd = createRngForTest(17);
    const valid = '{"rows": [{"x": 0.25, "z": -1.5}, {"z": 3, "x": 1e-2}]}';
    const alphabet = '{}[]":,.-+eE0123456789 xzrows\\nul';
    let ok = 0;
    for (let n = 0; n < 2000; n++) {
      const body = mutateText(valid, rnd, alphabet, 1);
      const r = await post(body);
      const answer = (await r.json()) as { probabilities?: number[][] };
      let parsed: { rows?: Array<{ x?: number | null; z?: number | null }> } | undefined;
      try {
        parsed = JSON.parse(body);
      } catch {
        parsed = undefined;
      }
      if (r.status === 200) {
        ok++;
        const rows = parsed!.rows!;
        // Missing or null numbers are imputed with 0 by binaryModel.
        for (const [k, row] of rows.entries())
          expect(answer.probabilities![k]![1], body).toBe(sigmoid((row.x ?? 0) + (row.z ?? 0) + 1));
      } else {
        expect(r.status, body).toBeGreaterThanOrEqual(400);
        expect(r.status, body).toBeLessThan(500);
      }
    }
    expect(ok).toBeGreaterThan(200);
    expect((await post(valid)).status).toBe(200);
  });
});

describe('the per-client rate limit', () => {
  const server = liveServer(async () => {
    const source = new MemorySource({ churn: { 1: () => binaryModel(1) } });
    source.aliases.set('churn@production', 1);
    const serving = new ServingService(source, {
      sink: { write: async () => {} },
      pollMs: 0,
      rateLimit: { rps: 0.01, burst: 2 },
    });
    await serving.start([{ ref: 'churn@production' }]);
    return serving;
  }, undefined);

  it('answers 429 with Retry-After past the burst, on the predict route and the other routes', async () => {
    const predict = () =>
      fetch(`${server.url}/models/churn/predict`, {
        method: 'POST',
        body: '{"rows": [{"x": 0, "c": null}]}',
        headers: { 'content-type': 'application/json' },
      });
    expect((await predict()).status).toBe(200);
    expect((await predict()).status).toBe(200);
    const limited = await predict();
    expect(limited.status).toBe(429);
    // rps 0.01: a token takes 100 s.
    expect(limited.headers.get('retry-after')).toBe('100');
    expect(await limited.json()).toMatchObject({ code: 'OVERLOADED' });
    const oip = await fetch(`${server.url}/v2/models/churn/infer`, {
      method: 'POST',
      body: JSON.stringify({ inputs: [{ name: 'x', shape: [1], datatype: 'FP64', data: [0] }] }),
      headers: { 'content-type': 'application/json' },
    });
    expect(oip.status).toBe(429);
  });
});
