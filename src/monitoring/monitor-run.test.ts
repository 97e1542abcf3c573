import { appendFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededUniform } from '../core/index.js';
import { numericValues, readTable, rowObject } from '../data/index.js';
import { initWorkspace, openPlatform, type Platform } from '../platform.js';
import { createServer } from '../server/index.js';
import { runCli } from '../testing/cli.js';
import { tempDir } from '../testing/services.js';
import { type MonitorRunReport, watchMonitor } from './monitor-run.js';

const DATA = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'data', 'breast_cancer.csv');
const BIN = join(import.meta.dirname, '..', '..', 'bin', 'flywheel.js');
const TOKEN = 'monitor-test-token-0123456789';

/** A local webhook receiver: every POST body it got. */
async function receiver(): Promise<{ server: Server; url: string; bodies: Array<Record<string, unknown>> }> {
  const bodies: Array<Record<string, unknown>> = [];
  const server = createHttpServer((req, res) => {
    let text = '';
    req.on('data', (d) => (text += d));
    req.on('end', () => {
      bodies.push(JSON.parse(text) as Record<string, unknown>);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address() as { port: number };
  return { server, url: `http://127.0.0.1:${address.port}/hook`, bodies };
}

describe('monitor run, end to end', () => {
  const dir = tempDir();
  let hook: Awaited<ReturnType<typeof receiver>>;
  let p: Platform;

  beforeAll(async () => {
    hook = await receiver();
    await initWorkspace(dir.path, { env: {} });
    appendFileSync(
      join(dir.path, 'flywheel.yaml'),
      [
        'monitor:',
        '  window: 100',
        '  min_labels: 50',
        '  models: [cancer]',
        '  webhooks:',
        `    test: ${hook.url}`,
        '  retrain:',
        `    command: ${JSON.stringify([process.execPath, BIN, 'train', '--data', DATA, '--target', 'target', '--model', 'linear', '--register', 'cancer'])}`,
        '  alerts:',
        '    - name: retrain-on-drift',
        '      rule: drift_share >= 0.3 for 4 windows',
        '      actions: [retrain]',
        '    - name: feature-drift',
        '      rule: drift_share >= 0.3 for 2 windows',
        '      actions: [log, webhook:test, exit]',
        '    - name: accuracy-drop',
        '      rule: accuracy < 0.5',
        '      actions: [log]',
        '',
      ].join('\n'),
    );
    p = await openPlatform({ cwd: dir.path, env: {} });
  });
  afterAll(async () => {
    await p.close();
    hook.server.close();
    dir.cleanup();
  });

  it('serves a model, sees traffic shift halfway, raises the drift alert in the right window once, and calls the webhook', async () => {
    await p.train({ data: DATA, target: 'target', model: 'linear', register: 'cancer', cwd: dir.path });
    const serving = await p.serve({ refs: ['cancer:1'], cwd: dir.path });
    const app = await createServer(p, { token: TOKEN, serving });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;

    // 800 one-row requests resampled from the data; from request 400 on, every feature is shifted
    // by one of its standard deviations. Windows of 100 rows: 0–3 unshifted, 4–7 shifted, so a rule
    // "for 2 windows" must fire at window 5 and at no other.
    const data = await readTable(DATA);
    const sd = new Map(
      data.names.map((n, j) => {
        const v = numericValues(data.columns[j]!);
        const mean = v.reduce((a, b) => a + b, 0) / v.length;
        return [n, Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1))];
      }),
    );
    const rand = seededUniform(11);
    for (let i = 0; i < 800; i++) {
      const row = rowObject(data, Math.floor(rand() * data.rowCount));
      const label = row.target;
      delete row.target;
      if (i >= 400) for (const k of Object.keys(row)) row[k] = Number(row[k]) + sd.get(k)!;
      const r = await fetch(`${url}/models/cancer/predict`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': `req-${i}` },
        body: JSON.stringify({ rows: [row] }),
      });
      expect(r.status).toBe(200);
      // Delayed labels for the first half only.
      if (i < 400) {
        const f = await fetch(`${url}/feedback`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
          body: JSON.stringify({ request_id: `req-${i}`, label }),
        });
        expect(f.status).toBe(202);
      }
    }
    await app.close();
    await serving.close(); // flushes the prediction log

    const first = await runCli(['--cwd', dir.path, '--json', 'monitor', 'run']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(1); // the drift alert has the exit action
    const report = JSON.parse(first.stdout) as MonitorRunReport;
    const cancer = report.models[0]!;
    expect(cancer.windows).toBe(8);
    expect(cancer.firstDrift).not.toBeNull();
    const drift = cancer.alerts.filter((a) => a.alert === 'feature-drift');
    expect(drift).toHaveLength(1);
    expect(drift[0]).toMatchObject({ duplicate: false, exit: true });
    expect(drift[0]!.results.map((r) => [r.action, r.ok])).toEqual([
      ['log', true],
      ['webhook:test', true],
      ['exit', true],
    ]);
    // The retrain alert fired at window 7 (4 drifted windows), ran `flywheel train`, and the new
    // run is linked to the alert: tagged with its event id, and listed in the outcome.
    const retrain = cancer.alerts.find((a) => a.alert === 'retrain-on-drift')!;
    expect(retrain.results).toMatchObject([{ action: 'retrain', ok: true, exitCode: 0 }]);
    expect(retrain.runs).toHaveLength(1);
    const run = await p.tracking.getRun(retrain.runs[0]!);
    expect(run.tags['flywheel.alert']).toBe(String(retrain.eventId));
    expect((await p.registry.resolve('cancer')).version).toBe(2);
    // The model stays accurate on its own traffic: no accuracy alert.
    expect(cancer.alerts.filter((a) => a.alert === 'accuracy-drop')).toEqual([]);
    expect(hook.bodies).toHaveLength(1);
    expect(hook.bodies[0]).toMatchObject({ alert: 'feature-drift', model: 'cancer' });
    expect((hook.bodies[0]!.window as { index: number }).index).toBe(5);

    // Per window: realised accuracy where labels arrived, the CBPE estimate everywhere.
    // A bare name is compared with the reference of the version that served the traffic (cancer:1),
    // not with the newest version (cancer:2, just retrained).
    const monitored = await p.monitor({ model: 'cancer', window: '100' });
    // 30 features tested at 5%: a column or two may drift by chance before the shift, never 30%.
    expect(monitored.windows.map((w) => w.share >= 0.3)).toEqual([
      false,
      false,
      false,
      false,
      true,
      true,
      true,
      true,
    ]);
    const perf = monitored.windows.map((w) => w.performance!);
    expect(perf.slice(0, 4).every((x) => x.labelled === 100 && x.metrics!.accuracy! > 0.9)).toBe(true);
    expect(perf.slice(4).every((x) => x.labelled === 0 && x.metrics === null)).toBe(true);
    for (const x of perf) expect(x.estimated!.accuracy).toBeGreaterThan(0.5);
    expect(monitored.windows[0]!.prediction?.drift).toBe(false);
    expect(monitored.reference).toBe('the reference stored with cancer:1');

    // A second pass (the next cron run) raises nothing new and exits 0.
    const second = await runCli(['--cwd', dir.path, '--json', 'monitor', 'run']);
    expect(second.code).toBe(0);
    const again = JSON.parse(second.stdout) as MonitorRunReport;
    expect(again.fired).toBe(0);
    expect(again.models[0]!.alerts.map((a) => a.duplicate)).toEqual([true, true]);
    expect(hook.bodies).toHaveLength(1);
    const events = await p.metadata.events.list({ kind: 'alert' });
    expect(events.map((e) => e.data.alert).sort()).toEqual(['feature-drift', 'retrain-on-drift']);

    // --watch: passes every interval until stopped; nothing new fires, so it runs until aborted.
    const stopper = new AbortController();
    const reports: MonitorRunReport[] = [];
    const exit = await watchMonitor(() => p.monitorRun(), {
      intervalMs: 20,
      signal: stopper.signal,
      onReport: (r) => {
        reports.push(r);
        if (reports.length === 3) stopper.abort();
      },
    });
    expect(exit).toBe(false);
    expect(reports.map((r) => r.fired)).toEqual([0, 0, 0]);
  }, 60_000);
});
