import { chmodSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../../core/index.js';
import { tempDir } from '../../testing/services.js';
import { describeArtifactStoreContract } from './artifact-store.contract.js';
import { checkStore } from './fsck.js';
import { LocalArtifactStore } from './local.js';
import { VerdictCache } from './verified-read.js';

describeArtifactStoreContract('local', async () => {
  const dir = tempDir();
  const store = await LocalArtifactStore.open(join(dir.path, 'objects'));
  return {
    store,
    cleanup: async () => dir.cleanup(),
    tamper: async (digest, bytes) => {
      chmodSync(store.pathOf(digest), 0o644);
      writeFileSync(store.pathOf(digest), bytes);
    },
  };
});

const noRefs = { referencedDigests: async () => new Set<string>(), isReferenced: async () => false };

describe('LocalArtifactStore', () => {
  it('shards objects by the first two hex digits and makes them read-only', async () => {
    const dir = tempDir();
    try {
      const store = await LocalArtifactStore.open(dir.path);
      const { digest } = await store.putBytes('hello');
      const path = join(dir.path, digest.slice(0, 2), digest.slice(2));
      expect(store.pathOf(digest)).toBe(path);
      expect(statSync(path).mode & 0o777).toBe(0o444);
    } finally {
      dir.cleanup();
    }
  });

  it('detects an object whose bytes were altered on disk, and refuses to check it out', async () => {
    const dir = tempDir();
    try {
      const store = await LocalArtifactStore.open(join(dir.path, 'objects'));
      const { digest } = await store.putBytes('precious bytes');
      const path = store.pathOf(digest);
      chmodSync(path, 0o644);
      writeFileSync(path, 'tampered bytes');
      expect(await store.verify(digest)).toBe('corrupt');
      const report = await checkStore(store, {
        ...noRefs,
        referencedDigests: async () => new Set([digest, sha256('gone')]),
      });
      expect(report.clean).toBe(false);
      expect(report.corrupt).toEqual([digest]);
      expect(report.missing).toEqual([sha256('gone')]);
      const dest = join(dir.path, 'out.txt');
      await expect(store.getToFile(digest, dest)).rejects.toMatchObject({ code: 'OBJECT_CORRUPT' });
      expect(() => statSync(dest)).toThrow();
    } finally {
      dir.cleanup();
    }
  });

  it('names the file when a put source is missing or a directory', async () => {
    const dir = tempDir();
    try {
      const store = await LocalArtifactStore.open(join(dir.path, 'objects'));
      await expect(store.putFile(join(dir.path, 'nope.bin'))).rejects.toMatchObject({
        code: 'NOT_FOUND',
        where: { file: join(dir.path, 'nope.bin') },
      });
      await expect(store.putFile(dir.path)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      expect((await store.pending()).partial).toBe(0);
    } finally {
      dir.cleanup();
    }
  });
});

describe('VerdictCache', () => {
  it('keeps the newest verdicts up to its limit, each for one file identity', async () => {
    const dir = tempDir();
    try {
      const path = join(dir.path, 'f');
      writeFileSync(path, 'x');
      const st = statSync(path, { bigint: true });
      const cache = new VerdictCache(2);
      for (const d of ['a', 'b', 'c']) cache.add(d, st);
      expect(['a', 'b', 'c'].map((d) => cache.has(d, st))).toEqual([false, true, true]);
      writeFileSync(path, 'yy');
      expect(cache.has('c', statSync(path, { bigint: true }))).toBe(false);
    } finally {
      dir.cleanup();
    }
  });
});
