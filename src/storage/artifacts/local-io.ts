/** File I/O for the local store: pipelined reads into an ObjectWriter, hashing, verified copies out. */
import { createHash } from 'node:crypto';
import type { BigIntStats } from 'node:fs';
import { copyFile, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { FlywheelError, newId } from '../../core/index.js';

const CHUNK = 1024 * 1024;
const SYNC_EVERY = 64 * 1024 * 1024;

/**
 * Copy `source` to a new file `tmp` while hashing `source`: the kernel copies (copy_file_range,
 * in the thread pool) while the main thread hashes, so the two overlap and no byte passes through
 * JavaScript twice. The source's identity (inode, size, mtime, ctime) is compared before and after:
 * if it changed, the copy and the hash may disagree and the put fails. The copy is fsynced,
 * made read-only and left for the caller to rename into place.
 */
export async function copyAndHash(source: string, tmp: string): Promise<{ digest: string; size: number }> {
  const before = await stat(source, { bigint: true });
  if (!before.isFile()) {
    throw new FlywheelError('INVALID_ARGUMENT', `${source} is not a regular file`, {
      where: { file: source },
      hint: 'Pass a file; add folders with `flywheel data add DIR`.',
    });
  }
  // Our own handle on the copy lets us flush it while the kernel is still copying, so the final
  // fsync finds little left to write.
  const handle = await open(tmp, 'wx', 0o600);
  try {
    let flushing: Promise<void> | undefined;
    const flush = () => {
      flushing ??= handle.datasync().finally(() => {
        flushing = undefined;
      });
    };
    const [, digest] = await Promise.all([copyFile(source, tmp), hashFile(source, flush)]);
    await flushing;
    const after = await stat(source, { bigint: true });
    if (!sameFile(before, after)) {
      throw new FlywheelError('CONFLICT', `${source} changed while it was being stored`, {
        where: { file: source },
        hint: 'Wait until the file is no longer being written, then retry.',
      });
    }
    await handle.sync();
    await handle.chmod(0o444);
    return { digest, size: Number(after.size) };
  } finally {
    await handle.close();
  }
}

function sameFile(a: BigIntStats, b: BigIntStats): boolean {
  return a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs;
}

/** The SHA-256 of a file's bytes (the next read is in flight while the current chunk is hashed); `every64MiB` is called as it goes. */
export async function hashFile(path: string, every64MiB?: () => void): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const hash = createHash('sha256');
    const buffers = [Buffer.allocUnsafeSlow(CHUNK), Buffer.allocUnsafeSlow(CHUNK)];
    let position = 0;
    let turn = 0;
    let pending = handle.read(buffers[0]!, 0, CHUNK, 0);
    for (;;) {
      const { bytesRead, buffer } = await pending;
      if (bytesRead === 0) break;
      position += bytesRead;
      turn ^= 1;
      pending = handle.read(buffers[turn]!, 0, CHUNK, position);
      hash.update(buffer.subarray(0, bytesRead));
      if (every64MiB && position % SYNC_EVERY < bytesRead) every64MiB();
    }
    return hash.digest('hex');
  } finally {
    await handle.close();
  }
}

/**
 * Copy `source` to `destination`, hashing on the way; the file appears (by rename) only when its
 * hash equals `digest`, so a reader never sees a partial or corrupt checkout.
 */
export async function writeVerifiedFile(source: string, digest: string, destination: string): Promise<void> {
  const tmp = join(dirname(destination), `.${basename(destination)}.${newId()}.part`);
  const input = await open(source, 'r');
  let output: Awaited<ReturnType<typeof open>> | undefined;
  try {
    output = await open(tmp, 'wx', 0o644);
    const hash = createHash('sha256');
    const buf = Buffer.allocUnsafe(CHUNK);
    let position = 0;
    for (;;) {
      const { bytesRead } = await input.read(buf, 0, CHUNK, position);
      if (bytesRead === 0) break;
      hash.update(buf.subarray(0, bytesRead));
      await output.write(buf, 0, bytesRead, position);
      position += bytesRead;
    }
    const actual = hash.digest('hex');
    if (actual !== digest) {
      throw new FlywheelError(
        'OBJECT_CORRUPT',
        `object ${digest} is corrupt in the store (its bytes hash to ${actual})`,
        {
          where: { file: source },
          hint: 'Run `flywheel fsck` to list corrupt objects, then re-add the data from its source.',
        },
      );
    }
    await output.sync();
    await output.close();
    output = undefined;
    await rename(tmp, destination);
  } catch (error) {
    await output?.close().catch(() => undefined);
    await rm(tmp, { force: true });
    throw error;
  } finally {
    await input.close();
  }
}
