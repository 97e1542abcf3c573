import { fork } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../testing/services.js';
import { describeMetadataStoreContract } from './metadata-store.contract.js';
import { SqliteMetadataStore } from './sqlite.js';

describeMetadataStoreContract('sqlite', async () => {
  const dir = tempDir();
  const file = join(dir.path, 'metadata.db');
  return {
    open: () => SqliteMetadataStore.open(file),
    reopen: () => SqliteMetadataStore.open(file),
    cleanup: async () => dir.cleanup(),
  };
});

describe('SqliteMetadataStore across processes', () => {
  it('takes 1,000 rows from each of two processes writing at once: 2,000 rows, no error', async () => {
    const dir = tempDir();
    try {
      const file = join(dir.path, 'metadata.db');
      const worker = join(import.meta.dirname, 'sqlite-writer.fixture.ts');
      // Both processes open (and so migrate) a brand-new database at the same moment, then write.
      const run = (tag: string) =>
        new Promise<number>((resolve, reject) => {
          const child = fork(worker, [file, tag, '1000'], { execArgv: ['--import', 'tsx'], stdio: 'pipe' });
          let err = '';
          child.stderr?.on('data', (d) => {
            err += d;
          });
          child.on('error', reject);
          child.on('exit', (code) =>
            code === 0 ? resolve(code) : reject(new Error(`writer ${tag} exited ${code}: ${err}`)),
          );
        });
      await Promise.all([run('a'), run('b')]);
      const store = await SqliteMetadataStore.open(file);
      const events = await store.events.list();
      await store.close();
      expect(events).toHaveLength(2000);
      expect(events.filter((e) => e.subject === 'a')).toHaveLength(1000);
      expect(new Set(events.map((e) => e.id)).size).toBe(2000);
    } finally {
      dir.cleanup();
    }
  });
});
