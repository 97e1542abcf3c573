import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FlywheelError } from '../core/index.js';
import { FeatureNames, type FeatureRow, OPTIONAL_FEATURES_TAG } from '../models/index.js';
import { type LogRecord, segmentSink } from '../prediction-log/index.js';
import { schemaIncompatibility } from './endpoint.js';
import { binaryModel, MemorySource, throwingModel } from './memory-source.fixture.js';
import { Batcher } from './pipeline/batcher.js';
import { checkRows } from './pipeline/request-check.js';
import { RateLimiter } from './rate-limit.js';
import { pickVersion, stickyPoint } from './routing.js';
import { ServingService } from './service.js';

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

function memorySink() {
  const records: LogRecord[] = [];
  return { records, sink: { write: async (r: readonly LogRecord[]) => void records.push(...r) } };
}

async function service(source: MemorySource, refs = ['churn@production']) {
  const { records, sink } = memorySink();
  const s = new ServingService(source, { sink, pollMs: 0, log: { flushMs: 10 } });
  await s.start(refs.map((ref) => ({ ref })));
  return { s, records };
}

describe('request validation', () => {
  const schema = binaryModel(0).schema;
  it('lists every problem with field, expected and got', () => {
    const { problems } = checkRows(schema, [{ x: 'NaN', c: 3 }, { x: Number.NaN, c: {} }, 7]);
    // "NaN" text and a NaN number are both refused for x; 3 is accepted as category "3".
    expect(problems).toEqual([
      { row: 0, field: 'x', expected: 'a finite number or null', got: 'string "NaN"' },
      { row: 1, field: 'x', expected: 'a finite number or null', got: 'number NaN' },
      { row: 1, field: 'c', expected: 'a string (category) or null', got: 'an object' },
      { row: 2, field: '(row)', expected: 'an object keyed by feature name', got: 'number 7' },
    ]);
  });
  it('keeps only the features, typed; the request is not changed', () => {
    const valid = { x: 2, c: null };
    expect({ ...checkRows(schema, [valid]).rows[0] }).toEqual({ x: 2, c: null });
    const numeric = { x: 1, c: 7 };
    expect({ ...checkRows(schema, [numeric]).rows[0] }).toEqual({ x: 1, c: '7' });
    expect(numeric.c).toBe(7);
  });
  it('refuses an absent feature and an unknown key, naming them with a "did you mean" (issue 24 #5)', () => {
    const { problems, refusedNames } = checkRows(schema, [
      { x: 1, c: 'a' },
      { x: 2, C: 'a' },
    ]);
    expect(refusedNames?.row).toBe(1);
    expect(problems).toEqual([
      {
        row: 1,
        field: 'c',
        expected: 'this feature (null for a missing value)',
        got: 'nothing',
        did_you_mean: 'C',
      },
      { row: 1, field: 'C', expected: 'a feature of the model', got: 'an unknown key', did_you_mean: 'c' },
    ]);
    // An optional feature may be absent: null, counted as imputed.
    const names = new FeatureNames(schema, { [OPTIONAL_FEATURES_TAG]: 'c' });
    const imputed = checkRows(schema, [{ x: 1 }, { x: 2, c: 'b' }], { names });
    expect(imputed.problems).toEqual([]);
    expect({ ...imputed.rows[0] }).toEqual({ x: 1, c: null });
    expect(imputed.imputed).toEqual(new Map([['c', 1]]));
  });
  it("reads features named like Object.prototype's members as the row's own values", () => {
    const PROTO = '__proto__';
    const odd = {
      features: [
        { name: 'constructor', type: 'numeric' as const },
        { name: 'toString', type: 'categorical' as const, categories: ['a'] },
        { name: '__proto__', type: 'numeric' as const },
      ],
      output: { task: 'binary' as const, target: 'y', classes: [0, 1] },
    };
    const given = checkRows(odd, [JSON.parse('{"constructor": 1, "toString": "a", "__proto__": 2}')]);
    expect(given.problems).toEqual([]);
    const row = given.rows[0]!;
    expect([row.constructor, row.toString, row[PROTO]]).toEqual([1, 'a', 2]);
    // Absent (declared optional): null, never the inherited function (which made a 400 or a wrong prediction).
    const names = new FeatureNames(odd, { [OPTIONAL_FEATURES_TAG]: 'toString,__proto__' });
    const missing = checkRows(odd, [{ constructor: 3 }], { names });
    expect(missing.problems).toEqual([]);
    expect([missing.rows[0]!.toString, missing.rows[0]![PROTO]]).toEqual([null, null]);
  });
  it('refuses a non-array and an empty array', () => {
    expect(checkRows(schema, {}).problems[0]).toMatchObject({ field: 'rows', got: 'an object' });
    expect(checkRows(schema, []).problems[0]).toMatchObject({ field: 'rows', got: 'an empty array' });
  });
});

