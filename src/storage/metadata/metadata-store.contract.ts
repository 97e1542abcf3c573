/** The contract every MetadataStore implementation passes (SQLite and PostgreSQL run it alike). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256 } from '../../core/index.js';
import { describeLabelingQueueContract } from './labeling-queue.contract.js';
import type { MetadataStore } from './metadata-store.js';
import { MIGRATIONS } from './migrations/index.js';
import { describeTrackingContract } from './tracking.contract.js';
import { describeValidationResultsContract } from './validation-results.contract.js';

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
      expect(await store.schemaVersion()).toBe(MIGRATIONS.at(-1)!.version);
      const again = await factory!.reopen();
      expect(await again.schemaVersion()).toBe(MIGRATIONS.at(-1)!.version);
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

    const version = (name: string, digest: string) => ({
      name,
      kind: 'file' as const,
      digest,
      size: 10,
      fileCount: 1,
      rowCount: 3,
      format: 'csv',
      schema: [{ name: 'a', type: 'integer' }],
      profileDigest: null,
      source: '/data/x.csv',
      message: 'm',
      author: 'ann@host',
    });

    it('numbers dataset versions per name and reads them back', async () => {
      const v1 = await store.transaction((tx) => tx.datasets.create(version('train', d1)));
      const v2 = await store.transaction((tx) => tx.datasets.create(version('train', d2)));
      const other = await store.transaction((tx) => tx.datasets.create(version('test', d1)));
      expect([v1.version, v2.version, other.version]).toEqual([1, 2, 1]);
      expect(await store.datasets.get('train', 1)).toMatchObject({
        digest: d1,
        rowCount: 3,
        schema: [{ name: 'a', type: 'integer' }],
      });
      expect((await store.datasets.latest('train'))?.version).toBe(2);
      expect((await store.datasets.versions('train')).map((v) => v.digest)).toEqual([d1, d2]);
      expect(await store.datasets.names()).toEqual([
        { name: 'test', latest: 1, count: 1 },
        { name: 'train', latest: 2, count: 2 },
      ]);
      expect(await store.datasets.get('train', 9)).toBeUndefined();
    });

    it('moves, lists and removes dataset tags, refusing a missing version', async () => {
      await store.transaction((tx) => tx.datasets.create(version('train', d1)));
      await store.transaction((tx) => tx.datasets.create(version('train', d2)));
      expect(await store.datasets.setTag('train', 'gold', 1)).toBeUndefined();
      expect(await store.datasets.setTag('train', 'gold', 2)).toBe(1);
      expect(await store.datasets.tag('train', 'gold')).toBe(2);
      expect(await store.datasets.tags('train')).toEqual([{ tag: 'gold', version: 2 }]);
      await expect(store.datasets.setTag('train', 'gold', 7)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(await store.datasets.removeTag('train', 'gold')).toBe(true);
      expect(await store.datasets.tag('train', 'gold')).toBeUndefined();
    });

    // Concurrent transactions on one handle: PostgreSQL runs them on several pooled connections
    // (the per-name advisory lock orders them); SQLite serialises them. Across processes SQLite's
    // BEGIN IMMEDIATE does the same (sqlite.test.ts). Two SQLite handles in one process must not
    // interleave transactions: the synchronous busy wait would block the event loop.
    it('gives concurrent writers of one dataset distinct version numbers', async () => {
      const made = await Promise.all(
        Array.from({ length: 6 }, () => store.transaction((tx) => tx.datasets.create(version('race', d1)))),
      );
      expect(made.map((v) => v.version).sort()).toEqual([1, 2, 3, 4, 5, 6]);
    });

    describeTrackingContract(() => store);
    describeValidationResultsContract(() => store);
    describeLabelingQueueContract(() => store);
  });
}
