/** Alert rules: parsing, streaks, the actions against a real HTTP receiver and process, dedupe in a real store. */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, FlywheelError } from '../../core/index.js';
import { SqliteMetadataStore } from '../../storage/metadata/index.js';
import { tempDir } from '../../testing/services.js';
import { parseConfig } from '../../workspace-config.js';
import type { MonitorAlert } from '../monitor-config.js';
import { retrainCommand } from './alert-actions.js';
import {
  type AlertFiring,
  evaluateRule,
  parseRule,
  recordAndAct,
  runAlertActions,
  type WindowMetrics,
} from './alerts.js';

/** Windows with one metric; `undefined` leaves the key out, `null` sets it to null. */
function series(metric: string, values: Array<number | null | undefined>): WindowMetrics[] {
  return values.map((v, index) => ({
    index,
    start: `2026-01-01T${String(index).padStart(2, '0')}:00:00.000Z`,
    end: `2026-01-01T${String(index).padStart(2, '0')}:59:59.999Z`,
    values: v === undefined ? {} : { [metric]: v },
  }));
}

describe('retrainCommand', () => {
  const alert = { id: 41, name: 'drift' };
  it('appends --alert ID to a flywheel train command, however flywheel is started', () => {
    expect(retrainCommand(['flywheel', 'train', '--config', 'train.yaml'], alert)).toEqual([
      'flywheel',
      'train',
      '--config',
      'train.yaml',
      '--alert',
      '41',
    ]);
    expect(
      retrainCommand(['/usr/bin/node', '/srv/flywheel/bin/flywheel.js', '-C', 'ws', 'train'], alert),
    ).toEqual(['/usr/bin/node', '/srv/flywheel/bin/flywheel.js', '-C', 'ws', 'train', '--alert', '41']);
    expect(retrainCommand(['/home/me/.npm/bin/flywheel', '--json', 'train'], alert).slice(-2)).toEqual([
      '--alert',
      '41',
    ]);
  });

  it('leaves other commands, and commands that already pass the alert, as written', () => {
    for (const command of [
      ['flywheel', 'eval', 'churn@production'],
      ['./retrain.sh'],
      ['python', 'train.py', 'train'],
      ['flywheel', 'train', '--alert', '7'],
      ['flywheel', 'train', '--alert=7'],
    ])
      expect(retrainCommand(command, alert)).toEqual(command);
  });

  it('replaces the placeholders instead when the command has them (and appends nothing)', () => {
    expect(
      retrainCommand(['flywheel', 'train', '--alert', '{alert_id}', '--run-name', 'after {alert}'], alert),
    ).toEqual(['flywheel', 'train', '--alert', '41', '--run-name', 'after drift']);
    expect(retrainCommand(['./retrain.sh', '{alert_id}'], alert)).toEqual(['./retrain.sh', '41']);
  });
});

describe('parseRule', () => {
  it('parses metrics, columns, operators, numbers and window counts', () => {
    expect(parseRule('drift_share >= 0.3 for 2 windows')).toEqual({
      metric: 'drift_share',
      op: '>=',
      value: 0.3,
      windows: 2,
    });
    expect(parseRule('recall < 0.9')).toEqual({ metric: 'recall', op: '<', value: 0.9, windows: 1 });
    expect(parseRule(' missing_rate( age )>5e-2 for 1 window')).toEqual({
      metric: 'missing_rate',
      column: 'age',
      op: '>',
      value: 0.05,
      windows: 1,
    });
    expect(parseRule('drift(age) == 1 FOR 3 Windows')).toMatchObject({ column: 'age', op: '==', windows: 3 });
    expect(parseRule('mean_score != -1.5')).toMatchObject({ op: '!=', value: -1.5 });
  });

  it('says which part of a bad rule is wrong', () => {
    const cases: Array<[string, string]> = [
      ['', 'must start with a metric name'],
      ['0.3 > drift_share', 'must start with a metric name'],
      ['recall 0.9', 'expected an operator after "recall"'],
      ['recall = 0.9', '"=" is not an operator, write "=="'],
      ['recall < high', 'expected a number after "<"'],
      ['recall < 0.9 for two windows', 'expected "for N windows" or the end after "0.9"'],
      ['recall < 0.9 for 0 windows', 'at least 1'],
      ['drift() == 1', 'names no column'],
    ];
    for (const [text, why] of cases) {
      let error: unknown;
      try {
        parseRule(text);
      } catch (e) {
        error = e;
      }
      expect(error, text).toBeInstanceOf(FlywheelError);
      expect((error as FlywheelError).code).toBe('INVALID_ARGUMENT');
      expect((error as FlywheelError).message, text).toContain(why);
      expect((error as FlywheelError).hint).toContain('METRIC OP NUMBER');
    }
  });
});

