import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { appendFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initWorkspace, openPlatform } from '../platform.js';
import { promtoolCheck, tempDir } from '../testing/services.js';
import { mergeMetrics } from './cluster.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'flywheel.js');
const DATA = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'data', 'breast_cancer.csv');
const TOKEN = 'cluster-test-token-0123456789';

describe('mergeMetrics', () => {
  it('sums samples with the same name and labels, keeps HELP/TYPE once', () => {
    const a = [
      '# HELP x_total requests',
      '# TYPE x_total counter',
      'x_total{model="m",status="ok"} 3',
      'x_bucket{le="0.001"} 2',
      'x_bucket{le="+Inf"} 5',
      '',
    ].join('\n');
    const b = [
      '# HELP x_total requests',
      '# TYPE x_total counter',
      'x_total{model="m",status="ok"} 4',
      'x_total{model="m",status="error"} 1',
      'x_bucket{le="+Inf"} 2',
      '',
    ].join('\n');
    expect(mergeMetrics([a, b])).toBe(
      [
        '# HELP x_total requests',
        '# TYPE x_total counter',
        'x_total{model="m",status="ok"} 7',
        'x_total{model="m",status="error"} 1',
        'x_bucket{le="0.001"} 2',
        'x_bucket{le="+Inf"} 7',
        '',
      ].join('\n'),
    );
  });
});

