import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FlywheelError } from '../core/index.js';
import {
  createTable,
  dictionaryColumn,
  float64Column,
  numericValues,
  readTable,
  type Table,
} from '../data/index.js';
import type { Model } from '../models/index.js';
import type { LogRecord } from '../prediction-log/index.js';
import { trainModel } from '../training/index.js';
import type { FastReply } from './fast-predict.js';
import { binaryModel, MemorySource } from './memory-source.fixture.js';
import { ServingService } from './service.js';

const DATA = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'data');

/** The first n rows of a table as objects of its feature columns (all numeric). */
function featureRows(table: Table, target: string, n: number): Array<Record<string, number>> {
  const names = table.names.filter((c) => c !== target);
  const columns = names.map((c) => numericValues(table.columns[table.names.indexOf(c)]!));
  return Array.from({ length: n }, (_, r) => Object.fromEntries(names.map((c, i) => [c, columns[i]![r]!])));
}

async function served(
  model: Model,
  options: { confidence?: { below: number; action: 'human' }; batch?: { maxQueueRows: number } } = {},
) {
  const records: LogRecord[] = [];
  const source = new MemorySource({ m: { 1: () => model, 2: () => model } });
  source.aliases.set('m@production', 1);
  const s = new ServingService(source, {
    sink: { write: async (r) => void records.push(...r) },
    pollMs: 0,
    batch: options.batch,
  });
  await s.start([{ ref: 'm@production', confidence: options.confidence }]);
  return { s, records, source };
}

/** A small GBDT on iris (4 numeric features, 3 classes) and the table it learned from. */
async function irisModel(): Promise<{ model: Model; table: Table }> {
  const table = await readTable(join(DATA, 'iris.csv'));
  const { model } = await trainModel(table, { target: 'target', model: 'gbdt', params: { n_estimators: 5 } });
  return { model, table };
}

/** Send bodies through the fast path in one turn; resolves with each reply once its batch ran. */
function fast(s: ServingService, bodies: string[], ids: string[]) {
  const replies = bodies.map(
    (body, i) =>
      new Promise<{ error: unknown; json: string; id: string }>((resolve) => {
        const reply: FastReply = (error, json, id) => resolve({ error, json, id });
        expect(s.tryPredictFast('m', Buffer.from(body), ids[i], {}, reply)).toBe(true);
      }),
  );
  return Promise.all(replies);
}

const DATASETS = [
  ['breast_cancer.csv', 'gbdt', 'binary'],
  ['iris.csv', 'gbdt', 'multiclass'],
  ['diabetes.csv', 'gbdt', 'regression'],
  ['breast_cancer.csv', 'linear', 'binary'],
  ['wine.csv', 'mlp', 'multiclass'],
] as const;

describe('the fast predict path answers exactly as the general path', () => {
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
      const answers = await fast(s, bodies, ids);
      // All 42 requests (46 rows) were scored in one pass.
      expect(s.metrics.render()).toMatch(/flywheel_serving_batch_size_sum\{model="m",version="1"\} 46\n/);
      expect(s.metrics.render()).toMatch(/flywheel_serving_batch_size_count\{model="m",version="1"\} 1\n/);
      for (let i = 0; i < bodies.length; i++) {
        expect(answers[i]!.error).toBeNull();
        const general = s.predictNow('m', { rows: JSON.parse(bodies[i]!).rows, requestId: `req-${i}` });
        expect(answers[i]!.json).toBe(JSON.stringify(general));
      }
      if (policy) expect(answers.some((a) => a.json.includes('"human"'))).toBe(true);
      await s.close();
      // Logged alike: the fast records (first) and the general ones differ only in time and latency.
      const strip = (r: LogRecord) => ({ ...r, time: 0, latency_ms: 0 });
      const fastLog = records.slice(0, bodies.length).map(strip);
      const generalLog = records.slice(bodies.length).map(strip);
      expect(fastLog.length).toBe(bodies.length);
      expect(JSON.parse(JSON.stringify(fastLog.slice(0, 40)))).toEqual(
        JSON.parse(JSON.stringify(generalLog.slice(0, 40))),
      );
    });
  }
});