describe('evaluateRule', () => {
  const rule = parseRule('drift_share >= 0.3 for 2 windows');

  it('fires at the 2nd consecutive window, once per episode', () => {
    // held in windows 1-3 (one episode) and 5-6 (another); window 4 is below the threshold
    const { firings, unknownMetric } = evaluateRule(
      rule,
      series('drift_share', [0.1, 0.3, 0.5, 0.4, 0.2, 0.9, 0.3]),
    );
    expect(unknownMetric).toBeUndefined();
    expect(firings.map((f) => f.window.index)).toEqual([2, 6]);
    expect(firings[0]).toEqual({
      metric: 'drift_share',
      op: '>=',
      threshold: 0.3,
      value: 0.5,
      window: { index: 2, start: '2026-01-01T02:00:00.000Z', end: '2026-01-01T02:59:59.999Z' },
      streak: [
        { index: 1, start: '2026-01-01T01:00:00.000Z', end: '2026-01-01T01:59:59.999Z', value: 0.3 },
        { index: 2, start: '2026-01-01T02:00:00.000Z', end: '2026-01-01T02:59:59.999Z', value: 0.5 },
      ],
    });
    expect(firings[1]?.streak.map((w) => w.value)).toEqual([0.9, 0.3]);
  });

  it('lets a null or missing value break a streak without firing', () => {
    // 0.5, null, 0.5, (absent), 0.5, 0.5: only windows 4-5 are two in a row
    const { firings, unknownMetric } = evaluateRule(
      rule,
      series('drift_share', [0.5, null, 0.5, undefined, 0.5, 0.5]),
    );
    expect(firings.map((f) => f.window.index)).toEqual([5]);
    expect(unknownMetric).toBeUndefined();
    // a null streak never fires, but the metric counts as known
    expect(evaluateRule(parseRule('recall < 0.9'), series('recall', [null, null]))).toEqual({
      firings: [],
      unknownMetric: undefined,
    });
  });

  it('fires on a single window without "for", and reads column metrics by key', () => {
    const age = evaluateRule(
      parseRule('missing_rate(age) > 0.05'),
      series('missing_rate(age)', [0.06, 0.07, 0.01, 0.2]),
    );
    expect(age.firings.map((f) => [f.window.index, f.value])).toEqual([
      [0, 0.06],
      [3, 0.2],
    ]);
  });

  it('says when no window has the metric, with the closest known name', () => {
    const windows = series('drift_share', [0.5, 0.5]).map((w) => ({
      ...w,
      values: { ...w.values, recall: 0.8 },
    }));
    const { firings, unknownMetric } = evaluateRule(parseRule('drift_shar >= 0.3'), windows);
    expect(firings).toEqual([]);
    expect(unknownMetric).toEqual({
      metric: 'drift_shar',
      known: ['drift_share', 'recall'],
      suggestion: 'drift_share',
    });
    expect(evaluateRule(rule, []).unknownMetric).toBeUndefined();
  });
});

const FIRING: AlertFiring = evaluateRule(parseRule('recall < 0.9'), series('recall', [0.8])).firings[0]!;

function workspace(monitorYaml: string) {
  const yaml = `metadata:\n  url: sqlite:m.db\nartifacts:\n  url: file:objects\nmonitor:\n${monitorYaml}`;
  return parseConfig(yaml, '/ws/flywheel.yaml', {}).monitor;
}

