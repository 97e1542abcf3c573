/**
 * The predict pipeline's two body decoders (the fast one for plain rows of numbers and known
 * categories, the reference one after JSON.parse) give the same answers and log records, on real
 * models and on mutated bodies; the pipeline's batching refuses what exceeds its queue.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FlywheelError } from '../../core/index.js';
import {
  createTable,
  dictionaryColumn,
  float64Column,
  numericValues,
  readTable,
  type Table,
} from '../../data/index.js';
import type { Model } from '../../models/index.js';
import type { LogRecord } from '../../prediction-log/index.js';
import { trainModel } from '../../training/index.js';
import { binaryModel } from '../memory-source.fixture.js';
import { checkRandomBodies, fastTakes, send, served } from './pipeline.fixture.js';

const DATA = join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'data');

/** The first n rows of a table as objects of its feature columns (all numeric). */
function featureRows(table: Table, target: string, n: number): Array<Record<string, number>> {
  const names = table.names.filter((c) => c !== target);
  const columns = names.map((c) => numericValues(table.columns[table.names.indexOf(c)]!));
  return Array.from({ length: n }, (_, r) => Object.fromEntries(names.map((c, i) => [c, columns[i]![r]!])));
}

/** A small GBDT on iris (4 numeric features, 3 classes) and the table it learned from. */
async function irisModel(): Promise<{ model: Model; table: Table }> {
  const table = await readTable(join(DATA, 'iris.csv'));
  const { model } = await trainModel(table, { target: 'target', model: 'gbdt', params: { n_estimators: 5 } });
  return { model, table };
}

const DATASETS = [
  ['breast_cancer.csv', 'gbdt', 'binary'],
  ['iris.csv', 'gbdt', 'multiclass'],
  ['diabetes.csv', 'gbdt', 'regression'],
  ['breast_cancer.csv', 'linear', 'binary'],
  ['wine.csv', 'mlp', 'multiclass'],
] as const;

describe('the two decoders give the same answers', () => {
  const tables = new Map<string, Table>();
  beforeAll(async () => {
    for (const [file] of DATASETS) if (!tables.has(file)) tables.set(file, await readTable(join(DATA, file)));
  });

  for (const [file, family, task] of DATASETS) {
    it(`${family} on ${file} (${task}): same JSON text, one batch per turn, same log records`, async () => {
      const table = tables.get(file)!;
      const params = family === 'gbdt' ? { n_estimators: 30, max_depth: 4 } : {};
      const { model } = await trainModel(table, { target: 'target', model: family, seed: 0, params });
      const policy = task === 'binary' ? { below: 0.9, action: 'human' as const } : undefined;
      const { s, records } = await served(model, { confidence: policy });
      const rows = featureRows(table, 'target', 40);
      // One row per request, plus a five-row request and rows with their keys in reverse order.
      const bodies = rows.map((row) => JSON.stringify({ rows: [row] }));
      bodies.push(JSON.stringify({ rows: rows.slice(0, 5) }));
      const reversed = Object.fromEntries(Object.entries(rows[7]!).reverse());
      bodies.push(JSON.stringify({ rows: [reversed] }));
      const ids = bodies.map((_, i) => `req-${i}`);
      for (const body of bodies) expect(fastTakes(s, body)).toBe(true);
      const fast = await send(s, bodies, ids, true);
      // All 42 requests (46 rows) were scored in one pass.
      expect(s.metrics.render()).toMatch(/flywheel_serving_batch_size_sum\{model="m",version="1"\} 46\n/);
      expect(s.metrics.render()).toMatch(/flywheel_serving_batch_size_count\{model="m",version="1"\} 1\n/);
      const general = await send(s, bodies, ids, false);
      for (let i = 0; i < bodies.length; i++) {
        expect(fast[i]!.error).toBeNull();
        expect(fast[i]!.json).toBe(general[i]!.json);
      }
      // And the parsed answer is what formatOutputs and the library's predict give.
      const viaLibrary = await s.predict('m', { rows: JSON.parse(bodies[0]!).rows, requestId: 'req-0' });
      expect(JSON.stringify(viaLibrary)).toBe(fast[0]!.json);
      if (policy) expect(fast.some((a) => a.json!.includes('"human"'))).toBe(true);
      await s.close();
      // Logged alike: the fast records (packed, first) and the general ones differ only in time and latency.
      const strip = (r: LogRecord) => ({ ...r, time: 0, latency_ms: 0 });
      const fastLog = records.slice(0, bodies.length).map(strip);
      const generalLog = records.slice(bodies.length, 2 * bodies.length).map(strip);
      expect(fastLog.length).toBe(bodies.length);
      expect(JSON.parse(JSON.stringify(fastLog.slice(0, 40)))).toEqual(
        JSON.parse(JSON.stringify(generalLog.slice(0, 40))),
      );
    });
  }

  it('on random bodies: the same answer or error, or the fast decoder declines (4,000 mutated bodies)', async () => {
    // The first fifth of pipeline.heavy.test.ts's 20,000 (the same seed): 367 answered alike, 366
    // of them read by the fast decoder; the other 3,633 refused alike, with the same message.
    const { taken, agreed } = await checkRandomBodies(4_000);
    expect(agreed).toBeGreaterThan(300);
    expect(taken).toBeGreaterThan(300);
  });
});

