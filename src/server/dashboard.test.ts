/**
 * The dashboard's static serving (dashboard.ts): the security headers on every answer, caching
 * (hashed assets for a year, the page revalidated by ETag), refusal of anything outside the assets
 * folder, and the clear page of a tree where `npm run build` has not made dist/web.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initWorkspace, openPlatform } from '../platform.js';
import { tempDir } from '../testing/services.js';
import { createServer } from './app.js';
import { DASHBOARD_HEADERS, matches, registerDashboard } from './dashboard.js';
import { errorResponse } from './errors.js';

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

async function dashboardApp(root: string): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  app.setErrorHandler((error, _request, reply) => {
    const { status, body } = errorResponse(error);
    return reply.status(status).send(body);
  });
  await registerDashboard(app, { root });
  await app.ready();
  return app;
}

function expectSecurityHeaders(headers: Record<string, unknown>): void {
  expect(headers['content-security-policy']).toBe(CSP);
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('no-referrer');
}

describe('the dashboard', () => {
  const dir = tempDir('flywheel-dashboard-');
  const root = join(dir.path, 'web');
  let app: FastifyInstance;
  let bare: FastifyInstance;

  beforeAll(async () => {
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>Flywheel</title>');
    writeFileSync(join(root, 'assets', 'app-ABC123.js'), 'console.log(1)');
    writeFileSync(join(root, 'assets', 'app-ABC123.css'), 'body{}');
    writeFileSync(join(root, 'secret.txt'), 'not an asset');
    writeFileSync(join(dir.path, 'outside.txt'), 'not an asset either');
    app = await dashboardApp(root);
    bare = await dashboardApp(join(dir.path, 'no-such-build'));
  });
  afterAll(async () => {
    await app.close();
    await bare.close();
    dir.cleanup();
  });

  it('serves the page with the CSP, nosniff and no-referrer headers, revalidated by its ETag', async () => {
    const r = await app.inject({ method: 'GET', url: '/' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.body).toBe('<!doctype html><title>Flywheel</title>');
    expectSecurityHeaders(r.headers);
    expect(r.headers['cache-control']).toBe('no-cache');
    const etag = String(r.headers.etag);
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    const again = await app.inject({ method: 'GET', url: '/', headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expectSecurityHeaders(again.headers);
  });

  it('a changed page gets a new ETag', async () => {
    const before = String((await app.inject({ method: 'GET', url: '/' })).headers.etag);
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>Flywheel 2</title>');
    const r = await app.inject({ method: 'GET', url: '/', headers: { 'if-none-match': before } });
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('Flywheel 2');
    expect(r.headers.etag).not.toBe(before);
  });

  it('serves hashed assets with their type and a year-long immutable cache', async () => {
    const js = await app.inject({ method: 'GET', url: '/assets/app-ABC123.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(js.body).toBe('console.log(1)');
    expectSecurityHeaders(js.headers);
    const css = await app.inject({ method: 'GET', url: '/assets/app-ABC123.css' });
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    const head = await app.inject({ method: 'HEAD', url: '/assets/app-ABC123.css' });
    expect(head.statusCode).toBe(200);
  });

  it('refuses every asset name that could reach outside the assets folder', async () => {
    for (const url of [
      '/assets/..%2Fsecret.txt',
      '/assets/%2e%2e%2fsecret.txt',
      '/assets/..%2F..%2Foutside.txt',
      '/assets/%2Fetc%2Fpasswd',
      '/assets/..%5Csecret.txt',
      '/assets/app-ABC123.js%00.css',
      '/assets/../secret.txt',
      '/assets/missing.js',
      '/secret.txt',
    ]) {
      const r = await app.inject({ method: 'GET', url });
      expect(r.statusCode, url).toBe(404);
      expect(r.body, url).not.toContain('not an asset');
    }
  });

  it('answers a clear page saying to run `npm run build` where dist/web is missing', async () => {
    const r = await bare.inject({ method: 'GET', url: '/' });
    expect(r.statusCode).toBe(503);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.body).toContain('npm run build');
    expectSecurityHeaders(r.headers);
    expect(r.headers['cache-control']).toBe('no-store');
    expect((await bare.inject({ method: 'GET', url: '/assets/app.js' })).statusCode).toBe(404);
  });

  it('matches If-None-Match lists, weak forms and *', () => {
    expect(matches('"a", W/"b"', '"b"')).toBe(true);
    expect(matches('*', '"b"')).toBe(true);
    expect(matches('"a"', '"b"')).toBe(false);
    expect(matches(undefined, '"b"')).toBe(false);
  });

  it('is served at / by createServer, with no model to serve', async () => {
    const ws = tempDir('flywheel-dashboard-ws-');
    await initWorkspace(ws.path, { env: {} });
    const p = await openPlatform({ cwd: ws.path, env: {} });
    const server = await createServer(p);
    try {
      const r = await server.inject({ method: 'GET', url: '/' });
      // 200 with the built page, or 503 with the "run npm run build" page in an unbuilt tree.
      expect([200, 503]).toContain(r.statusCode);
      expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
      for (const [k, v] of Object.entries(DASHBOARD_HEADERS)) expect(r.headers[k]).toBe(v);
    } finally {
      await server.close();
      await p.close();
      ws.cleanup();
    }
  });
});