describe('actions', () => {
  const received: Array<{ url: string | undefined; type: string | undefined; body: unknown }> = [];
  const server = createServer((req: IncomingMessage, res) => {
    let text = '';
    req.on('data', (c: Buffer) => {
      text += c.toString();
    });
    req.on('end', () => {
      received.push({ url: req.url, type: req.headers['content-type'], body: JSON.parse(text) });
      res.statusCode = req.url === '/fail' ? 503 : 204;
      res.end();
    });
  });
  let base = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('logs a JSON line, POSTs to the configured URL and marks exit', async () => {
    const monitor = workspace(
      `  webhooks:\n    ops: ${base}/hook\n    down: ${base}/fail\n  alerts:\n    - name: low-recall\n      rule: recall < 0.9\n      actions: [log, webhook:ops, webhook:down, exit]\n`,
    );
    const lines: string[] = [];
    const logger = createLogger({ write: (l) => lines.push(l) });
    const time = Date.UTC(2026, 0, 2, 3, 4, 5);
    received.length = 0;
    const results = await runAlertActions(
      FIRING,
      monitor.alerts[0]!,
      { monitor, root: '/nonexistent', logger },
      {
        model: 'churn',
        eventId: 41,
        time,
      },
    );
    expect(results).toEqual([
      { action: 'log', ok: true },
      { action: 'webhook:ops', ok: true, status: 204 },
      { action: 'webhook:down', ok: false, status: 503 },
      { action: 'exit', ok: true, exit: true },
    ]);
    expect(received.map((r) => r.url)).toEqual(['/hook', '/fail']);
    expect(received[0]?.type).toBe('application/json');
    expect(received[0]?.body).toEqual({
      alert: 'low-recall',
      model: 'churn',
      rule: 'recall < 0.9',
      window: { index: 0, start: '2026-01-01T00:00:00.000Z', end: '2026-01-01T00:59:59.999Z' },
      value: 0.8,
      threshold: 0.9,
      time: '2026-01-02T03:04:05.000Z',
      event_id: 41,
    });
    const logged = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(logged).toMatchObject({
      level: 'warn',
      msg: 'alert fired',
      alert: 'low-recall',
      value: 0.8,
      event_id: 41,
    });
  });

  it('never throws for an unreachable webhook, and never contacts an unconfigured one', async () => {
    // a port that was just free: nothing listens there
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const monitor = workspace(`  webhooks:\n    gone: http://127.0.0.1:${port}/x\n`);
    const alert: MonitorAlert = {
      ...workspace(`  alerts:\n    - name: a\n      rule: recall < 0.9\n`).alerts[0]!,
      actions: ['webhook:gone', 'webhook:other'],
    };
    const logger = createLogger({ level: 'silent' });
    const results = await runAlertActions(
      FIRING,
      alert,
      { monitor, root: '/nonexistent', logger },
      { model: 'm', eventId: 1, time: 0 },
    );
    expect(results[0]).toMatchObject({
      action: 'webhook:gone',
      ok: false,
      error: expect.stringContaining('ECONNREFUSED'),
    });
    expect(results[1]).toEqual({
      action: 'webhook:other',
      ok: false,
      error: 'webhook "other" is not configured',
    });
  });

  it('runs retrain with the alert id in its environment, in the workspace root', async () => {
    const dir = tempDir();
    try {
      const script =
        "require('node:fs').writeFileSync('seen.txt', process.env.FLYWHEEL_ALERT_ID + ' ' + process.env.FLYWHEEL_ALERT); console.log('training'); process.exit(3)";
      const monitor = workspace(
        `  retrain:\n    command: ${JSON.stringify([process.execPath, '-e', script])}\n    timeout: 10s\n  alerts:\n    - name: drifted\n      rule: recall < 0.9\n      actions: [retrain]\n`,
      );
      const logger = createLogger({ level: 'silent' });
      const results = await runAlertActions(
        FIRING,
        monitor.alerts[0]!,
        { monitor, root: dir.path, logger },
        {
          model: 'm',
          eventId: 17,
          time: 0,
        },
      );
      expect(results).toEqual([
        {
          action: 'retrain',
          ok: false,
          exitCode: 3,
          timedOut: false,
          log: join('.flywheel', 'alerts', '17-retrain.log'),
        },
      ]);
      expect(readFileSync(join(dir.path, 'seen.txt'), 'utf8')).toBe('17 drifted');
      expect(readFileSync(join(dir.path, '.flywheel/alerts/17-retrain.log'), 'utf8')).toBe('training\n');
    } finally {
      dir.cleanup();
    }
  });

  it('passes the alert on the retrain command line: {alert_id} and {alert} replaced in every word', async () => {
    const dir = tempDir();
    try {
      const script = "require('node:fs').writeFileSync('argv.json', JSON.stringify(process.argv.slice(1)))";
      const command = [
        process.execPath,
        '-e',
        script,
        '--',
        '--alert={alert_id}',
        'for {alert} ({alert_id})',
      ];
      const monitor = workspace(
        `  retrain:\n    command: ${JSON.stringify(command)}\n  alerts:\n    - name: drifted\n      rule: recall < 0.9\n      actions: [retrain]\n`,
      );
      const logger = createLogger({ level: 'silent' });
      const [result] = await runAlertActions(
        FIRING,
        monitor.alerts[0]!,
        { monitor, root: dir.path, logger },
        { model: 'm', eventId: 23, time: 0 },
      );
      expect(result).toMatchObject({ action: 'retrain', ok: true, exitCode: 0 });
      // (node takes the `--` itself)
      expect(JSON.parse(readFileSync(join(dir.path, 'argv.json'), 'utf8'))).toEqual([
        '--alert=23',
        'for drifted (23)',
      ]);
    } finally {
      dir.cleanup();
    }
  });

  it('stops a retrain command that outlives its timeout', async () => {
    const dir = tempDir();
    try {
      const monitor = workspace(
        `  retrain:\n    command: ${JSON.stringify([process.execPath, '-e', 'setTimeout(() => {}, 60000)'])}\n    timeout: 200ms\n  alerts:\n    - name: a\n      rule: recall < 0.9\n      actions: [retrain]\n`,
      );
      const logger = createLogger({ level: 'silent' });
      const [result] = await runAlertActions(
        FIRING,
        monitor.alerts[0]!,
        { monitor, root: dir.path, logger },
        { model: 'm', eventId: 2, time: 0 },
      );
      expect(result).toMatchObject({ action: 'retrain', ok: false, exitCode: null, timedOut: true });
      expect(result?.error).toContain('timed out after 200 ms');
    } finally {
      dir.cleanup();
    }
  });
});

