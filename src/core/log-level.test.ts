// FLYWHEEL_LOG_LEVEL, which the logger and the internal-error hint promise, is read once with the
// other variables (core/env.ts), overrides the config's log.level, and the platform's logger follows it.
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { initWorkspace } from '../platform.js';
import { runCli } from '../testing/cli.js';
import { tempDir } from '../testing/services.js';
import { parseConfig } from '../workspace-config.js';
import { readEnv } from './env.js';
import type { FlywheelError } from './errors.js';

const STORES = 'metadata:\n  url: sqlite:m.db\nartifacts:\n  url: file:o\n';

describe('FLYWHEEL_LOG_LEVEL', () => {
  it('sets log.level over the file, and a wrong value is a config error naming the variable', () => {
    expect(parseConfig(STORES, '/ws/flywheel.yaml', {}).log.level).toBe('info');
    const file = `${STORES}log:\n  level: warn\n`;
    expect(parseConfig(file, '/ws/flywheel.yaml', { FLYWHEEL_LOG_LEVEL: 'debug' }).log.level).toBe('debug');
    let error: FlywheelError | undefined;
    try {
      readEnv({ FLYWHEEL_LOG_LEVEL: 'verbose' });
    } catch (e) {
      error = e as FlywheelError;
    }
    expect(error).toMatchObject({ code: 'CONFIG_INVALID', exitCode: 78 });
    expect(error?.message).toBe(
      'FLYWHEEL_LOG_LEVEL="verbose" is invalid: write one of debug, info, warn, error, silent',
    );
    expect(error?.hint).toContain('unset the FLYWHEEL_LOG_LEVEL environment variable');
  });

  describe('in a command', () => {
    const dir = tempDir();
    const logged: string[] = [];
    beforeAll(async () => {
      await initWorkspace(dir.path, { env: {} });
      // A monitored model with no prediction log: the pass logs a warning "monitor: model skipped".
      appendFileSync(join(dir.path, 'flywheel.yaml'), 'monitor:\n  models: [nothing-served]\n');
      vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
        logged.push(String(chunk));
        return true;
      });
    });
    afterEach(() => {
      logged.length = 0;
    });
    afterAll(() => {
      vi.restoreAllMocks();
      dir.cleanup();
    });

    it('logs what its level lets through, and nothing below it', async () => {
      const run = (level: string) =>
        runCli(['--cwd', dir.path, 'monitor', 'run'], { FLYWHEEL_LOG_LEVEL: level });
      expect((await run('warn')).code).toBe(0);
      expect(logged.join('')).toContain('"msg":"monitor: model skipped"');
      expect(logged.join('')).not.toContain('workspace opened');
      logged.length = 0;
      // debug, which the INTERNAL error's hint asks for, says which workspace and stores were used.
      expect((await run('debug')).code).toBe(0);
      expect(logged.join('')).toContain('"level":"debug","msg":"workspace opened"');
      logged.length = 0;
      expect((await run('error')).code).toBe(0);
      expect(logged.join('')).not.toContain('monitor: model skipped');
      expect((await run('loud')).code).toBe(78);
    });
  });
});
