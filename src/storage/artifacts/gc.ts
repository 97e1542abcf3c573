/**
 * Garbage collection: delete objects that no metadata row references.
 *
 * Safety against a concurrent writer uses a grace period plus a re-check, not a lock between
 * writers and gc: a writer puts an object (a put of existing bytes refreshes its mtime) and then
 * records a reference. gc never deletes an object whose mtime is within the grace period, and it
 * deletes in two steps — park the object out of reach, then re-check its mtime and the metadata
 * — so a put or a reference that lands while gc runs puts the object back. A writer therefore only
 * has to record its reference within the grace period (default 1 hour) of its put.
 * Only one gc runs at a time per store (a lock file).
 */
import { open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type Digest, FlywheelError } from '../../core/index.js';
import type { ArtifactStore } from './artifact-store.js';

/** Where gc learns which objects are referenced: the metadata store. */
export interface ReferenceSource {
  /** Every digest some metadata row references. */
  referencedDigests(): Promise<Set<Digest>>;
  /** True if some row references `digest` now (asked again just before a delete). */
  isReferenced(digest: Digest): Promise<boolean>;
}

/** Options for collectGarbage. */
export interface GcOptions {
  /** Objects put or touched within this many milliseconds are kept. */
  graceMs: number;
  /** List what would be deleted without deleting. */
  dryRun?: boolean;
  /** The clock (tests). */
  now?: () => number;
  /** A folder for the lock file that keeps two gcs apart; no lock when omitted. */
  lockDir?: string;
}

/** What gc did. */
export interface GcReport {
  dryRun: boolean;
  scanned: number;
  referenced: number;
  deleted: Digest[];
  deletedBytes: number;
  keptInGrace: number;
  removedPartial: number;
  restoredParked: number;
}

/** Delete every unreferenced object older than the grace period. */
export async function collectGarbage(
  store: ArtifactStore,
  refs: ReferenceSource,
  options: GcOptions,
): Promise<GcReport> {
  const release = options.lockDir ? await acquireLock(options.lockDir) : async () => undefined;
  try {
    const now = options.now ?? Date.now;
    const cutoff = now() - options.graceMs;
    const recovered = options.dryRun ? { partial: 0, parked: 0 } : await store.recover(cutoff);
    const referenced = await refs.referencedDigests();
    const report: GcReport = {
      dryRun: options.dryRun ?? false,
      scanned: 0,
      referenced: 0,
      deleted: [],
      deletedBytes: 0,
      keptInGrace: 0,
      removedPartial: recovered.partial,
      restoredParked: recovered.parked,
    };
    for await (const info of store.list()) {
      report.scanned++;
      if (referenced.has(info.digest)) report.referenced++;
      else if (info.mtimeMs > cutoff) report.keptInGrace++;
      else if (
        options.dryRun ||
        (await store.collect(info.digest, cutoff, async () => !(await refs.isReferenced(info.digest))))
      ) {
        report.deleted.push(info.digest);
        report.deletedBytes += info.size;
      }
    }
    return report;
  } finally {
    await release();
  }
}

async function acquireLock(dir: string): Promise<() => Promise<void>> {
  const path = join(dir, 'gc.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (attempt === 0 && !(await lockHolderAlive(path))) await rm(path, { force: true });
    }
  }
  throw new FlywheelError('CONFLICT', 'another gc is running on this object store', {
    where: { file: path },
    hint: 'Wait for it to finish; if no gc is running, delete the lock file.',
  });
}

async function lockHolderAlive(path: string): Promise<boolean> {
  const pid = Number((await readFile(path, 'utf8').catch(() => '')).trim());
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
