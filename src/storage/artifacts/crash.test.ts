import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../../core/index.js';
import { tempDir } from '../../testing/services.js';
import { checkStore } from './fsck.js';
import { LocalArtifactStore } from './local.js';

const noRefs = { referencedDigests: async () => new Set<string>(), isReferenced: async () => false };

/** Fork the writer, SIGKILL it `delayMs` after it says it started; resolves once it is gone. */
function killMidWrite(args: string[], delayMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = fork(join(import.meta.dirname, 'kill-writer.fixture.ts'), args, {
      execArgv: ['--import', 'tsx'],
      stdio: 'ignore',
    });
    let last = '';
    child.on('message', (m) => {
      last = String(m);
      if (m === 'start') setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.on('error', reject);
    child.on('exit', () => resolve(last));
  });
}

describe('a writer killed with SIGKILL in the middle of a put', () => {
  it('leaves no partial object from a streamed put: fsck is clean, the object is absent', async () => {
    const dir = tempDir();
    try {
      const root = join(dir.path, 'objects');
      const last = await killMidWrite([root, 'stream'], 20);
      expect(last).toBe('start');
      const store = await LocalArtifactStore.open(root);
      const report = await checkStore(store, noRefs);
      expect(report.clean).toBe(true);
      expect(report.checked).toBe(0);
      expect(report.partial).toBe(1); // the half-written temporary file, never visible as an object
      expect((await store.recover(Date.now())).partial).toBe(report.partial);
      expect(await store.pending()).toEqual({ partial: 0, parked: 0 });
    } finally {
      dir.cleanup();
    }
  });

  it('leaves a 50 MB file put whole or absent, at any moment of the kill', async () => {
    const dir = tempDir();
    try {
      const root = join(dir.path, 'objects');
      const source = join(dir.path, 'big.bin');
      const bytes = randomBytes(50 * 1024 * 1024);
      writeFileSync(source, bytes);
      const digest = sha256(bytes);
      for (const delay of [0, 2, 5, 10, 20, 40, 80]) {
        await killMidWrite([root, 'file', source], delay);
        const store = await LocalArtifactStore.open(root);
        const report = await checkStore(store, noRefs);
        expect(report.clean).toBe(true);
        expect(report.corrupt).toEqual([]);
        const state = await store.verify(digest);
        expect(['ok', 'missing']).toContain(state);
        expect(report.checked).toBe(state === 'ok' ? 1 : 0);
        await store.delete(digest);
        await store.recover(Date.now());
      }
    } finally {
      dir.cleanup();
    }
  });
});
