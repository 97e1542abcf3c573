/**
 * Issue 24 #10: `/feedback` checks its request id against the ids this server answered (bounded,
 * newest kept) and its label against that request's rows: an unknown id is a 404, a label that
 * does not fit (a scalar for 3 rows, 2 labels for 3 rows) a 400, each with the reason.
 */
import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../../prediction-log/index.js';
import { ServingService } from '../../serving/index.js';
import { binaryModel, MemorySource } from '../../serving/memory-source.fixture.js';
import { liveServer, TEST_TOKEN } from '../live-server.fixture.js';

describe('POST /feedback (issue 24 #10)', () => {
  const records: LogRecord[] = [];
  let serving: ServingService;
  const server = liveServer(async () => {
    const source = new MemorySource({
      churn: { 1: () => binaryModel(1) },
      other: { 1: () => binaryModel(0) },
    });
    serving = new ServingService(source, {
      sink: { write: async (r) => void records.push(...r) },
      pollMs: 0,
      log: { flushMs: 10 },
      rememberAnswers: 3,
    });
    await serving.start([{ ref: 'churn:1' }, { ref: 'other:1' }]);
    return serving;
  });
  const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const r = await fetch(`${server.url}${path}`, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json', ...headers },
    });
    return { status: r.status, body: (await r.json()) as Record<string, unknown> };
  };
  const feedback = (body: unknown) => post('/feedback', body, { authorization: `Bearer ${TEST_TOKEN}` });
  const rows = (n: number) => ({ rows: Array.from({ length: n }, (_, i) => ({ x: i, c: 'a' })) });

  it('refuses an id the server never answered with 404, and accepts one it did', async () => {
    const unknown = await feedback({ request_id: 'never-answered', label: 1 });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'NOT_FOUND' });
    expect(unknown.body.error).toContain('never-answered');
    // Read by the fast decoder (a plain body, no query) and by JSON.parse (?explain).
    expect((await post('/models/churn/predict', rows(1), { 'x-request-id': 'fast-1' })).status).toBe(200);
    expect(
      (await post('/models/churn/predict?explain=true', rows(1), { 'x-request-id': 'slow-1' })).status,
    ).toBe(200);
    expect((await feedback({ request_id: 'fast-1', label: 1 })).status).toBe(202);
    expect((await feedback({ request_id: 'slow-1', label: [0] })).status).toBe(202);
    await serving.log.flush();
    const logged = records.filter((r) => r.kind === 'feedback');
    // The endpoint that answered is filled in, and a one-element array is its element.
    expect(logged).toMatchObject([
      { request_id: 'fast-1', label: 1, model: 'churn' },
      { request_id: 'slow-1', label: 0, model: 'churn' },
    ]);
  });

  it('refuses a scalar label for a 3-row request, and an array of the wrong length, with 400', async () => {
    expect((await post('/models/churn/predict', rows(3), { 'x-request-id': 'three' })).status).toBe(200);
    const scalar = await feedback({ request_id: 'three', label: 1 });
    expect(scalar.status).toBe(400);
    expect(scalar.body).toMatchObject({
      code: 'INVALID_ARGUMENT',
      problems: [{ field: 'label', expected: expect.stringContaining('an array of 3 labels') }],
    });
    expect((await feedback({ request_id: 'three', label: [1, 0] })).status).toBe(400);
    expect((await feedback({ request_id: 'three', label: [1, { a: 1 }, 0] })).status).toBe(400);
    expect((await feedback({ request_id: 'three', label: [1, null, 0] })).status).toBe(202);
    const wrongModel = await feedback({ request_id: 'three', label: [1, 1, 0], model: 'other' });
    expect([wrongModel.status, wrongModel.body.error]).toEqual([
      400,
      'request "three" was answered by "churn", not "other"',
    ]);
  });

  it('remembers the newest answers only: an id past the horizon is a 404', async () => {
    // rememberAnswers 3: the newest 3 are always known, at most 6 are held.
    const ids = ['h-1', 'h-2', 'h-3', 'h-4', 'h-5', 'h-6', 'h-7'];
    for (const id of ids)
      expect((await post('/models/churn/predict', rows(1), { 'x-request-id': id })).status).toBe(200);
    expect(serving.answered.size).toBeLessThanOrEqual(6);
    expect((await feedback({ request_id: 'h-1', label: 1 })).status).toBe(404);
    expect((await feedback({ request_id: 'h-5', label: 1 })).status).toBe(202);
  });
});
