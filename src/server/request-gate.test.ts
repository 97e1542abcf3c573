// The gate before every route: only the server's own host names (DNS rebinding), and one rate limit
// for the MLflow routes and the inference routes, the predict route included.
import { describe, expect, it } from 'vitest';
import { initWorkspace, openPlatform } from '../platform.js';
import { churnService } from '../serving/memory-source.fixture.js';
import { tempDir } from '../testing/services.js';
import { createServer } from './app.js';
import { exchange } from './raw-http.fixture.js';
import { hostName, requestGate } from './request-gate.js';

const PREDICT = '{"rows": [{"x": 0, "c": null}]}';

/** A raw request with its own Host header (fetch does not let a page or a test choose it). */
const raw = (method: string, path: string, host: string, body = '') =>
  `${method} ${path} HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;

describe('hostName', () => {
  it('reads the name of a Host value, with or without a port, and refuses what is not one', () => {
    expect(
      ['localhost:8080', 'LOCALHOST', '127.0.0.1:1', '[::1]:8080', '[::1]', 'a.b-c_d'].map(hostName),
    ).toEqual(['localhost', 'localhost', '127.0.0.1', '[::1]', '[::1]', 'a.b-c_d']);
    for (const bad of ['', 'a b', 'x:y', '[::1', '[::1]x', 'evil.com:80:80', 'a/b'])
      expect(hostName(bad)).toBe(undefined);
  });
});

describe('requestGate', () => {
  it('allows the loopback names, the bound address and the configured names; "*" allows any', () => {
    const gate = requestGate({ allowedHosts: ['flywheel.internal'], boundHost: '10.1.2.3' });
    for (const host of ['localhost:8080', '127.0.0.1', '[::1]:1', '10.1.2.3:8080', 'Flywheel.Internal'])
      expect(() => gate(host, 'c')).not.toThrow();
    for (const host of [undefined, 'evil.example', 'evil.example:8080', '127.0.0.2', '0.0.0.0'])
      expect(() => gate(host, 'c')).toThrow(/does not answer for the host/);
    // A wildcard bind address is no one's Host.
    expect(() => requestGate({ allowedHosts: [], boundHost: '0.0.0.0' })('0.0.0.0', 'c')).toThrow();
    expect(() => requestGate({ allowedHosts: [], boundHost: '::' })('[::]', 'c')).toThrow();
    expect(() => requestGate({ allowedHosts: [], boundHost: '::1' })('[::1]', 'c')).not.toThrow();
    expect(() => requestGate({ allowedHosts: ['*'], boundHost: '127.0.0.1' })('anything', 'c')).not.toThrow();
  });
});

describe('the gate on a live server', () => {
  it('refuses a foreign Host with 403 on MLflow, inference and predict routes alike', async () => {
    const dir = tempDir();
    await initWorkspace(dir.path, { env: {} });
    const p = await openPlatform({ cwd: dir.path, env: {} });
    const app = await createServer(p, { serving: await churnService() });
    try {
      await app.listen({ host: '127.0.0.1', port: 0 });
      const port = (app.server.address() as { port: number }).port;
      const cases: Array<[string, string, string]> = [
        ['GET', '/api/2.0/mlflow/experiments/search', ''],
        ['POST', '/api/2.0/mlflow/runs/search', '{}'],
        ['GET', '/api/2.0/mlflow/registered-models/search', ''],
        ['POST', '/models/churn/predict', PREDICT],
        ['POST', '/models/churn/predict?explain=true', PREDICT],
        ['GET', '/metrics', ''],
        ['GET', '/health', ''],
        ['GET', '/no/such/route', ''],
      ];
      for (const [method, path, body] of cases) {
        const foreign = await exchange(port, [raw(method, path, 'attacker.example:8080', body)]);
        expect([path, foreign.answers[0]?.status]).toEqual([path, 403]);
        expect(foreign.answers[0]!.body).toContain('does not answer for the host');
        const own = await exchange(port, [raw(method, path, `127.0.0.1:${port}`, body)]);
        expect([path, own.answers[0]!.status === 403]).toEqual([path, false]);
      }
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(text).toMatch(/^flywheel_server_requests_refused_total\{reason="host"\} 8$/m);
    } finally {
      await app.close();
      await p.close();
      dir.cleanup();
    }
  });

  it('limits each client across every route with one rate limit (server.rate_limit)', async () => {
    const dir = tempDir();
    await initWorkspace(dir.path, { env: {} });
    const p = await openPlatform({ cwd: dir.path, env: {} });
    // 0.01 requests a second: past the burst of 3, a token takes 100 s.
    const app = await createServer(p, { serving: await churnService(), rateLimit: { rps: 0.01, burst: 3 } });
    try {
      await app.listen({ host: '127.0.0.1', port: 0 });
      const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
      const post = (path: string, body: string) =>
        fetch(`${url}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
      // Three requests on three kinds of route share one bucket...
      expect((await fetch(`${url}/api/2.0/mlflow/experiments/search`)).status).toBe(200);
      expect((await post('/models/churn/predict', PREDICT)).status).toBe(200);
      expect((await post('/api/2.0/mlflow/runs/search', '{}')).status).toBe(200);
      // ...and the fourth is refused wherever it goes.
      for (const r of [
        await post('/api/2.0/mlflow/runs/search', '{}'),
        await fetch(`${url}/api/2.0/mlflow/experiments/search`),
        await post('/models/churn/predict', PREDICT),
        await post('/models/churn/predict?explain=true', PREDICT),
        await fetch(`${url}/health`),
      ]) {
        expect([r.url, r.status, r.headers.get('retry-after')]).toEqual([r.url, 429, '100']);
        await r.arrayBuffer();
      }
    } finally {
      await app.close();
      await p.close();
      dir.cleanup();
    }
  });
});