describe('recordAndAct', () => {
  it('records each alert once across runs, with its action results linked', async () => {
    const dir = tempDir();
    const store = await SqliteMetadataStore.open(join(dir.path, 'metadata.db'));
    try {
      const monitor = workspace(
        `  alerts:\n    - name: drift\n      rule: drift_share >= 0.3 for 2 windows\n      actions: [log, exit]\n`,
      );
      const alert = monitor.alerts[0]!;
      const windows = series('drift_share', [0.5, 0.5, 0.1, 0.6, 0.7]);
      const occurrences = evaluateRule(alert.condition, windows).firings.map((firing) => ({
        alert,
        model: 'churn',
        firing,
      }));
      const deps = {
        events: store.events,
        monitor,
        root: dir.path,
        logger: createLogger({ level: 'silent' }),
        now: () => 1000,
      };

      const first = await recordAndAct(occurrences.slice(0, 1), deps);
      expect(first).toEqual([
        expect.objectContaining({
          alert: 'drift',
          model: 'churn',
          windowStart: windows[1]!.start,
          duplicate: false,
          exit: true,
        }),
      ]);
      // the second run (cron, an hour later) sees the same first episode plus a new one
      const second = await recordAndAct(occurrences, deps);
      expect(second.map((o) => [o.windowStart, o.duplicate])).toEqual([
        [windows[1]!.start, true],
        [windows[4]!.start, false],
      ]);
      expect(second[0]?.eventId).toBe(first[0]?.eventId);
      expect(second[0]?.results).toEqual([]);

      const alerts = await store.events.list({ subject: 'model:churn', kind: 'alert' });
      expect(alerts.map((e) => e.data)).toEqual([
        {
          alert: 'drift',
          rule: 'drift_share >= 0.3 for 2 windows',
          window_start: windows[1]!.start,
          window_end: windows[1]!.end,
          window_index: 1,
          value: 0.5,
          threshold: 0.3,
          actions: ['log', 'exit'],
        },
        expect.objectContaining({ window_start: windows[4]!.start, value: 0.7 }),
      ]);
      const actions = await store.events.list({ subject: 'model:churn', kind: 'alert.actions' });
      expect(actions.map((e) => e.data.alert_event)).toEqual(alerts.map((e) => e.id));
      expect(actions[0]?.data.results).toEqual([
        { action: 'log', ok: true },
        { action: 'exit', ok: true, exit: true },
      ]);
    } finally {
      await store.close();
      dir.cleanup();
    }
  });
});
