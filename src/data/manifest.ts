/**
 * Directory manifests: the sorted list of (relative path, digest, size) of a folder's files. A
 * manifest is stored as an object itself, so a directory version is one digest, and files that did
 * not change between versions are the same objects (stored once).
 */
import { z } from 'zod';
import { type Digest, FlywheelError, parseDigest } from '../core/index.js';

/** One file of a directory version. */
export interface ManifestEntry {
  /** POSIX path relative to the directory root. */
  path: string;
  digest: Digest;
  size: number;
}

/** A directory version's content. */
export interface Manifest {
  version: 1;
  files: ManifestEntry[];
}

const manifestSchema = z.strictObject({
  version: z.literal(1),
  files: z.array(
    z.strictObject({ path: z.string().min(1), digest: z.string(), size: z.number().int().nonnegative() }),
  ),
});

/** Build a manifest: entries sorted by path (byte order), so equal folders give equal bytes. */
export function createManifest(entries: ManifestEntry[]): Manifest {
  const files = [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (let i = 1; i < files.length; i++) {
    if (files[i]!.path === files[i - 1]!.path)
      throw new FlywheelError('INTERNAL', `duplicate manifest path ${files[i]!.path}`);
  }
  return { version: 1, files };
}

/** The canonical bytes of a manifest (its object). */
export function serializeManifest(manifest: Manifest): string {
  return `${JSON.stringify({ version: 1, files: manifest.files.map((f) => ({ path: f.path, digest: f.digest, size: f.size })) })}\n`;
}

/** Parse manifest bytes read from the store; paths are checked so a checkout cannot escape its folder. */
export function parseManifest(text: string, digest: Digest): Manifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw corrupt(digest, (error as Error).message);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) throw corrupt(digest, parsed.error.issues[0]?.message ?? 'invalid');
  for (const f of parsed.data.files) {
    if (!isSafeRelativePath(f.path)) throw corrupt(digest, `unsafe path "${f.path}"`);
    parseDigest(f.digest);
  }
  return parsed.data;
}

/** True for a relative POSIX path with no `..`, no absolute start, no empty or `.` segments. */
export function isSafeRelativePath(path: string): boolean {
  if (path.startsWith('/') || path.includes('\\') || path.includes('\0')) return false;
  return path.split('/').every((seg) => seg !== '' && seg !== '.' && seg !== '..');
}

function corrupt(digest: Digest, why: string): FlywheelError {
  return new FlywheelError('OBJECT_CORRUPT', `manifest ${digest} is invalid: ${why}`, {
    hint: 'Run `flywheel fsck`; the dataset version may need to be re-added from its source.',
  });
}

/** Files added, removed and changed between two manifests. */
export interface ManifestDiff {
  added: ManifestEntry[];
  removed: ManifestEntry[];
  changed: Array<{ path: string; from: ManifestEntry; to: ManifestEntry }>;
  unchanged: number;
}

/** Compare two manifests by path and digest. */
export function diffManifests(a: Manifest, b: Manifest): ManifestDiff {
  const before = new Map(a.files.map((f) => [f.path, f]));
  const out: ManifestDiff = { added: [], removed: [], changed: [], unchanged: 0 };
  for (const f of b.files) {
    const old = before.get(f.path);
    if (!old) out.added.push(f);
    else if (old.digest !== f.digest) out.changed.push({ path: f.path, from: old, to: f });
    else out.unchanged++;
    before.delete(f.path);
  }
  out.removed = [...before.values()];
  return out;
}