/** One request on a fresh connection (so the cluster hands it to the next worker in turn). */
function call(
  url: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = httpRequest(
      `${url}${path}`,
      {
        method,
        agent: false,
        headers: {
          connection: 'close',
          ...(payload ? { 'content-type': 'application/json' } : {}),
          ...(path.startsWith('/admin') || path === '/feedback' ? { authorization: `Bearer ${TOKEN}` } : {}),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

describe('flywheel serve --workers 2', () => {
  const dir = tempDir();
  let server: ChildProcess;
  let url = '';
  let row: Record<string, number>;
  const exited = () => new Promise<number | null>((r) => server.once('exit', (code) => r(code)));

  beforeAll(async () => {
    await initWorkspace(dir.path, { env: {} });
    const p = await openPlatform({ cwd: dir.path, env: {} });
    for (const model of ['linear', 'gbdt'] as const)
      await p.train({ data: DATA, target: 'target', model, register: 'cancer', cwd: dir.path });
    await p.registry.setAlias('cancer', 'production', 1);
    await p.close();
    // A long poll: only the broadcast between workers can make them follow an alias move at once.
    writeFileSync(join(dir.path, 'serve.yaml'), 'poll_ms: 600000\n');
    // Two workers from flywheel.yaml (server.workers); the failing start below uses the flag.
    appendFileSync(join(dir.path, 'flywheel.yaml'), 'server:\n  workers: 2\n');
    const [header, first] = readFileSync(DATA, 'utf8').split('\n');
    const names = header!.split(',');
    const values = first!.split(',').map(Number);
    row = Object.fromEntries(names.map((n, i) => [n, values[i]!]).filter(([n]) => n !== 'target'));
    server = spawn(
      process.execPath,
      [
        BIN,
        'serve',
        'cancer@production',
        '--port',
        '0',
        '--workers',
        '2',
        '--config',
        'serve.yaml',
        '--json',
      ],
      { cwd: dir.path, env: { ...process.env, FLYWHEEL_TOKEN: TOKEN }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    url = await new Promise<string>((resolve, reject) => {
      server.stdout!.on('data', (d: Buffer) => {
        out += d;
        const m = /"url":\s*"([^"]+)"/.exec(out);
        if (m) resolve(m[1]!);
      });
      server.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
    });
  }, 120_000);

  afterAll(async () => {
    if (server.exitCode === null) server.kill('SIGKILL');
    dir.cleanup();
  });

  it('answers on two processes, sums /metrics over both, and spreads admin changes to both', async () => {
    const predict = () => call(url, 'POST', '/models/cancer/predict', { rows: [row] });
    const versions = async (n: number) => {
      const seen: number[] = [];
      for (let i = 0; i < n; i++) {
        const r = await predict();
        expect(r.status).toBe(200);
        seen.push((JSON.parse(r.text) as { model_version: number }).model_version);
      }
      return seen;
    };
    expect(await versions(40)).toEqual(Array(40).fill(1));
    // Each scrape lands on one of the workers; each must report all 40 requests, in a valid exposition.
    for (let i = 0; i < 6; i++) {
      const metrics = (await call(url, 'GET', '/metrics')).text;
      expect(metrics).toContain(
        'flywheel_serving_requests_total{model="cancer",version="1",route="primary",status="ok"} 40',
      );
      if (i === 0) {
        const checked = promtoolCheck(metrics);
        if (checked !== undefined) expect(checked).toBe('rc=0');
      }
    }
    // An alias move reaches one worker; the other follows through the broadcast (its own poll is
    // ten minutes away), so every answer from now on comes from version 2.
    const moved = await call(url, 'POST', '/admin/models/cancer/aliases', {
      alias: 'production',
      version: 2,
    });
    expect(moved.status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(await versions(20)).toEqual(Array(20).fill(2));
    // A routing change and its rollback, likewise.
    const routed = await call(url, 'PUT', '/admin/models/cancer/routing', {
      split: [{ version: 1, weight: 1 }],
    });
    expect(routed.status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(await versions(20)).toEqual(Array(20).fill(1));
    expect((await call(url, 'POST', '/admin/models/cancer/rollback')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(await versions(20)).toEqual(Array(20).fill(2));
  }, 60_000);

  it('checks /feedback against the ids either worker answered (issue 24 #10)', async () => {
    // Each request on its own connection: the workers take them in turn, so a label often lands on
    // the worker that did not answer its request (the log's segment names say which process wrote
    // what; at least one such crossing is required below).
    for (let i = 0; i < 12; i++) {
      const r = await call(url, 'POST', '/models/cancer/predict', { rows: [row] });
      const id = (JSON.parse(r.text) as { request_id: string }).request_id;
      const f = await call(url, 'POST', '/feedback', { request_id: id, label: 1 });
      expect([i, f.status]).toEqual([i, 202]);
    }
    expect((await call(url, 'POST', '/feedback', { request_id: 'never-answered', label: 1 })).status).toBe(
      404,
    );
    await new Promise((r) => setTimeout(r, 1500)); // the workers' log flushes (every 500 ms)
    const writer = { prediction: new Map<string, string>(), feedback: new Map<string, string>() };
    const logDir = join(dir.path, '.flywheel', 'predictions');
    for (const file of readdirSync(logDir, { recursive: true }).map(String)) {
      if (!file.endsWith('.jsonl')) continue;
      const pid = /part-\d+-(\d+)-/.exec(file)![1]!;
      for (const line of readFileSync(join(logDir, file), 'utf8').split('\n').filter(Boolean)) {
        const record = JSON.parse(line) as { kind: 'prediction' | 'feedback'; request_id: string };
        writer[record.kind].set(record.request_id, pid);
      }
    }
    const crossed = [...writer.feedback].filter(([id, pid]) => writer.prediction.get(id) !== pid);
    expect(crossed.length).toBeGreaterThan(0);
  }, 30_000);

  it('replaces a worker that dies, and keeps answering', async () => {
    const workers = () =>
      execFileSync('ps', ['-o', 'pid=', '--ppid', String(server.pid)], { encoding: 'utf8' })
        .split('\n')
        .map((l) => Number(l.trim()))
        .filter((n) => n > 0);
    const before = workers();
    expect(before).toHaveLength(2);
    process.kill(before[0]!, 'SIGKILL');
    let after = workers();
    for (let i = 0; i < 100 && (after.length < 2 || after.includes(before[0]!)); i++) {
      await new Promise((r) => setTimeout(r, 100));
      after = workers();
    }
    expect(after).toHaveLength(2);
    expect(after).not.toContain(before[0]);
    // Connections go only to workers that listen: the survivor answers while the new one loads.
    for (let i = 0; i < 10; i++) {
      const r = await call(url, 'POST', '/models/cancer/predict', { rows: [row] });
      expect(r.status).toBe(200);
    }
  }, 30_000);

  it("stops with the workers' error when they cannot start", async () => {
    const failing = spawn(process.execPath, [BIN, 'serve', 'absent-model', '--port', '0', '--workers', '2'], {
      cwd: dir.path,
      env: { ...process.env, FLYWHEEL_TOKEN: TOKEN },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    failing.stderr!.on('data', (d: Buffer) => (err += d));
    const code = await new Promise<number | null>((r) => failing.once('exit', r));
    expect(code).toBe(70);
    expect(err).toContain('registered model "absent-model" does not exist');
    expect(err).toContain('before it listened');
  }, 30_000);

  it('stops both workers and the primary on SIGTERM', async () => {
    const done = exited();
    server.kill('SIGTERM');
    expect(await done).toBe(0);
  }, 30_000);
});