describe('the fast predict path with categorical features', () => {
  it('answers as the general path for known, unknown and non-ASCII categories (GBDT and linear)', async () => {
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
      const answers = await fast(s, bodies, ids);
      for (let i = 0; i < bodies.length; i++) {
        expect(answers[i]!.error).toBeNull();
        const general = s.predictNow('m', { rows: [rows[i]!], requestId: ids[i] });
        expect(answers[i]!.json, `${family} ${bodies[i]}`).toBe(JSON.stringify(general));
      }
      await s.close();
    }
  });
});

describe('the fast predict path leaves the rest to the general path', () => {
  it('returns false for bodies, models and endpoints it does not take', async () => {
    const { model, table } = await irisModel();
    const { s } = await served(model);
    const row = featureRows(table, 'target', 1)[0]!;
    const take = (body: unknown, name = 'm') =>
      s.tryPredictFast(name, Buffer.from(JSON.stringify(body)), undefined, {}, () => undefined);
    expect(take({ rows: [{ ...row, extra: 1 }] })).toBe(false);
    expect(take({ rows: [{ ...row, 'petal width (cm)': null }] })).toBe(false);
    expect(take({ rows: [] })).toBe(false);
    expect(take({ rows: [row] }, 'nope')).toBe(false);
    // A shadow version: the general path runs it.
    await s.route('m', { split: [{ version: 1, weight: 1 }], shadow: 2, stickyHeader: null });
    expect(take({ rows: [row] })).toBe(false);
    await s.close();
    // A category sent as a number (the general path turns 7 into "7"), an escaped category, a null.
    const { s: c } = await served(binaryModel(0));
    const takeC = (body: string) => c.tryPredictFast('m', Buffer.from(body), undefined, {}, () => {});
    expect(takeC('{"rows":[{"x":1,"c":7}]}')).toBe(false);
    expect(takeC('{"rows":[{"x":1,"c":"\\u0061"}]}')).toBe(false);
    expect(takeC('{"rows":[{"x":1,"c":null}]}')).toBe(false);
    expect(takeC('{"rows":[{"x":1,"c":"a"}]}')).toBe(true);
    await c.close();
  });

  it('answers a batch on the version each request was routed to, across a swap', async () => {
    const { model, table } = await irisModel();
    const { s } = await served(model);
    const body = JSON.stringify({ rows: featureRows(table, 'target', 1) });
    const before = fast(s, [body, body], ['a', 'b']);
    await s.swap('m', 2);
    const after = fast(s, [body], ['c']);
    const versions = [...(await before), ...(await after)].map((a) => JSON.parse(a.json).model_version);
    expect(versions).toEqual([1, 1, 2]);
    await s.close();
  });

  it('answers every request of a batch even when one reply throws', async () => {
    const { model, table } = await irisModel();
    const { s } = await served(model);
    const body = Buffer.from(JSON.stringify({ rows: featureRows(table, 'target', 1) }));
    const answered: string[] = [];
    s.tryPredictFast('m', body, 'a', {}, () => {
      throw new Error('the client went away');
    });
    await new Promise<void>((resolve) =>
      s.tryPredictFast('m', body, 'b', {}, (_error, json) => {
        answered.push(json);
        resolve();
      }),
    );
    expect(JSON.parse(answered[0]!).request_id).toBe('b');
    await s.close();
  });

  it('refuses with OVERLOADED when a turn queues more rows than max_queue_rows', async () => {
    const { model, table } = await irisModel();
    const { s } = await served(model, { batch: { maxQueueRows: 3 } });
    const body = JSON.stringify({ rows: featureRows(table, 'target', 2) });
    const answers = await fast(s, [body, body], ['a', 'b']);
    expect(answers[0]!.error).toBeNull();
    expect(answers[1]!.error).toBeInstanceOf(FlywheelError);
    expect((answers[1]!.error as FlywheelError).code).toBe('OVERLOADED');
    await s.close();
  });
});
