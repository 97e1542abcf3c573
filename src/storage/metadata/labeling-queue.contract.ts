/**
 * The labeling-queue part of the MetadataStore contract (SQLite and PostgreSQL alike), with the
 * acceptance test of issue 28: 5 annotators pulling and answering 1,000 items, 2 annotations each,
 * concurrently; every item ends with exactly 2 answers from 2 different annotators.
 */
import { expect, it } from 'vitest';
import type { MetadataStore } from './metadata-store.js';

/** Register the labeling-queue tests; `store()` is the fresh store of the current test. */
export function describeLabelingQueueContract(store: () => MetadataStore): void {
  const create = (s: MetadataStore, name: string, items: number, n: number) =>
    s.transaction((tx) =>
      tx.labeling.createProject(
        { name, spec: { instructions: 'spam or ham?' }, labels: ['spam', 'ham'], annotationsPerItem: n },
        Array.from({ length: items }, (_, i) => ({
          key: `item-${i}`,
          priority: i % 7,
          data: { text: `row ${i}` },
        })),
      ),
    );

  it('labeling: hands items in priority order, N per item from different annotators; skip, undo', async () => {
    const s = store();
    await create(s, 'p', 3, 2);
    const next = (who: string) => s.transaction((tx) => tx.labeling.next('p', who));
    const a1 = await next('ann');
    expect(a1?.key).toBe('item-0');
    expect((await next('ann'))?.key).toBe('item-0'); // pending: the same item again
    expect((await next('bob'))?.key).toBe('item-0'); // second slot of item-0
    expect((await next('cy'))?.key).toBe('item-1'); // item-0 is full (two live leases)
    await s.transaction((tx) => tx.labeling.submit('p', 'item-0', 'ann', 'spam'));
    expect((await next('ann'))?.key).toBe('item-1');
    await s.transaction((tx) => tx.labeling.skip('p', 'item-1', 'ann'));
    expect((await next('ann'))?.key).toBe('item-2');
    expect(await s.transaction((tx) => tx.labeling.undo('p', 'ann'))).toBe('item-0');
    expect((await next('ann'))?.key).toBe('item-0'); // undone: pending again, offered first
    await s.transaction((tx) => tx.labeling.submit('p', 'item-0', 'ann', 'ham'));
    expect(await s.labeling.annotations('p')).toEqual([
      expect.objectContaining({ item: 'item-0', annotator: 'ann', label: 'ham' }),
    ]);
    expect(await s.labeling.progress('p')).toMatchObject({
      items: 3,
      complete: 0,
      annotations: 1,
      skipped: 1,
    });
  });

  it('labeling: an unknown item, label or project is refused and nothing is recorded', async () => {
    const s = store();
    await create(s, 'p', 2, 1);
    await expect(s.transaction((tx) => tx.labeling.submit('p', 'nope', 'ann', 'spam'))).rejects.toMatchObject(
      { code: 'NOT_FOUND', message: expect.stringContaining('"nope"') },
    );
    await expect(
      s.transaction((tx) => tx.labeling.submit('p', 'item-0', 'ann', 'eggs')),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', hint: expect.stringContaining('spam, ham') });
    await expect(s.transaction((tx) => tx.labeling.next('q', 'ann'))).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(create(s, 'p', 1, 1)).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    expect(await s.labeling.annotations('p')).toEqual([]);
    expect(await s.labeling.items('p')).toHaveLength(2);
    await s.transaction((tx) => tx.labeling.submit('p', 'item-0', 'ann', 'spam'));
    await expect(
      s.transaction((tx) => tx.labeling.submit('p', 'item-0', 'bob', 'spam')),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(
      s.transaction((tx) => tx.labeling.submit('p', 'item-0', 'ann', 'ham')),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await s.labeling.annotations('p')).toHaveLength(1);
  });

  it('labeling: 5 annotators answer 1,000 items × 2 concurrently (250 on PostgreSQL): exactly 2 different annotators per item', async () => {
    const s = store();
    // The acceptance size on SQLite; PostgreSQL (pooled connections, truly concurrent transactions
    // serialised by the project row lock) runs a quarter of it to keep the suite's time down.
    const items = s.dialect === 'sqlite' ? 1000 : 250;
    await create(s, 'race', items, 2);
    const acknowledged: string[] = [];
    const annotator = async (who: string) => {
      for (;;) {
        const item = await s.transaction((tx) => tx.labeling.next('race', who));
        if (!item) return;
        const label = (item.position + who.length) % 2 ? 'spam' : 'ham';
        await s.transaction((tx) => tx.labeling.submit('race', item.key, who, label));
        acknowledged.push(`${item.key}|${who}`);
      }
    };
    await Promise.all(['a1', 'a2', 'a3', 'a4', 'a5'].map(annotator));
    const all = await s.labeling.annotations('race');
    expect(all).toHaveLength(2 * items);
    expect(acknowledged).toHaveLength(2 * items);
    expect(new Set(all.map((a) => `${a.item}|${a.annotator}`))).toEqual(new Set(acknowledged));
    const per = new Map<string, Set<string>>();
    for (const a of all) per.set(a.item, (per.get(a.item) ?? new Set()).add(a.annotator));
    expect(per.size).toBe(items);
    for (const who of per.values()) expect(who.size).toBe(2);
    expect(await s.labeling.progress('race')).toMatchObject({
      items,
      complete: items,
      annotations: 2 * items,
      pending: 0,
    });
    // Every annotator took part (the interleaving really was concurrent).
    expect(new Set(all.map((a) => a.annotator)).size).toBe(5);
  }, 120_000);
}
