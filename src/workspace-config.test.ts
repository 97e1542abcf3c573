import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfigText, ERROR_CATALOG, FlywheelError, parseDuration } from './core/index.js';
import { tempDir } from './testing/services.js';
import { loadConfig, parseConfig } from './workspace-config.js';

const FILE = '/ws/flywheel.yaml';
const valid = [
  'version: 1',
  'metadata:',
  '  url: sqlite:.flywheel/metadata.db',
  'artifacts:',
  '  url: file:.flywheel/objects',
  '',
].join('\n');

function configError(text: string, env: NodeJS.ProcessEnv = {}): FlywheelError {
  try {
    parseConfig(text, FILE, env);
  } catch (error) {
    if (error instanceof FlywheelError) return error;
    throw error;
  }
  throw new Error('expected a config error');
}

describe('flywheel.yaml', () => {
  it('parses the file init writes, with defaults filled in', () => {
    const c = parseConfig(defaultConfigText('demo'), FILE, {});
    expect(c.name).toBe('demo');
    expect(c.metadata.url).toBe('sqlite:.flywheel/metadata.db');
    expect(c.gc.grace_period).toBe(3_600_000);
    expect(c.log.level).toBe('info');
    expect(c.root).toBe('/ws');
  });

  it('names file, line, key path and fix for a wrong type', () => {
    const e = configError(valid.replace('  url: file:.flywheel/objects', '  url: 42'));
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.where).toMatchObject({ file: FILE, path: 'artifacts.url', line: 5 });
    expect(e.message).toContain('artifacts.url');
    expect(e.hint).toContain('file:');
    expect(e.exitCode).toBe(ERROR_CATALOG.CONFIG_INVALID.exit);
  });

  it('rejects an unknown key, pointing at its line', () => {
    const e = configError(`${valid}metdata_extra: 1\n`);
    expect(e.message).toContain('unknown key "metdata_extra"');
    expect(e.where).toMatchObject({ path: 'metdata_extra', line: 6 });
    expect(e.hint).toContain('Remove or rename');
  });

  it('rejects a nested unknown key', () => {
    const e = configError(
      valid.replace('  url: sqlite:.flywheel/metadata.db', '  url: sqlite:x.db\n  pool: 3'),
    );
    expect(e.where).toMatchObject({ path: 'metadata.pool', line: 4 });
  });

  it('rejects an unknown URL scheme with the schemes it accepts', () => {
    const e = configError(valid.replace('sqlite:.flywheel/metadata.db', 'mysql://localhost/db'));
    expect(e.message).toContain('sqlite:, postgres:, postgresql:');
    expect(e.where).toMatchObject({ path: 'metadata.url', line: 3 });
    expect(e.hint).toContain('postgres://');
  });

  it('reports YAML syntax errors with a line', () => {
    const e = configError('metadata:\n  url: "unterminated\n');
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.where?.line).toBeGreaterThanOrEqual(2);
  });

  it('requires the stores', () => {
    const e = configError('version: 1\n');
    expect(e.where?.path).toBe('metadata');
  });

  it('lets environment variables override the file, and blames them when they are wrong', () => {
    const c = parseConfig(valid, FILE, {
      FLYWHEEL_METADATA_URL: 'postgres://db:5432/x',
      FLYWHEEL_ARTIFACTS_URL: 'file:/data/objects',
    });
    expect(c.metadata.url).toBe('postgres://db:5432/x');
    expect(c.artifacts.url).toBe('file:/data/objects');
    const e = configError(valid, { FLYWHEEL_METADATA_URL: 'redis://x' });
    expect(e.message).toContain('FLYWHEEL_METADATA_URL');
    expect(e.hint).toContain('FLYWHEEL_METADATA_URL');
  });

  it('reports a missing or unreadable file', () => {
    const dir = tempDir();
    try {
      const missing = join(dir.path, 'flywheel.yaml');
      expect(() => loadConfig(missing, {})).toThrowError(
        expect.objectContaining({ code: 'CONFIG_UNREADABLE', where: { file: missing } }),
      );
      writeFileSync(missing, valid);
      chmodSync(missing, 0o000);
      if (process.getuid?.() !== 0) {
        // root reads anything, so this case only runs for other users
        expect(() => loadConfig(missing, {})).toThrowError(
          expect.objectContaining({
            code: 'CONFIG_UNREADABLE',
            message: expect.stringContaining('permission denied'),
          }),
        );
      }
      chmodSync(missing, 0o644);
      const asDir = join(dir.path, 'sub', 'flywheel.yaml');
      mkdirSync(asDir, { recursive: true });
      expect(() => loadConfig(asDir, {})).toThrowError(
        expect.objectContaining({ code: 'CONFIG_UNREADABLE', message: expect.stringContaining('directory') }),
      );
      writeFileSync(missing, 'a: [1, 2\n');
      expect(() => loadConfig(missing, {})).toThrowError(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    } finally {
      dir.cleanup();
    }
  });

  it('parses durations', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('1.5h')).toBe(5_400_000);
    expect(parseConfig(`${valid}gc:\n  grace_period: 10m\n`, FILE, {}).gc.grace_period).toBe(600_000);
    expect(configError(`${valid}gc:\n  grace_period: soon\n`).where?.path).toBe('gc.grace_period');
    expect(() => parseDuration('1 fortnight')).toThrow(FlywheelError);
  });

  describe('monitor:', () => {
    const monitor = (body: string) => `${valid}monitor:\n${body}`;
    const hooks = '  webhooks:\n    ops: http://127.0.0.1:9000/hook\n';

    it('defaults to no alerts, and fills defaults in a section', () => {
      const none = parseConfig(valid, FILE, {}).monitor;
      expect(none).toEqual({
        window: '1000',
        min_labels: 50,
        models: [],
        webhooks: {},
        alerts: [],
      });
      const c = parseConfig(
        monitor(
          [
            '  window: 1h',
            '  models: [churn]',
            hooks.trimEnd(),
            '  retrain:',
            '    command: [npx, flywheel, train, --config, train.yaml]',
            '    timeout: 30m',
            '  alerts:',
            '    - name: feature-drift',
            '      rule: drift_share >= 0.3 for 2 windows',
            '      model: churn',
            '      actions: [log, webhook:ops, exit, retrain]',
            '    - name: age-missing',
            '      rule: missing_rate(age) > 0.05',
            '',
          ].join('\n'),
        ),
        FILE,
        {},
      ).monitor;
      expect(c.window).toBe('1h');
      expect(c.retrain).toEqual({
        command: ['npx', 'flywheel', 'train', '--config', 'train.yaml'],
        timeout: 1_800_000,
      });
      expect(c.alerts[0]).toEqual({
        name: 'feature-drift',
        rule: 'drift_share >= 0.3 for 2 windows',
        condition: { metric: 'drift_share', op: '>=', value: 0.3, windows: 2 },
        model: 'churn',
        actions: ['log', 'webhook:ops', 'exit', 'retrain'],
        // where the rule is written, for the errors of rules that cannot be evaluated
        where: { file: FILE, line: 16, column: 13 },
      });
      expect(c.alerts[1]?.condition).toEqual({
        metric: 'missing_rate',
        column: 'age',
        op: '>',
        value: 0.05,
        windows: 1,
      });
      expect(c.alerts[1]?.actions).toEqual(['log']);
      expect(parseConfig(monitor('  window: 500\n'), FILE, {}).monitor.window).toBe('500');
    });

    it('reports a bad rule at its line, with the rule hint', () => {
      // lines 1-5 are `valid`, 6 `monitor:`, 7 `alerts:`, 8 the item's name, 9 its rule
      const e = configError(monitor('  alerts:\n    - name: a\n      rule: drift_share => 0.3\n'));
      expect(e.code).toBe('CONFIG_INVALID');
      expect(e.where).toMatchObject({ file: FILE, path: 'monitor.alerts.0.rule', line: 9 });
      expect(e.message).toContain('"=>" is not an operator, write ">="');
      expect(e.hint).toContain('METRIC OP NUMBER');
    });

    it('rejects an action naming a webhook that is not defined', () => {
      const e = configError(
        monitor(
          `${hooks}  alerts:\n    - name: a\n      rule: recall < 0.9\n      actions:\n        - log\n        - webhook:pager\n`,
        ),
      );
      expect(e.message).toContain('unknown webhook "pager" (defined: ops)');
      // lines 1-5 `valid`, 6 monitor, 7 webhooks, 8 ops, 9 alerts, 10 name, 11 rule, 12 actions, 13 log, 14 the hook
      expect(e.where).toMatchObject({ path: 'monitor.alerts.0.actions.1', line: 14 });
      expect(e.hint).toContain('monitor.webhooks');
    });

    it('rejects a webhook URL that is not http(s)', () => {
      const e = configError(monitor('  webhooks:\n    ops: file:///etc/passwd\n'));
      expect(e.message).toContain('unsupported webhook URL "file:///etc/passwd"');
      expect(e.message).toContain('http:, https:');
      expect(e.where).toMatchObject({ path: 'monitor.webhooks.ops', line: 8 });
    });

    it('rejects retrain without a command, unknown actions and duplicate names', () => {
      const alert = (actions: string) =>
        `    - name: a\n      rule: recall < 0.9\n      actions: [${actions}]\n`;
      const noCommand = configError(monitor(`  alerts:\n${alert('retrain')}`));
      expect(noCommand.message).toContain('needs monitor.retrain.command');
      expect(noCommand.where?.path).toBe('monitor.alerts.0.actions.0');
      expect(configError(monitor(`  alerts:\n${alert('page')}`)).where?.path).toBe(
        'monitor.alerts.0.actions.0',
      );
      const dup = configError(monitor(`  alerts:\n${alert('log')}${alert('exit')}`));
      expect(dup.message).toContain('duplicate alert "a"');
      expect(dup.where?.path).toBe('monitor.alerts.1.name');
      expect(configError(monitor('  retrain:\n    command: "npx flywheel train"\n')).where?.path).toBe(
        'monitor.retrain.command',
      );
      expect(configError(monitor('  windw: 10\n')).message).toContain('unknown key "windw"');
    });
  });
});
