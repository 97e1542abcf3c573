/** fsck: re-hash every object, and check that every referenced object is present. */
import type { Digest } from '../../core/index.js';
import type { ArtifactStore } from './artifact-store.js';
import type { ReferenceSource } from './gc.js';

/** What fsck found. A clean store has no corrupt and no missing objects. */
export interface FsckReport {
  clean: boolean;
  checked: number;
  bytes: number;
  corrupt: Digest[];
  /** Referenced by metadata but not in the store. */
  missing: Digest[];
  /** Leftovers of interrupted writes (harmless: never visible as objects; gc removes them). */
  partial: number;
  /** Objects parked by an interrupted gc (gc puts them back). */
  parked: number;
}

/** Verify every object's bytes against its address and look for referenced objects that are gone. */
export async function checkStore(
  store: ArtifactStore,
  refs: ReferenceSource,
  onProgress?: (bytes: number) => void,
): Promise<FsckReport> {
  const corrupt: Digest[] = [];
  const present = new Set<Digest>();
  let bytes = 0;
  for await (const info of store.list()) {
    present.add(info.digest);
    if ((await store.verify(info.digest)) === 'corrupt') corrupt.push(info.digest);
    bytes += info.size;
    onProgress?.(bytes);
  }
  const missing = [...(await refs.referencedDigests())].filter((d) => !present.has(d)).sort();
  const pending = await store.pending();
  return {
    clean: corrupt.length === 0 && missing.length === 0,
    checked: present.size,
    bytes,
    corrupt,
    missing,
    partial: pending.partial,
    parked: pending.parked,
  };
}
