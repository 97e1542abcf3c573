/** The contract every ArtifactStore implementation passes. */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256 } from '../../core/index.js';
import { tempDir } from '../../testing/services.js';
import type { ArtifactStore } from './artifact-store.js';

/** A fresh empty store, how to remove it, and how to rewrite an object behind its back (an attacker with write access). */
export interface ArtifactStoreFixture {
  store: ArtifactStore;
  cleanup: () => Promise<void>;
  tamper: (digest: string, bytes: Uint8Array) => Promise<void>;
}

/** Register the contract tests for one implementation; `open` returns a fresh empty store. */
export function describeArtifactStoreContract(name: string, open: () => Promise<ArtifactStoreFixture>): void {
  describe(`ArtifactStore contract: ${name}`, () => {
    let store: ArtifactStore;
    let cleanup: () => Promise<void>;
    let tamper: ArtifactStoreFixture['tamper'];
    const scratch = tempDir('flywheel-scratch-');

    beforeEach(async () => {
      ({ store, cleanup, tamper } = await open());
    });
    afterEach(async () => {
      await cleanup();
    });

    it('addresses bytes by their SHA-256 and gives them back unchanged', async () => {
      const bytes = randomBytes(100_000);
      const put = await store.putBytes(bytes);
      expect(put).toEqual({ digest: sha256(bytes), size: 100_000, existed: false });
      expect(await store.has(put.digest)).toBe(true);
      expect(Buffer.from(await store.getBytes(put.digest)).equals(bytes)).toBe(true);
      expect((await store.stat(put.digest))?.size).toBe(100_000);
      expect(await store.verify(put.digest)).toBe('ok');
      expect((await readFile(await store.localPath(put.digest))).equals(bytes)).toBe(true);
      await expect(store.localPath(sha256('absent'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('stores the same bytes once', async () => {
      const a = await store.putBytes('same');
      const b = await store.putBytes('same');
      expect(b).toEqual({ ...a, existed: true });
      const all = [];
      for await (const o of store.list()) all.push(o.digest);
      expect(all).toEqual([a.digest]);
    });

    it('streams an object larger than its chunk size in and out', async () => {
      const parts = Array.from({ length: 40 }, () => randomBytes(256 * 1024 + 17));
      const whole = Buffer.concat(parts);
      const put = await store.put(Readable.from(parts));
      expect(put.digest).toBe(sha256(whole));
      const chunks: Buffer[] = [];
      for await (const c of await store.get(put.digest)) chunks.push(c as Buffer);
      expect(Buffer.concat(chunks).equals(whole)).toBe(true);
    });

    it('stores a file with the same address as its bytes, and restores it byte-identical', async () => {
      const bytes = randomBytes(3_000_000);
      const src = join(scratch.path, `src-${Math.random()}`);
      writeFileSync(src, bytes);
      const put = await store.putFile(src);
      expect(put.digest).toBe(sha256(bytes));
      const dest = join(scratch.path, `out-${Math.random()}`);
      await store.getToFile(put.digest, dest);
      expect((await readFile(dest)).equals(bytes)).toBe(true);
    });

    it('refuses bytes that do not match the expected digest and stores nothing', async () => {
      await expect(store.putBytes('abc', { expectedDigest: sha256('xyz') })).rejects.toMatchObject({
        code: 'OBJECT_CORRUPT',
      });
      expect(await store.has(sha256('abc'))).toBe(false);
      expect((await store.pending()).partial).toBe(0);
    });

    it('answers NOT_FOUND for an absent object and false for deleting it', async () => {
      const missing = sha256('never stored');
      await expect(store.getBytes(missing)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(store.get(missing)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(await store.verify(missing)).toBe('missing');
      expect(await store.delete(missing)).toBe(false);
      expect(await store.stat(missing)).toBeUndefined();
    });

    it('rejects a malformed digest', async () => {
      await expect(store.getBytes('../../etc/passwd')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    });

    it('tells which of many digests are missing', async () => {
      const stored = await Promise.all(Array.from({ length: 300 }, (_, i) => store.putBytes(`m${i}`)));
      const absent = Array.from({ length: 5 }, (_, i) => sha256(`absent ${i}`));
      const all = [...stored.map((s) => s.digest), ...absent];
      expect([...(await store.missing(all))].sort()).toEqual([...absent].sort());
      expect([...(await store.missing([stored[0]!.digest, absent[0]!]))]).toEqual([absent[0]]);
    });

    it('lists and deletes objects', async () => {
      const a = await store.putBytes('a');
      const b = await store.putBytes('b');
      const listed = [];
      for await (const o of store.list()) listed.push(o.digest);
      expect(listed.sort()).toEqual([a.digest, b.digest].sort());
      expect(await store.delete(a.digest)).toBe(true);
      expect(await store.has(a.digest)).toBe(false);
      expect(await store.has(b.digest)).toBe(true);
    });

    it('collects an old unreferenced object, but not one put again or referenced meanwhile', async () => {
      const a = await store.putBytes('old');
      const future = Date.now() + 60_000;
      expect(await store.collect(a.digest, future, async () => true)).toBe(true);
      expect(await store.has(a.digest)).toBe(false);

      const b = await store.putBytes('referenced meanwhile');
      expect(await store.collect(b.digest, future, async () => false)).toBe(false);
      expect(await store.verify(b.digest)).toBe('ok');

      const c = await store.putBytes('young');
      expect(await store.collect(c.digest, Date.now() - 60_000, async () => true)).toBe(false);
      expect(await store.has(c.digest)).toBe(true);
      expect(await store.pending()).toEqual({ partial: 0, parked: 0 });
    });

    it('never hands out the bytes of a rewritten object, even one read before', async () => {
      const good = await store.putBytes('the weights that were trained');
      // Read once, so any cached verdict exists before the rewrite.
      expect(Buffer.from(await store.getBytes(good.digest)).toString()).toBe('the weights that were trained');
      await store.localPath(good.digest);
      await tamper(good.digest, Buffer.from('the weights an attacker wants'));
      const corrupt = { code: 'OBJECT_CORRUPT', details: { digest: good.digest } };
      await expect(store.getBytes(good.digest)).rejects.toMatchObject(corrupt);
      await expect(store.localPath(good.digest)).rejects.toMatchObject(corrupt);
      const chunks: Buffer[] = [];
      const reading = (async () => {
        for await (const chunk of await store.get(good.digest)) chunks.push(chunk as Buffer);
      })();
      await expect(reading).rejects.toMatchObject(corrupt);
      expect(await store.verify(good.digest)).toBe('corrupt');
    });
  });
}
