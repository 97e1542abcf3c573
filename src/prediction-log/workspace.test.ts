/**
 * Serving and monitoring meet at one folder, named by one key: `prediction_log.dir` of
 * flywheel.yaml. A workspace is served and monitored through the platform, then read again
 * under the keys that key replaces (deprecated, with a warning each), and with both keys at odds.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, defaultConfigText } from '../core/index.js';
import { initWorkspace, openPlatform, type Platform } from '../platform.js';
import { tempDir } from '../testing/services.js';
import { parseConfig } from '../workspace-config.js';
import { workspaceLogDir } from './config.js';
import { DEFAULT_LOG_DIR } from './layout.js';

describe('one key for the prediction-log folder', () => {
  const dir = tempDir();
  const config = join(dir.path, 'flywheel.yaml');
  let base: string;
  const warnings: string[] = [];
  const logger = createLogger({
    level: 'warn',
    write: (line) => void warnings.push(JSON.parse(line).msg),
  });

  /** Open the workspace with `extra` appended to its flywheel.yaml. */
  const open = (extra: string) => {
    writeFileSync(config, base + extra);
    return openPlatform({ cwd: dir.path, env: {}, logger });
  };

  /** Serve churn:1, answer 30 one-row requests, close (flushing the log). */
  async function serveSome(p: Platform, options: { configFile?: string } = {}): Promise<void> {
    const serving = await p.serve({ refs: ['churn:1'], cwd: dir.path, ...options });
    for (let i = 0; i < 30; i++) await serving.predict('churn', { rows: [{ x: (i - 15) / 3 }] });
    await serving.close();
  }

  beforeAll(async () => {
    await initWorkspace(dir.path, { env: {} });
    base = readFileSync(config, 'utf8');
    const lines = ['x,y'];
    for (let i = 0; i < 200; i++) lines.push(`${(i - 100) / 10},${i > 100 ? 1 : 0}`);
    writeFileSync(join(dir.path, 'train.csv'), `${lines.join('\n')}\n`);
    const p = await open('');
    try {
      await p.train({ data: 'train.csv', target: 'y', model: 'linear', register: 'churn', cwd: dir.path });
    } finally {
      await p.close();
    }
  });
  afterAll(() => dir.cleanup());

  it('serving writes and monitoring reads the folder prediction_log.dir names', async () => {
    const p = await open('prediction_log:\n  dir: logs/predictions\n');
    try {
      await serveSome(p);
      expect(readdirSync(join(dir.path, 'logs', 'predictions'))).toEqual(['model=churn']);
      expect(existsSync(join(dir.path, DEFAULT_LOG_DIR))).toBe(false);
      const report = await p.monitor({ model: 'churn' });
      expect(report.windows.map((w) => w.rows)).toEqual([30]);
      expect(warnings).toEqual([]);
    } finally {
      await p.close();
    }
  });

  it('still honours the deprecated monitor.log_dir for both, with a warning', async () => {
    const p = await open('monitor:\n  log_dir: old-logs\n');
    try {
      await serveSome(p);
      expect(readdirSync(join(dir.path, 'old-logs'))).toEqual(['model=churn']);
      expect((await p.monitor({ model: 'churn' })).windows.map((w) => w.rows)).toEqual([30]);
      expect(warnings.length).toBeGreaterThan(0);
      expect(new Set(warnings)).toEqual(
        new Set([
          'flywheel.yaml: monitor.log_dir is deprecated; write prediction_log.dir: old-logs (the one folder serving writes and monitoring reads)',
        ]),
      );
    } finally {
      warnings.length = 0;
      await p.close();
    }
  });

  it('refuses two keys naming different folders', async () => {
    const p = await open('prediction_log:\n  dir: logs/predictions\nmonitor:\n  log_dir: old-logs\n');
    try {
      await expect(p.monitor({ model: 'churn' })).rejects.toMatchObject({
        code: 'CONFIG_INVALID',
        where: { path: 'monitor.log_dir' },
      });
      await expect(p.serve({ refs: ['churn:1'], cwd: dir.path })).rejects.toMatchObject({
        code: 'CONFIG_INVALID',
      });
    } finally {
      await p.close();
    }
  });

  it("still honours serve.yaml's deprecated log.dir for serving, warning where monitoring reads", async () => {
    writeFileSync(join(dir.path, 'serve.yaml'), 'log:\n  dir: serve-logs\n');
    const p = await open('prediction_log:\n  dir: logs/predictions\n');
    try {
      await serveSome(p, { configFile: 'serve.yaml' });
      expect(readdirSync(join(dir.path, 'serve-logs'))).toEqual(['model=churn']);
      expect(warnings).toEqual([
        'serve.yaml: log.dir is deprecated; write prediction_log.dir: serve-logs in flywheel.yaml (the one folder serving writes and monitoring reads)',
      ]);
    } finally {
      warnings.length = 0;
      await p.close();
    }
  });
});

describe('prediction_log: in flywheel.yaml', () => {
  it('takes dir, and names a mistyped key with the one it probably means', () => {
    const text = `${defaultConfigText('ws')}prediction_log:\n  dir: logs\n`;
    const parsed = parseConfig(text, '/ws/flywheel.yaml');
    expect(parsed.prediction_log).toEqual({ dir: 'logs' });
    expect(parseConfig(defaultConfigText('ws'), '/ws/flywheel.yaml').prediction_log).toEqual({});
    expect(() => parseConfig(text.replace('  dir:', '  dri:'), '/ws/flywheel.yaml')).toThrow(
      /did you mean "dir"/,
    );
  });
});

describe('workspaceLogDir', () => {
  const none = () => {
    throw new Error('no warning expected');
  };
  it('resolves the key against the workspace root, the default when absent, absolute paths as they are', () => {
    const root = '/srv/project';
    expect(workspaceLogDir({ root, prediction_log: {}, monitor: {} }, none)).toBe(
      '/srv/project/.flywheel/predictions',
    );
    expect(workspaceLogDir({ root, prediction_log: { dir: 'logs' }, monitor: {} }, none)).toBe(
      '/srv/project/logs',
    );
    expect(workspaceLogDir({ root, prediction_log: { dir: '/var/log/p' }, monitor: {} }, none)).toBe(
      '/var/log/p',
    );
    // The same folder under both keys is not a conflict (only the old key's warning).
    const seen: string[] = [];
    expect(
      workspaceLogDir(
        { root, prediction_log: { dir: 'logs' }, monitor: { log_dir: './logs' } },
        (m) => void seen.push(m),
      ),
    ).toBe('/srv/project/logs');
    expect(seen).toHaveLength(1);
  });
});
