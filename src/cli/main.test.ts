import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOG } from '../core/index.js';
import { openPlatform } from '../platform.js';
import { MIGRATIONS } from '../storage/metadata/migrations/index.js';
import { runCli } from '../testing/cli.js';
import { dropPostgresSchema, freshPostgresUrl, postgresUnavailable, tempDir } from '../testing/services.js';
import { buildProgram } from './main.js';

const cli = runCli;

const pgDown = await postgresUnavailable();

describe('flywheel CLI', () => {
  it('init creates a workspace and status --json reports both backends', async () => {
    const dir = tempDir();
    try {
      const ws = join(dir.path, 'project');
      const init = await cli(['init', ws]);
      expect(init.code).toBe(0);
      expect(init.stdout).toContain('Initialised Flywheel workspace');
      expect(existsSync(join(ws, 'flywheel.yaml'))).toBe(true);
      expect(existsSync(join(ws, '.flywheel', 'metadata.db'))).toBe(true);
      const status = await cli(['status', '--json', '-C', ws]);
      expect(status.code).toBe(0);
      const s = status.json();
      expect(s.metadata).toMatchObject({ dialect: 'sqlite', schemaVersion: MIGRATIONS.at(-1)!.version });
      expect(s.metadata.url).toMatch(/^sqlite:.*metadata\.db$/);
      expect(s.artifacts.url).toMatch(/^file:\/\/.*\.flywheel\/objects$/);
      expect((await cli(['init', ws])).code).toBe(ERROR_CATALOG.WORKSPACE_EXISTS.exit);
    } finally {
      dir.cleanup();
    }
  });

  it('outside a workspace says how to create one', async () => {
    const dir = tempDir();
    try {
      const r = await cli(['status', '-C', dir.path]);
      expect(r.code).toBe(ERROR_CATALOG.WORKSPACE_NOT_FOUND.exit);
      expect(r.stderr).toContain('flywheel init');
      const j = await cli(['status', '--json', '-C', dir.path]);
      expect(j.json().error.code).toBe('WORKSPACE_NOT_FOUND');
    } finally {
      dir.cleanup();
    }
  });

  it('a bad flywheel.yaml exits with the config code, naming file, line and key', async () => {
    const dir = tempDir();
    try {
      await cli(['init', dir.path]);
      const file = join(dir.path, 'flywheel.yaml');
      writeFileSync(file, 'version: 1\nmetadata:\n  url: sqlite:m.db\nartifacts:\n  url: ftp://x\n');
      const r = await cli(['status', '--json', '-C', dir.path]);
      expect(r.code).toBe(ERROR_CATALOG.CONFIG_INVALID.exit);
      expect(r.json().error).toMatchObject({
        code: 'CONFIG_INVALID',
        where: { file, path: 'artifacts.url', line: 5 },
      });
      const human = await cli(['status', '-C', dir.path]);
      expect(human.stderr).toMatch(/^error\[CONFIG_INVALID\]: .*artifacts\.url/);
      expect(human.stderr).toContain('hint:');
    } finally {
      dir.cleanup();
    }
  });

  it('fsck fails with a non-zero code on a corrupt object; gc deletes what nothing references', async () => {
    const dir = tempDir();
    try {
      await cli(['init', dir.path]);
      const p = await openPlatform({ cwd: dir.path, env: {} });
      const kept = await p.artifacts.putBytes('kept');
      await p.metadata.refs.add('test:1', [kept.digest]);
      const loose = await p.artifacts.putBytes('loose');
      await p.close();
      expect((await cli(['fsck', '-C', dir.path])).code).toBe(0);
      const gc = await cli(['gc', '--grace', '0s', '--json', '-C', dir.path]);
      expect(gc.json().deleted).toEqual([loose.digest]);
      const path = join(dir.path, '.flywheel', 'objects', kept.digest.slice(0, 2), kept.digest.slice(2));
      chmodSync(path, 0o644);
      writeFileSync(path, 'rot');
      const fsck = await cli(['fsck', '-C', dir.path]);
      expect(fsck.code).toBe(ERROR_CATALOG.OBJECT_CORRUPT.exit);
      expect(fsck.stdout).toContain(`corrupt  ${kept.digest}`);
    } finally {
      dir.cleanup();
    }
  });

  it('rejects unknown commands and bad flags with the usage code', async () => {
    expect((await cli(['frobnicate'])).code).toBe(ERROR_CATALOG.USAGE.exit);
    const r = await cli(['gc', '--grace', 'soon', '-C', '/']);
    expect(r.code).not.toBe(0);
  });

  it('has --help on every command', async () => {
    const { program } = buildProgram({ stdout: process.stdout, stderr: process.stderr }, {});
    for (const cmd of program.commands) {
      const r = await cli([cmd.name(), '--help']);
      expect(r.code, cmd.name()).toBe(0);
      expect(r.stdout, cmd.name()).toContain(`Usage: flywheel ${cmd.name()}`);
    }
    expect((await cli(['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+/);
  });

  it.skipIf(pgDown !== undefined)('uses PostgreSQL when FLYWHEEL_METADATA_URL says so', async () => {
    const dir = tempDir();
    const url = freshPostgresUrl('cli');
    try {
      await cli(['init', dir.path]);
      const r = await cli(['status', '--json', '-C', dir.path], { FLYWHEEL_METADATA_URL: url });
      expect(r.code).toBe(0);
      expect(r.json().metadata).toMatchObject({
        dialect: 'postgres',
        schemaVersion: MIGRATIONS.at(-1)!.version,
      });
    } finally {
      await dropPostgresSchema(url);
      dir.cleanup();
    }
  });
});
