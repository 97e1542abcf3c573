// The `server:` section of flywheel.yaml (serving/server-config.ts, read by core/config.ts): defaults, sizes, and errors
// that name the file, the line and the key.
import { describe, expect, it } from 'vitest';
import type { FlywheelError } from '../core/index.js';
import { parseConfig } from '../workspace-config.js';

const base = 'metadata:\n  url: sqlite:m.db\nartifacts:\n  url: file:objects\n';

function configError(text: string, env: NodeJS.ProcessEnv = {}): FlywheelError {
  try {
    parseConfig(text, '/ws/flywheel.yaml', env);
  } catch (error) {
    return error as FlywheelError;
  }
  throw new Error('the config parsed');
}

describe('server settings', () => {
  it('defaults to 127.0.0.1:8080, a 1 MiB body limit, one process and no token', () => {
    expect(parseConfig(base, '/ws/flywheel.yaml', {}).server).toEqual({
      host: '127.0.0.1',
      port: 8080,
      body_limit: 1_048_576,
      workers: 1,
      allowed_hosts: [],
      read_token_required: false,
    });
    expect(() => parseConfig(`${base}server:\n  workers: 0\n`, '/ws/flywheel.yaml', {})).toThrow(/workers/);
  });

  it('reads sizes with units, and takes the token from FLYWHEEL_TOKEN', () => {
    const c = parseConfig(
      `${base}server:\n  port: 9000\n  body_limit: 512KiB\n  workers: 2\n`,
      '/ws/flywheel.yaml',
      { FLYWHEEL_TOKEN: 'a-token-of-twenty-chars' },
    );
    expect(c.server).toEqual({
      host: '127.0.0.1',
      port: 9000,
      body_limit: 524_288,
      workers: 2,
      token: 'a-token-of-twenty-chars',
      allowed_hosts: [],
      read_token_required: false,
    });
    expect(
      parseConfig(`${base}server:\n  body_limit: 2MB\n`, '/ws/flywheel.yaml', {}).server.body_limit,
    ).toBe(2_000_000);
    expect(configError(`${base}server:\n  body_limit: 65MiB\n`).message).toContain(
      'the body limit can be at most 64 MiB',
    );
  });

  it('names the file, line and key of a bad value, and the variable of a bad override', () => {
    const e = configError(`${base}server:\n  port: 70000\n`);
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.where).toMatchObject({ file: '/ws/flywheel.yaml', line: 6, path: 'server.port' });
    expect(e.hint).toContain('port (0-65535)');
    expect(configError(`${base}server:\n  tokn: x\n`).message).toContain('server.tokn: unknown key "tokn"');
    const short = configError(base, { FLYWHEEL_TOKEN: 'short' });
    expect(short.message).toBe(
      'FLYWHEEL_TOKEN is invalid (server.token): the token must be at least 16 characters long',
    );
  });

  it('refuses at start a token no request could ever match: spaces, or characters outside visible ASCII', () => {
    for (const token of [
      ' '.repeat(20),
      'a-token-with a space-in-it',
      'a-token-of-twenty-chars\t',
      'jeton-de-vingt-caractères',
    ]) {
      const e = configError(base, { FLYWHEEL_TOKEN: token });
      expect([token, e.code, e.message]).toEqual([
        token,
        'CONFIG_INVALID',
        'FLYWHEEL_TOKEN is invalid (server.token): the token must be visible ASCII characters only, without spaces',
      ]);
    }
    const inFile = configError(`${base}server:\n  token: "                    "\n`);
    expect(inFile.where).toMatchObject({ path: 'server.token', line: 6 });
  });

  it('takes extra host names and one rate limit for every route', () => {
    const c = parseConfig(
      `${base}server:\n  allowed_hosts: [flywheel.internal, 10.0.0.5, "[fd00::1]"]\n  rate_limit: {requests_per_second: 50, burst: 100}\n`,
      '/ws/flywheel.yaml',
      {},
    );
    expect(c.server.allowed_hosts).toEqual(['flywheel.internal', '10.0.0.5', '[fd00::1]']);
    expect(c.server.rate_limit).toEqual({ requests_per_second: 50, burst: 100 });
    expect(configError(`${base}server:\n  allowed_hosts: ["evil.com:80"]\n`).message).toContain(
      'server.allowed_hosts.0',
    );
  });
});