describe('the fast decoder with categorical features', () => {
  it('answers as the reference decoder for known, unknown and non-ASCII categories (GBDT and linear)', async () => {
    const plans = ['basic', 'pro', 'entreprise-été'];
    const n = 300;
    const x = Array.from({ length: n }, (_, i) => ((i * 37) % 100) / 10);
    const plan = Array.from({ length: n }, (_, i) => plans[i % 3]!);
    const target = x.map((v, i) => (v + (plan[i] === 'pro' ? 3 : plan[i] === 'basic' ? -2 : 0) > 5 ? 1 : 0));
    const table = createTable(
      ['x', 'plan', 'target'],
      [float64Column(x), dictionaryColumn(plan), float64Column(target)],
    );
    for (const family of ['gbdt', 'linear'] as const) {
      const params = family === 'gbdt' ? { n_estimators: 20, max_depth: 3 } : {};
      const { model } = await trainModel(table, { target: 'target', model: family, seed: 0, params });
      const { s } = await served(model);
      const rows = [
        ...plans.map((p, i) => ({ x: i * 2.5, plan: p })),
        { x: 4.5, plan: 'unknown-plan' },
        { plan: 'pro', x: 0.1 },
      ];
      const bodies = rows.map((row) => JSON.stringify({ rows: [row] }));
      const ids = bodies.map((_, i) => `cat-${i}`);
      for (const body of bodies) expect(fastTakes(s, body)).toBe(true);
      const fast = await send(s, bodies, ids, true);
      const general = await send(s, bodies, ids, false);
      for (let i = 0; i < bodies.length; i++) {
        expect(fast[i]!.error).toBeNull();
        expect(fast[i]!.json, `${family} ${bodies[i]}`).toBe(general[i]!.json);
      }
      await s.close();
    }
  });
});

describe('the fast decoder leaves the rest to the reference decoder', () => {
  it('declines bodies, models and endpoints it does not take', async () => {
    const { model, table } = await irisModel();
    const { s } = await served(model);
    const row = featureRows(table, 'target', 1)[0]!;
    const takes = (body: unknown) => fastTakes(s, JSON.stringify(body));
    expect(takes({ rows: [{ ...row, extra: 1 }] })).toBe(false);
    expect(takes({ rows: [{ ...row, 'petal width (cm)': null }] })).toBe(false);
    expect(takes({ rows: [] })).toBe(false);
    expect(takes({ rows: [row] })).toBe(true);
    // A shadow version: the reference decoder reads the rows, which the shadow scores too.
    await s.route('m', { split: [{ version: 1, weight: 1 }], shadow: 2, stickyHeader: null });
    expect(takes({ rows: [row] })).toBe(false);
    await s.close();
    // A category sent as a number (the checks turn 7 into "7"), an escaped category, a null.
    const { s: c } = await served(binaryModel(0));
    const takesC = (body: string) => fastTakes(c, body);
    expect(takesC('{"rows":[{"x":1,"c":7}]}')).toBe(false);
    expect(takesC('{"rows":[{"x":1,"c":"\\u0061"}]}')).toBe(false);
    expect(takesC('{"rows":[{"x":1,"c":null}]}')).toBe(false);
    expect(takesC('{"rows":[{"x":1,"c":"a"}]}')).toBe(true);
    // Declined bodies are answered all the same, by the reference decoder.
    const [seven] = await send(c, ['{"rows":[{"x":1,"c":7}]}'], ['seven'], true);
    expect(seven!.error).toBeNull();
    await c.close();
  });

  it('answers a batch on the version each request was routed to, across a swap', async () => {
    const { model, table } = await irisModel();
    const { s } = await served(model);
    const body = JSON.stringify({ rows: featureRows(table, 'target', 1) });
    const before = send(s, [body, body], ['a', 'b'], true);
    await s.swap('m', 2);
    const after = send(s, [body], ['c'], true);
    const versions = [...(await before), ...(await after)].map((a) => JSON.parse(a.json!).model_version);
    expect(versions).toEqual([1, 1, 2]);
    await s.close();
  });

  it('answers every request of a batch even when one reply throws', async () => {
    const { model, table } = await irisModel();
    const { s } = await served(model);
    const body = Buffer.from(JSON.stringify({ rows: featureRows(table, 'target', 1) }));
    const rows = () => undefined;
    s.submit('m', { body, rows, requestId: 'a' }, () => {
      throw new Error('the client went away');
    });
    const answered = await new Promise<string>((resolve) =>
      s.submit('m', { body, rows, requestId: 'b' }, (_error, answer) => resolve(answer!.json)),
    );
    expect(JSON.parse(answered).request_id).toBe('b');
    await s.close();
  });

  it('refuses with OVERLOADED when a turn queues more rows than max_queue_rows, whichever decoder', async () => {
    const { model, table } = await irisModel();
    const { s } = await served(model, { batch: { maxQueueRows: 3 } });
    const body = JSON.stringify({ rows: featureRows(table, 'target', 2) });
    for (const bytes of [true, false]) {
      const answers = await send(s, [body, body], ['a', 'b'], bytes);
      expect(answers[0]!.error).toBeNull();
      expect(answers[1]!.error).toBeInstanceOf(FlywheelError);
      expect((answers[1]!.error as FlywheelError).code).toBe('OVERLOADED');
    }
    await s.close();
  });
});
