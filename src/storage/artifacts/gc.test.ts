import { existsSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../../core/index.js';
import { tempDir } from '../../testing/services.js';
import { SqliteMetadataStore } from '../metadata/index.js';
import { collectGarbage, type ReferenceSource } from './gc.js';
import { LocalArtifactStore } from './local.js';

async function openBoth() {
  const dir = tempDir();
  const store = await LocalArtifactStore.open(join(dir.path, 'objects'));
  const meta = await SqliteMetadataStore.open(join(dir.path, 'metadata.db'));
  const cleanup = async () => {
    await meta.close();
    dir.cleanup();
  };
  return { dir: dir.path, store, meta, cleanup };
}

/** Make an object look as if it was put long ago. */
function age(store: LocalArtifactStore, digest: string): void {
  const past = new Date(Date.now() - 10 * 3_600_000);
  utimesSync(store.pathOf(digest), past, past);
}

type Cmd = { op: 'put' | 'ref' | 'unref'; i: number } | { op: 'gc' };

describe('collectGarbage', () => {
  it('never deletes a referenced object and always deletes the unreferenced ones (property)', async () => {
    const cmd = fc.oneof(
      fc.record({
        op: fc.constantFrom('put' as const, 'ref' as const, 'unref' as const),
        i: fc.integer({ min: 0, max: 5 }),
      }),
      fc.constant({ op: 'gc' as const }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(cmd, { maxLength: 25 }), async (cmds: Cmd[]) => {
        const { store, meta, dir, cleanup } = await openBoth();
        try {
          const put = new Set<number>();
          const refd = new Set<number>();
          const digestOf = (i: number) => sha256(`object ${i}`);
          for (const c of cmds) {
            if (c.op === 'put') {
              await store.putBytes(`object ${c.i}`);
              age(store, digestOf(c.i));
              put.add(c.i);
            } else if (c.op === 'ref' && put.has(c.i)) {
              await meta.refs.add(`owner:${c.i}`, [digestOf(c.i)]);
              refd.add(c.i);
            } else if (c.op === 'unref') {
              await meta.refs.removeOwner(`owner:${c.i}`);
              refd.delete(c.i);
            } else if (c.op === 'gc') {
              const report = await collectGarbage(store, meta.refs, { graceMs: 3_600_000, lockDir: dir });
              const expectedDeleted = [...put].filter((i) => !refd.has(i));
              expect(report.deleted.sort()).toEqual(expectedDeleted.map(digestOf).sort());
              for (const i of expectedDeleted) put.delete(i);
            }
            for (const i of refd) expect(await store.verify(digestOf(i))).toBe('ok');
          }
        } finally {
          await cleanup();
        }
      }),
      { numRuns: 40 },
    );
  });

  it('keeps an object a writer has put but not yet referenced (grace period)', async () => {
    const { store, meta, dir, cleanup } = await openBoth();
    try {
      const fresh = await store.putBytes('just written, reference coming');
      const old = await store.putBytes('old garbage');
      age(store, old.digest);
      const report = await collectGarbage(store, meta.refs, { graceMs: 60_000, lockDir: dir });
      expect(report.deleted).toEqual([old.digest]);
      expect(report.keptInGrace).toBe(1);
      await meta.refs.add('dataset:x:1', [fresh.digest]);
      expect(await store.verify(fresh.digest)).toBe('ok');
    } finally {
      await cleanup();
    }
  });

  it('keeps an old object that a writer puts again while gc runs (the put refreshes it)', async () => {
    const { store, meta, dir, cleanup } = await openBoth();
    try {
      const x = await store.putBytes('shared bytes');
      age(store, x.digest);
      // The writer acts right after gc has read the references: it puts the same bytes again
      // and records its reference.
      const racing: ReferenceSource = {
        referencedDigests: async () => {
          const snapshot = await meta.refs.referencedDigests();
          await store.putBytes('shared bytes');
          await meta.refs.add('dataset:new:1', [x.digest]);
          return snapshot;
        },
        isReferenced: (d) => meta.refs.isReferenced(d),
      };
      const report = await collectGarbage(store, racing, { graceMs: 0, lockDir: dir });
      expect(report.deleted).toEqual([]);
      expect(await store.verify(x.digest)).toBe('ok');
    } finally {
      await cleanup();
    }
  });

  it('puts an object back when a reference appears between the scan and the delete (re-check)', async () => {
    const { store, meta, dir, cleanup } = await openBoth();
    try {
      const x = await store.putBytes('referenced late');
      age(store, x.digest);
      const late: ReferenceSource = {
        referencedDigests: async () => {
          const snapshot = await meta.refs.referencedDigests();
          await meta.refs.add('model:m:1', [x.digest]); // no put: only the re-check can save it
          return snapshot;
        },
        isReferenced: (d) => meta.refs.isReferenced(d),
      };
      const report = await collectGarbage(store, late, { graceMs: 0, lockDir: dir });
      expect(report.deleted).toEqual([]);
      expect(await store.verify(x.digest)).toBe('ok');
      expect(await store.pending()).toEqual({ partial: 0, parked: 0 });
    } finally {
      await cleanup();
    }
  });

  it('loses nothing when writers and gc run concurrently', async () => {
    const { store, meta, dir, cleanup } = await openBoth();
    try {
      const writer = async (w: number) => {
        for (let i = 0; i < 40; i++) {
          const { digest } = await store.putBytes(`w${w} object ${i % 10}`);
          await new Promise((r) => setTimeout(r, Math.random() * 3));
          await meta.refs.add(`w${w}:${i}`, [digest]);
        }
      };
      let stop = false;
      const gcLoop = async () => {
        let runs = 0;
        while (!stop) {
          await collectGarbage(store, meta.refs, { graceMs: 1000, lockDir: dir });
          runs++;
        }
        return runs;
      };
      const gc = gcLoop();
      await Promise.all([writer(1), writer(2), writer(3)]);
      stop = true;
      expect(await gc).toBeGreaterThan(0);
      for (const d of await meta.refs.referencedDigests()) expect(await store.verify(d)).toBe('ok');
    } finally {
      await cleanup();
    }
  });

  it('reports without deleting in a dry run, and refuses to run beside another gc', async () => {
    const { store, meta, dir, cleanup } = await openBoth();
    try {
      const x = await store.putBytes('garbage');
      age(store, x.digest);
      const dry = await collectGarbage(store, meta.refs, { graceMs: 0, dryRun: true });
      expect(dry.deleted).toEqual([x.digest]);
      expect(await store.has(x.digest)).toBe(true);
      // A lock held by a live process (this one) stops gc; one left by a dead process does not.
      writeFileSync(join(dir, 'gc.lock'), String(process.pid));
      await expect(collectGarbage(store, meta.refs, { graceMs: 0, lockDir: dir })).rejects.toMatchObject({
        code: 'CONFLICT',
      });
      expect(await store.has(x.digest)).toBe(true);
      writeFileSync(join(dir, 'gc.lock'), '999999999');
      expect((await collectGarbage(store, meta.refs, { graceMs: 0, lockDir: dir })).deleted).toEqual([
        x.digest,
      ]);
      expect(existsSync(join(dir, 'gc.lock'))).toBe(false);
    } finally {
      await cleanup();
    }
  });
});
