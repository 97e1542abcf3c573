/** A workspace's metadata URL names a database that must exist (issue 24, item 9). */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { initWorkspace } from '../../platform.js';
import { runCli } from '../../testing/cli.js';
import { tempDir } from '../../testing/services.js';
import { openWorkspaceStores } from '../../workspace-stores.js';
import { openMetadataStore } from './open.js';

describe('opening a SQLite metadata URL', () => {
  it('refuses a database that does not exist, naming the path, and creates nothing', async () => {
    const dir = tempDir();
    try {
      const file = join(dir.path, 'metdata.db');
      await expect(openMetadataStore('sqlite:metdata.db', dir.path)).rejects.toMatchObject({
        code: 'NOT_FOUND',
        message: `No metadata database at ${file}`,
        where: { file },
        hint: expect.stringContaining('flywheel init'),
      });
      expect(existsSync(file)).toBe(false);
      // Created only when asked (what `flywheel init` does), then opened as it is.
      await (await openMetadataStore('sqlite:metdata.db', dir.path, { create: true })).close();
      await (await openMetadataStore('sqlite:metdata.db', dir.path)).close();
    } finally {
      dir.cleanup();
    }
  });

  it('a misspelt metadata.url in flywheel.yaml is an error in every command, not a new empty workspace', async () => {
    const dir = tempDir();
    try {
      await initWorkspace(dir.path, { env: {} });
      const config = join(dir.path, 'flywheel.yaml');
      writeFileSync(
        config,
        readFileSync(config, 'utf8').replace('.flywheel/metadata.db', '.flywheel/metdata.db'),
      );
      const typo = join(dir.path, '.flywheel', 'metdata.db');
      await expect(openWorkspaceStores({ cwd: dir.path, env: {} })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      for (const args of [['status'], ['data', 'list']]) {
        const r = await runCli(['-C', dir.path, '--json', ...args]);
        expect(r.code).toBe(66);
        expect(r.json().error).toMatchObject({ code: 'NOT_FOUND', where: { file: typo } });
      }
      // The environment override is checked the same way.
      const env = { FLYWHEEL_METADATA_URL: 'sqlite:other.db' };
      expect((await runCli(['-C', dir.path, 'status'], env)).code).toBe(66);
      expect(existsSync(typo) || existsSync(join(dir.path, 'other.db'))).toBe(false);
    } finally {
      dir.cleanup();
    }
  });
});
