import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initWorkspace, openPlatform, type Platform } from '../../platform.js';
import {
  dropPostgresSchema,
  freshPostgresUrl,
  postgresUnavailable,
  tempDir,
} from '../../testing/services.js';
import { FILTER_LIMITS as L } from '../../tracking/index.js';
import { createServer } from '../app.js';
import { exchange } from '../raw-http.fixture.js';
import { SEARCH_BODY_LIMIT } from '../route.js';

const API = '/api/2.0/mlflow';
const pgDown = await postgresUnavailable();
// PostgreSQL runs too where it answers (and must, in CI: postgresUnavailable throws there).
const dialects: Array<[string, string | undefined]> = [['sqlite', undefined]];
if (pgDown === undefined) dialects.push(['postgres', freshPostgresUrl('search_limits')]);

const ors = (n: number, clause = (i: number) => `metrics.a = ${i}`) =>
  Array.from({ length: n }, (_, i) => clause(i)).join(' or ');
const values = (n: number) => Array.from({ length: n }, (_, i) => `'v${i}'`).join(',');

describe.each(dialects)('search filters are bounded (%s)', (_dialect, metadataUrl) => {
  const dir = tempDir();
  let p: Platform;
  let app: FastifyInstance;
  const search = async (path: string, payload: Record<string, unknown>) => {
    const r = await app.inject({ method: 'POST', url: `${API}${path}`, payload });
    return { status: r.statusCode, body: r.json() };
  };

  beforeAll(async () => {
    const env = metadataUrl ? { FLYWHEEL_METADATA_URL: metadataUrl } : {};
    await initWorkspace(dir.path, { env });
    p = await openPlatform({ cwd: dir.path, env });
    app = await createServer(p, { token: 'test-token-0123456789', bodyLimit: 1_048_576 });
    const run = await p.tracking.startRun({ experiment: 'limits', git: false });
    await run.logParams({ a: 'v7' });
    run.logMetric('a', 7);
    await run.setTags({ t: 'x'.repeat(300) });
    await run.end();
  });
  afterAll(async () => {
    await app?.close();
    await p?.close();
    if (metadataUrl) await dropPostgresSchema(metadataUrl);
    dir.cleanup();
  });

  it('answers a filter one character past the length bound with 400 naming the limit', async () => {
    const r = await search('/runs/search', { filter: `metrics.a = 1${' '.repeat(L.length - 12)}` });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({
      error_code: 'INVALID_PARAMETER_VALUE',
      flywheel: { details: { limit: 'length', max: L.length } },
    });
    expect(r.body.message).toContain(`the limit is ${L.length}`);
  });

  it.each(['/runs/search', '/experiments/search', '/registered-models/search', '/model-versions/search'])(
    'refuses the 60,000-clause body (under the server body limit) on %s with 413 naming the route limit',
    async (path) => {
      const filter = ors(60_000, () => 'metrics.a=1');
      expect(filter.length).toBeLessThan(1_000_000);
      const r = await search(path, { filter });
      expect(r.status).toBe(413);
      expect(r.body).toMatchObject({
        error_code: 'RESOURCE_EXHAUSTED',
        flywheel: { code: 'PAYLOAD_TOO_LARGE', details: { limit: SEARCH_BODY_LIMIT } },
      });
      expect(r.body.message).toContain(`${path} takes request bodies of at most 256 KiB`);
    },
  );

  it('takes the longest filter of non-ASCII text the bounds allow (under the route limit)', async () => {
    // 8 tag values of 8,000 characters, each 3 UTF-8 bytes: a filter near 65,536 characters, 192 KiB.
    const filter = ors(8, (i) => `tags.t = '${String(i).padEnd(L.valueLength, '界')}'`);
    expect(filter.length).toBeLessThanOrEqual(L.length);
    expect(Buffer.byteLength(JSON.stringify({ filter }))).toBeGreaterThan(187 * 1024);
    const r = await search('/runs/search', { filter });
    expect(r).toMatchObject({ status: 200, body: {} });
  });

  it('answers 413 from the Content-Length alone, before the body is read', async () => {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const port = (app.server.address() as AddressInfo).port;
    const head = `POST ${API}/runs/search HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 996000\r\n\r\n`;
    // Only the head is sent: an answer before the body arrives proves nothing waited for it.
    const seen = await exchange(port, [head, '{"filter": "'], { waitMs: 1500 });
    expect(seen.answers.map((a) => a.status)).toEqual([413]);
  });

  it.each([
    ['too many comparisons', () => ors(L.comparisons + 1), 'comparisons'],
    ['deep parentheses', () => `${'('.repeat(5000)}metrics.a = 1${')'.repeat(5000)}`, 'depth'],
    ['a huge in list', () => `params.a in (${values(L.listValues + 1)})`, 'listValues'],
    ['a long like pattern', () => `params.a like '${'a'.repeat(30_000)}'`, 'patternLength'],
    [
      'a like pattern with many %',
      () => `params.a like '${'%a'.repeat(L.patternWildcards + 1)}'`,
      'patternWildcards',
    ],
    ['too many sort keys', () => undefined, 'sortKeys'],
  ])('refuses %s on /runs/search with 400', async (_what, filter, limit) => {
    const order_by = limit === 'sortKeys' ? Array(L.sortKeys + 1).fill('metrics.a') : undefined;
    const r = await search('/runs/search', { filter: filter(), order_by });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ error_code: 'INVALID_PARAMETER_VALUE', flywheel: { details: { limit } } });
  });

  it('runs the biggest filter the limits allow on this database, and finds the run', async () => {
    // Every comparison an EXISTS, every list value a parameter: what the SQL has to hold at the limits.
    const inList = `params.a in (${values(L.listValues - 1)},'v7')`;
    const likes = `tags.t like '${'%x'.repeat(L.patternWildcards / 2)}%'`;
    const nested = `${'('.repeat(L.depth - 1)}metrics.a = 7${')'.repeat(L.depth - 1)}`;
    const filler = ors(L.comparisons - 3, (i) => `metrics.a = ${i + 100}`);
    const filter = `(${inList} and ${likes} and ${nested}) or ${filler}`;
    const experiment_ids = [(await p.tracking.experiment('limits')).id];
    const order_by = Array(L.sortKeys).fill('metrics.a DESC');
    const r = await search('/runs/search', { experiment_ids, filter, order_by });
    expect(r.status).toBe(200);
    expect(r.body.runs).toHaveLength(1);
  });

  it.each([
    ['/experiments/search', 'name'],
    ['/registered-models/search', 'name'],
    ['/model-versions/search', 'name'],
  ])('bounds the filter of %s too', async (path, field) => {
    const long = await search(path, { filter: `${field} = '${'x'.repeat(L.length)}'` });
    expect(long).toMatchObject({ status: 400, body: { flywheel: { details: { limit: 'length' } } } });
    const many = await search(path, { filter: Array(50).fill(`${field} = 'a'`).join(' and ') });
    expect(many).toMatchObject({ status: 400, body: { error_code: 'INVALID_PARAMETER_VALUE' } });
    const pattern = await search(path, { filter: `${field} like '${'%a'.repeat(L.patternWildcards + 1)}'` });
    expect(pattern).toMatchObject({
      status: 400,
      body: { flywheel: { details: { limit: 'patternWildcards' } } },
    });
    // 64 KiB of spaces: the clause splitter reads each run of whitespace once.
    expect((await search(path, { filter: ' '.repeat(L.length - 10) })).status).toBe(200);
    expect((await search(path, { filter: `${field} like '${'%'.repeat(L.patternWildcards)}'` })).status).toBe(
      200,
    );
  });

  it('refuses a time no BIGINT holds with 400, not a database error', async () => {
    for (const filter of ['start_time > 1e999', 'end_time < 99999999999999999999999', 'start_time = 1.5']) {
      const r = await search('/runs/search', { filter });
      expect(r).toMatchObject({ status: 400, body: { error_code: 'INVALID_PARAMETER_VALUE' } });
      expect(r.body.message).toContain('whole epoch milliseconds');
    }
  });

  it('bounds the experiment ids of a run search', async () => {
    const ids = Array.from({ length: L.experimentIds + 1 }, (_, i) => String(i));
    const r = await search('/runs/search', { experiment_ids: ids });
    expect(r).toMatchObject({ status: 400, body: { flywheel: { details: { limit: 'experimentIds' } } } });
  });
});
