/** Turning a file or folder into stored objects, reusing digests from the stat cache where it can. */
import type { BigIntStats, Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { type Digest, FlywheelError, fromSystemError } from '../core/index.js';
import type { ArtifactStore } from '../storage/artifacts/index.js';
import type { ManifestEntry } from './manifest.js';
import type { StatCache } from './stat-cache.js';

/** Counters of one ingest. */
export interface IngestStats {
  /** Files read and hashed. */
  hashed: number;
  /** Files whose digest came from the stat cache (not read). */
  reused: number;
  /** Objects that were not in the store before. */
  newObjects: number;
  bytesHashed: number;
  /** Paths (relative) that were hashed. */
  hashedPaths: string[];
}

/** Store one file (or reuse its cached digest when its bytes are already stored). */
export async function ingestFile(
  path: string,
  st: BigIntStats,
  store: ArtifactStore,
  cache: StatCache,
  stats: IngestStats,
  label: string,
): Promise<Digest> {
  const cached = cache.get(path, st);
  if (cached !== undefined && (await store.has(cached))) {
    stats.reused++;
    return cached;
  }
  const put = await store.putFile(path);
  cache.set(path, await stat(path, { bigint: true }), put.digest);
  stats.hashed++;
  stats.bytesHashed += put.size;
  stats.hashedPaths.push(label);
  if (!put.existed) stats.newObjects++;
  return put.digest;
}

/** Every regular file under `root` (symbolic links and special files are skipped and listed). */
export async function listFiles(root: string): Promise<{ files: string[]; skipped: string[] }> {
  let entries: Dirent[];
  try {
    entries = await readdir(root, { recursive: true, withFileTypes: true });
  } catch (error) {
    throw fromSystemError(error, root, 'list');
  }
  const files: string[] = [];
  const skipped: string[] = [];
  for (const e of entries) {
    const full = join(e.parentPath, e.name);
    if (e.isFile()) files.push(full);
    else if (!e.isDirectory()) skipped.push(relative(root, full));
  }
  return { files, skipped };
}

/**
 * Store every file of a folder and return its manifest entries. Unchanged files cost a stat: their
 * digests come from the stat cache (loaded for the folder in one query) and their presence in the
 * store is checked in one batch; only new or changed files are read, `concurrency` at a time.
 */
export async function ingestDirectory(
  root: string,
  files: string[],
  store: ArtifactStore,
  cache: StatCache,
  stats: IngestStats,
  onProgress: (done: number, total: number) => void,
  concurrency = 8,
): Promise<ManifestEntry[]> {
  const stats_ = await statAll(files, concurrency);
  const total = stats_.reduce((s, st) => s + Number(st.size), 0);
  const known = cache.loadUnder(root);
  const entries: ManifestEntry[] = files.map((file, i) => {
    const st = stats_[i]!;
    const hit = known.get(file);
    const fresh =
      hit && hit.ino === String(st.ino) && hit.size === String(st.size) && hit.mtime === String(st.mtimeNs);
    return {
      path: relative(root, file).split(sep).join('/'),
      digest: fresh ? hit.digest : '',
      size: Number(st.size),
    };
  });
  const gone = await store.missing(entries.filter((e) => e.digest !== '').map((e) => e.digest));
  const todo: number[] = [];
  let done = 0;
  entries.forEach((e, i) => {
    if (e.digest === '' || gone.has(e.digest)) todo.push(i);
    else {
      stats.reused++;
      done += e.size;
    }
  });
  onProgress(done, total);
  await runPool(todo, concurrency, async (i) => {
    const e = entries[i]!;
    const put = await store.putFile(files[i]!);
    cache.set(files[i]!, await stat(files[i]!, { bigint: true }), put.digest);
    e.digest = put.digest;
    stats.hashed++;
    stats.bytesHashed += put.size;
    stats.hashedPaths.push(e.path);
    if (!put.existed) stats.newObjects++;
    done += e.size;
    onProgress(done, total);
  });
  return entries;
}

async function statAll(files: string[], concurrency: number): Promise<BigIntStats[]> {
  const out: BigIntStats[] = new Array(files.length);
  await runPool(
    files.map((_, i) => i),
    concurrency,
    async (i) => {
      out[i] = await stat(files[i]!, { bigint: true }).catch((error) => {
        throw fromSystemError(error, files[i]!, 'read');
      });
    },
  );
  return out;
}

/** Run `fn` over `items` with at most `concurrency` in flight. */
async function runPool<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/** Stat a path for `data add`, with a clear error when it is missing or unreadable. */
export async function statSource(path: string): Promise<BigIntStats> {
  try {
    return await stat(path, { bigint: true });
  } catch (error) {
    throw fromSystemError(error, path, 'add');
  }
}

/** An empty stats record. */
export function newIngestStats(): IngestStats {
  return { hashed: 0, reused: 0, newObjects: 0, bytesHashed: 0, hashedPaths: [] };
}

/** Refuse folders with no files (a version of nothing is almost always a mistake). */
export function requireFiles(root: string, files: string[]): void {
  if (files.length === 0) {
    throw new FlywheelError('DATA_INVALID', `${root} contains no files`, {
      where: { file: root },
      hint: 'Point `flywheel data add` at a file or a folder that holds files.',
    });
  }
}
