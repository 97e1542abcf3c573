/** The contract every MetadataStore implementation passes (SQLite and PostgreSQL run it alike). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256 } from '../../core/index.js';
import type { MetadataStore } from './metadata-store.js';

/** A way to open a fresh, empty store and to clean it up afterwards. */
export interface StoreFactory {
  open(): Promise<MetadataStore>;
  /** Open a second handle on the same database (another "process"). */
  reopen(): Promise<MetadataStore>;
  cleanup(): Promise<void>;
}

/** Register the contract tests for one implementation. */
export function describeMetadataStoreContract(
  name: string,
  makeFactory: () => Promise<StoreFactory | undefined>,
): void {
  describe(`MetadataStore contract: ${name}`, () => {
    let factory: StoreFactory | undefined;
    let store: MetadataStore;
    const d1 = sha256('one');
    const d2 = sha256('two');

    beforeEach(async (ctx) => {
      factory = await makeFactory();
      if (!factory) return ctx.skip();
      store = await factory.open();
    });
    afterEach(async () => {
      await store?.close();
      await factory?.cleanup();
    });

    it('is migrated to the latest schema on open, and reopening does not migrate again', async () => {
      expect(await store.schemaVersion()).toBe(1);
      const again = await factory!.reopen();
      expect(await again.schemaVersion()).toBe(1);
      await again.close();
    });

    it('keeps one workspace id', async () => {
      const id = await store.workspaceId();
      expect(id).toMatch(/^[0-9a-z]{26}$/);
      expect(await store.workspaceId()).toBe(id);
    });

    it('adds references idempotently and answers which digests are referenced', async () => {
      await store.refs.add('dataset:a:1', [d1, d2, d1]);
      await store.refs.add('dataset:a:1', [d1]);
      await store.refs.add('model:m:1', [d2]);
      expect(await store.refs.byOwner('dataset:a:1')).toEqual([d1, d2].sort());
      expect([...(await store.refs.referencedDigests())].sort()).toEqual([d1, d2].sort());
      expect(await store.refs.isReferenced(d1)).toBe(true);
      expect(await store.refs.remove('dataset:a:1', d1)).toBe(true);
      expect(await store.refs.remove('dataset:a:1', d1)).toBe(false);
      expect(await store.refs.isReferenced(d1)).toBe(false);
      expect(await store.refs.removeOwner('model:m:1')).toBe(1);
      expect(await store.refs.isReferenced(d2)).toBe(true);
      expect((await store.counts()).object_refs).toBe(1);
    });

    it('adds many references in one call (batched inserts)', async () => {
      const many = Array.from({ length: 1234 }, (_, i) => sha256(`x${i}`));
      await store.refs.add('dir:big', many);
      expect((await store.refs.byOwner('dir:big')).length).toBe(1234);
    });

    it('appends events in order with their data, and filters them', async () => {
      const a = await store.events.append({
        kind: 'alias.set',
        subject: 'model:m',
        actor: 'ann',
        data: { to: 2 },
      });
      const b = await store.events.append({ kind: 'alias.set', subject: 'model:m', data: { to: 3 } });
      await store.events.append({ kind: 'other', subject: 'model:n' });
      expect(b).toBeGreaterThan(a);
      const events = await store.events.list({ subject: 'model:m' });
      expect(events.map((e) => e.data.to)).toEqual([2, 3]);
      expect(events[0]!.actor).toBe('ann');
      expect(events[1]!.actor).toMatch(/@/);
      expect(await store.events.list({ afterId: a, subject: 'model:m' })).toHaveLength(1);
      expect(await store.events.list({ kind: 'other' })).toHaveLength(1);
    });

    it('commits a transaction as a whole', async () => {
      await store.transaction(async (tx) => {
        await tx.refs.add('o', [d1]);
        await tx.events.append({ kind: 'k', subject: 's' });
      });
      expect(await store.refs.isReferenced(d1)).toBe(true);
      expect((await store.counts()).events).toBe(1);
    });

    it('rolls a failed transaction back entirely', async () => {
      await expect(
        store.transaction(async (tx) => {
          await tx.refs.add('o', [d1]);
          await tx.events.append({ kind: 'k', subject: 's' });
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await store.refs.isReferenced(d1)).toBe(false);
      expect((await store.counts()).events).toBe(0);
    });

    it('sees writes made through another handle on the same database', async () => {
      const other = await factory!.reopen();
      await other.refs.add('o', [d2]);
      expect(await store.refs.isReferenced(d2)).toBe(true);
      await other.close();
    });
  });
}