describe('routing', () => {
  it('splits by weight: a 90/10 canary sends about 10% to the canary', () => {
    let i = 0;
    const random = () => (i++ % 100) / 100; // 0.00 … 0.99 evenly
    const table = {
      split: [
        { version: 1, weight: 90 },
        { version: 2, weight: 10 },
      ],
      shadow: null,
      stickyHeader: 'x-user',
    };
    const counts = { 1: 0, 2: 0 } as Record<number, number>;
    for (let k = 0; k < 1000; k++) counts[pickVersion(table, undefined, random)]!++;
    expect(counts).toEqual({ 1: 900, 2: 100 });
  });
  it('is sticky: a key always gets the same version, and the point is FNV-1a', () => {
    const table = {
      split: [
        { version: 1, weight: 1 },
        { version: 2, weight: 1 },
      ],
      shadow: null,
      stickyHeader: 'x-user',
    };
    const first = pickVersion(table, 'user-42');
    for (let k = 0; k < 50; k++) expect(pickVersion(table, 'user-42')).toBe(first);
    // FNV-1a 32-bit of "a" is 0xe40c292c (the published test vector).
    expect(stickyPoint('a')).toBe(0xe40c292c / 4294967296);
  });
});

/** Score rows through a batcher: resolves with a copy of their values (rows × outputs). */
function scoreThrough(b: Batcher, rows: FeatureRow[]): Promise<Float64Array> {
  return new Promise((resolve, reject) => {
    const full = b.submitRows(rows, (error, values) =>
      error === null ? resolve(values!.slice()) : reject(error),
    );
    if (full) reject(full);
  });
}

describe('batching', () => {
  it('groups concurrent requests into one batch and answers each its own rows', async () => {
    const sizes: number[] = [];
    const b = new Batcher(
      binaryModel(0),
      { maxBatchSize: 64, maxWaitUs: 500, maxQueueRows: 100 },
      { batch: (n) => sizes.push(n), depth: () => {} },
    );
    const answers = await Promise.all([
      scoreThrough(b, [{ x: 0, c: null }]),
      scoreThrough(b, [
        { x: 1, c: 'a' },
        { x: -1, c: 'b' },
      ]),
    ]);
    expect(sizes).toEqual([3]);
    // Without a wait, the requests of one event-loop turn are scored together at its end.
    const now = new Batcher(
      binaryModel(0),
      { maxBatchSize: 64, maxWaitUs: 0, maxQueueRows: 100 },
      { batch: (n) => sizes.push(n), depth: () => {} },
    );
    await Promise.all([
      scoreThrough(now, [{ x: 0, c: null }]),
      scoreThrough(now, [
        { x: 1, c: null },
        { x: 2, c: null },
      ]),
    ]);
    expect(sizes).toEqual([3, 3]);
    await scoreThrough(now, [{ x: 0, c: null }]);
    expect(sizes).toEqual([3, 3, 1]);
    expect(answers[0]![0]).toBeCloseTo(sigmoid(0), 12);
    expect(Array.from(answers[1]!)).toEqual([sigmoid(1.5), sigmoid(-1.5)]);
  });
  it('refuses with OVERLOADED when the queue is full instead of growing', async () => {
    const b = new Batcher(
      binaryModel(0),
      { maxBatchSize: 1000, maxWaitUs: 50_000, maxQueueRows: 2 },
      undefined,
    );
    const first = scoreThrough(b, [
      { x: 0, c: null },
      { x: 1, c: null },
    ]);
    await expect(scoreThrough(b, [{ x: 2, c: null }])).rejects.toMatchObject({ code: 'OVERLOADED' });
    expect((await first).length).toBe(2);
  });
});

describe('hot swap', () => {
  const models = {
    churn: {
      1: () => binaryModel(1),
      2: () => binaryModel(2),
      3: () => binaryModel(3, ['x', 'z']),
      4: () => binaryModel(4, ['x']),
    },
  };
  it('follows an alias move, keeps in-flight requests on the old version, and audits it', async () => {
    const source = new MemorySource(models);
    source.aliases.set('churn@production', 1);
    const { s } = await service(source);
    const before = s.predict('churn', { rows: [{ x: 0, c: null }] });
    await source.moveAlias('churn', 'production', 2);
    expect(await s.pollAliases()).toBe(1);
    const after = await s.predict('churn', { rows: [{ x: 0, c: null }] });
    expect((await before).model_version).toBe(1);
    expect((await before).probabilities![0]![1]).toBeCloseTo(sigmoid(1), 12);
    expect(after).toMatchObject({ model_version: 2, predictions: [1] });
    expect(after.probabilities![0]![1]).toBeCloseTo(sigmoid(2), 12);
    expect(source.events.map((e) => e.kind)).toEqual(['deployment.create', 'deployment.swap']);
    expect(source.events[1]!.data).toMatchObject({ version: 2, from: 1 });
    await s.close();
  });
  it('keeps the old version when the new one needs a feature clients do not send', async () => {
    const source = new MemorySource(models);
    source.aliases.set('churn@production', 1);
    const { s } = await service(source);
    await source.moveAlias('churn', 'production', 3);
    expect(await s.pollAliases()).toBe(0);
    expect((await s.predict('churn', { rows: [{ x: 0, c: null }] })).model_version).toBe(1);
    expect(s.metrics.value('flywheel_serving_swaps_total', { model: 'churn', result: 'failed' })).toBe(1);
    // A version reading a subset of the inputs is compatible.
    expect(schemaIncompatibility(binaryModel(0).schema, binaryModel(0, ['x']).schema)).toBeNull();
    await s.close();
  });
  it('answers every request during 20 swaps, each naming the version that produced it', async () => {
    const source = new MemorySource(models);
    source.aliases.set('churn@production', 1);
    const { s } = await service(source);
    const pending: Promise<{ model_version: number; probabilities: number[][] | null }>[] = [];
    for (let k = 0; k < 20; k++) {
      for (let j = 0; j < 25; j++) pending.push(s.predict('churn', { rows: [{ x: 0, c: null }] }));
      await source.moveAlias('churn', 'production', k % 2 === 0 ? 2 : 4);
      await s.pollAliases();
    }
    const answers = await Promise.all(pending);
    expect(answers).toHaveLength(500);
    // The version named must be the one whose bias produced p: p = sigmoid(version) for x = 0.
    for (const a of answers) expect(a.probabilities![0]![1]).toBeCloseTo(sigmoid(a.model_version), 12);
    expect(new Set(answers.map((a) => a.model_version)).size).toBeGreaterThan(1);
    await s.close();
  });
});

