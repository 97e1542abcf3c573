/**
 * Reads that check an object's bytes against its address. An object is immutable by contract, so
 * a local object whose SHA-256 is not its name was rewritten or damaged after it was stored;
 * handing its bytes to a model loader (or its path to a data reader) would serve whatever was
 * written there. Every read path checks; the verdict is kept per object and file identity
 * (inode, size, mtime, ctime, in nanoseconds), so a hot path hashes an object once per process
 * and again only when the file changes (a rewrite changes ctime, which no user can set back).
 */
import { createHash } from 'node:crypto';
import type { BigIntStats } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Transform, type TransformCallback } from 'node:stream';
import { type Digest, FlywheelError } from '../../core/index.js';
import { hashFile } from './local-io.js';

/** The identity of a file's current content, as far as the file system tells. */
function identity(st: BigIntStats): string {
  return `${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
}

/** Verdicts of objects whose bytes were hashed and matched, by digest (the newest `limit` kept). */
export class VerdictCache {
  private readonly verified = new Map<Digest, string>();

  constructor(private readonly limit = 100_000) {}

  /** True when `digest` was verified while the file had identity `st`. */
  has(digest: Digest, st: BigIntStats): boolean {
    return this.verified.get(digest) === identity(st);
  }
  /** Record a match seen while the file had identity `st`. */
  add(digest: Digest, st: BigIntStats): void {
    this.verified.delete(digest);
    this.verified.set(digest, identity(st));
    // A Map iterates in insertion order: the first key is the verdict added longest ago.
    if (this.verified.size > this.limit) this.verified.delete(this.verified.keys().next().value!);
  }
  /** Forget a verdict (the object failed a check or went away). */
  forget(digest: Digest): void {
    this.verified.delete(digest);
  }
}

/** The error for an object whose bytes do not hash to its address. */
export function corruptObject(digest: Digest, actual: string, path: string): FlywheelError {
  return new FlywheelError(
    'OBJECT_CORRUPT',
    `object ${digest} is corrupt in the store: its bytes hash to ${actual}, not to their address`,
    {
      where: { file: path },
      hint: 'The object file was changed or damaged after it was stored; nothing was read from it. Run `flywheel fsck` to list corrupt objects, then restore them (re-add the data, re-log or re-train the model).',
      details: { digest, actual },
    },
  );
}

/** Read a whole object, checked against `digest` unless the same file content was checked before. */
export async function readVerified(path: string, digest: Digest, cache: VerdictCache): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const before = await handle.stat({ bigint: true });
    const bytes = await handle.readFile();
    const after = await handle.stat({ bigint: true });
    // Skipping the hash needs the file unchanged across the read and a verdict for exactly this content.
    const unchanged = identity(before) === identity(after);
    if (unchanged && cache.has(digest, after)) return bytes;
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== digest) {
      cache.forget(digest);
      throw corruptObject(digest, actual, path);
    }
    if (unchanged) cache.add(digest, after);
    return bytes;
  } finally {
    await handle.close();
  }
}

/** Check the object file at `path` before its path is handed out (data readers open it themselves). */
export async function checkVerified(path: string, digest: Digest, cache: VerdictCache): Promise<void> {
  const before = await stat(path, { bigint: true });
  if (cache.has(digest, before)) return;
  const actual = await hashFile(path);
  if (actual !== digest) {
    cache.forget(digest);
    throw corruptObject(digest, actual, path);
  }
  const after = await stat(path, { bigint: true });
  if (identity(before) === identity(after)) cache.add(digest, after);
}

/**
 * A pass-through that hashes what flows and fails the stream at its end when the bytes do not
 * hash to `digest`; a reader that consumes to the end learns of corruption before it finishes.
 */
export function verifyingStream(digest: Digest, path: string): Transform {
  const hash = createHash('sha256');
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
      hash.update(chunk);
      done(null, chunk);
    },
    flush(done: TransformCallback) {
      const actual = hash.digest('hex');
      done(actual === digest ? null : corruptObject(digest, actual, path));
    },
  });
}
