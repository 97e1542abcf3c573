// Bad input on the inference routes is a 400 naming the problem (never a 500), the same on the fast
// lane and the framework's path; odd feature names are the row's own; every answer names its request.
import { describe, expect, it } from 'vitest';
import { ServingService } from '../../serving/index.js';
import { MemorySource, numericModel, serviceOf } from '../../serving/memory-source.fixture.js';
import { liveServer } from '../live-server.fixture.js';

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

describe('inference input', () => {
  const server = liveServer(() => serviceOf('odd', () => numericModel(['constructor', 'toString', 'x'])));
  const post = async (path: string, body: string | Buffer, headers: Record<string, string> = {}) => {
    const r = await fetch(`${server.url}${path}`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...headers },
    });
    return { status: r.status, headers: r.headers, body: (await r.json()) as Record<string, unknown> };
  };

  it('reads features named constructor and toString as the row gives them, on every path', async () => {
    // numericModel: every weight 0.1, missing -> 0.
    const full = '{"rows": [{"constructor": 1, "toString": 2, "x": 3}]}';
    const partial = '{"rows": [{"x": 3, "constructor": null, "toString": null}]}';
    for (const path of ['/models/odd/predict', '/models/odd/predict?explain=true']) {
      const a = await post(path, full);
      expect([path, a.status]).toEqual([path, 200]);
      expect((a.body.probabilities as number[][])[0]![1]).toBeCloseTo(sigmoid(0.6), 12);
      const b = await post(path, partial);
      expect([path, b.status]).toEqual([path, 200]);
      expect((b.body.probabilities as number[][])[0]![1]).toBeCloseTo(sigmoid(0.3), 12);
    }
  });

  it('refuses a body starting with a byte-order mark by either decoder (and with ?explain=true) alike', async () => {
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"rows": [{"x": 1}]}')]);
    for (const path of ['/models/odd/predict', '/models/odd/predict?explain=true']) {
      const r = await post(path, bom);
      expect([path, r.status, r.body.code, r.body.error]).toEqual([
        path,
        400,
        'INVALID_ARGUMENT',
        'the request body starts with a byte-order mark (U+FEFF)',
      ]);
    }
  });

  it('answers an OIP shape nested 200,000 deep with 400', async () => {
    const deep = `${'['.repeat(200_000)}1${']'.repeat(200_000)}`;
    const body = `{"inputs": [{"name": "x", "datatype": "FP64", "shape": ${deep}, "data": [1]}]}`;
    const r = await post('/v2/models/odd/infer', body);
    expect(r.status).toBe(400);
    expect(r.body.problems).toEqual([
      {
        field: 'inputs[0].shape',
        expected: '[rows] or [rows, columns]',
        got: 'an array of 1, one of them an array of 1',
      },
    ]);
  });

  it('names the request in the x-request-id header of every answer, errors of either decoder too', async () => {
    for (const [path, body] of [
      ['/models/odd/predict', '{"rows": [{"x": "NaN"}]}'],
      ['/models/odd/predict', '{"rows": ['],
      ['/models/nope/predict', '{"rows": [{"x": 1}]}'],
      ['/models/odd/predict?explain=true', '{"rows": ['],
      ['/v2/models/odd/infer', '{}'],
    ] as const) {
      const given = await post(path, body, { 'x-request-id': 'err-1' });
      expect([
        path,
        body,
        given.status >= 400,
        given.headers.get('x-request-id'),
        given.body.request_id,
      ]).toEqual([path, body, true, 'err-1', 'err-1']);
      const fresh = await post(path, body);
      const id = fresh.headers.get('x-request-id');
      expect([path, body, typeof id, fresh.body.request_id]).toEqual([path, body, 'string', id]);
    }
  });
});

describe('endpoint names', () => {
  it('are one rule, checked wherever an endpoint is made', async () => {
    const source = new MemorySource({
      churn: { 1: () => numericModel(['x']) },
      'team/churn': { 1: () => numericModel(['x']) },
    });
    const serving = new ServingService(source, { sink: { write: async () => {} }, pollMs: 0 });
    try {
      for (const name of [' ', '../../etc', 'a/b', '.hidden', '', 'x'.repeat(101), 'ünï']) {
        await expect(serving.load({ ref: 'churn:1', name }), name).rejects.toMatchObject({
          code: 'INVALID_ARGUMENT',
          message: expect.stringContaining('is not a valid endpoint name'),
        });
      }
      // A registry name that is not an endpoint name needs a name of its own.
      await expect(serving.load({ ref: 'team/churn:1' })).rejects.toMatchObject({
        message: expect.stringContaining('(the model name of team/churn:1)'),
      });
      expect(await serving.load({ ref: 'team/churn:1', name: 'team-churn' })).toEqual({
        name: 'team-churn',
        version: 1,
      });
      expect(serving.names()).toEqual(['team-churn']);
    } finally {
      await serving.close();
    }
  });
});