describe('shadow and rollback', () => {
  it('never lets a throwing shadow touch the primary response, and counts its failures', async () => {
    const source = new MemorySource({ churn: { 1: () => binaryModel(1), 2: throwingModel } });
    source.aliases.set('churn@production', 1);
    const { s } = await service(source);
    await s.route('churn', { split: [{ version: 1, weight: 1 }], shadow: 2, stickyHeader: null });
    const answers = await Promise.all(
      Array.from({ length: 200 }, () => s.predict('churn', { rows: [{ x: 0, c: null }] })),
    );
    expect(answers.every((a) => a.model_version === 1)).toBe(true);
    await new Promise((r) => setTimeout(r, 20));
    expect(s.metrics.value('flywheel_serving_shadow_errors_total', { model: 'churn' })).toBe(200);
    await s.rollback('churn');
    expect(s.endpoint('churn').table.shadow).toBeNull();
    await s.close();
  });
});

describe('prediction log', () => {
  let dir: string | undefined;
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('writes segments partitioned by model and hour, and feedback beside them', async () => {
    dir = mkdtempSync(join(tmpdir(), 'flywheel-log-'));
    const source = new MemorySource({ churn: { 1: () => binaryModel(1) } });
    source.aliases.set('churn@production', 1);
    const s = new ServingService(source, { sink: segmentSink(dir), pollMs: 0 });
    await s.start([{ ref: 'churn@production' }]);
    const r = await s.predict('churn', { rows: [{ x: 0.5, c: 'a' }], requestId: 'req-1' });
    await s.feedback('req-1', 1);
    await s.close();
    const hour = new Date().toISOString().slice(0, 13);
    const files = readdirSync(join(dir, 'model=churn', `hour=${hour}`));
    const line = JSON.parse(readFileSync(join(dir, 'model=churn', `hour=${hour}`, files[0]!), 'utf8'));
    expect(line).toMatchObject({
      request_id: 'req-1',
      version: 1,
      route: 'primary',
      features: [{ x: 0.5, c: 'a' }],
      prediction: r.predictions,
    });
    expect(readdirSync(join(dir, 'feedback', `hour=${hour}`))).toHaveLength(1);
  });
});

describe('errors', () => {
  it('names the served models when one is unknown', async () => {
    const source = new MemorySource({ churn: { 1: () => binaryModel(1) } });
    source.aliases.set('churn@production', 1);
    const { s } = await service(source);
    await expect(s.predict('nope', { rows: [{}] })).rejects.toThrow(FlywheelError);
    await expect(s.predict('nope', { rows: [{}] })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      hint: expect.stringContaining('churn'),
    });
    await s.close();
  });
});

describe('rate limit', () => {
  it('lets a burst through, then one request per 1/rps seconds, per client', () => {
    const limiter = new RateLimiter({ rps: 2, burst: 2 });
    expect([limiter.take('a', 0), limiter.take('a', 0)]).toEqual([0, 0]);
    // Empty bucket at t = 0: one token takes 1 / 2 s = 0.5 s to refill.
    expect(limiter.take('a', 0)).toBe(0.5);
    expect(limiter.take('b', 0)).toBe(0);
    expect(limiter.take('a', 500)).toBe(0);
    expect(() => limiter.admit('c')).not.toThrow();
    // A clock that goes backwards refills nothing.
    expect(limiter.take('b', -1000)).toBe(0);
    expect(limiter.take('b', -1000)).toBe(0.5);
  });
  it('keeps the table of clients bounded', () => {
    const limiter = new RateLimiter({ rps: 1, burst: 1, maxClients: 3 });
    for (let k = 0; k < 100; k++) limiter.take(`client-${k}`, 0);
    // client-0 was evicted long ago, so it starts again with a full bucket.
    expect(limiter.take('client-0', 0)).toBe(0);
    expect(limiter.take('client-99', 0)).toBe(1);
  });
});
