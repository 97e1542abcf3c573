/**
 * Writing one object: bytes are hashed on the main thread while earlier chunks are written to a
 * temporary file by the thread pool, so hashing and disk I/O overlap. The temporary file is
 * fsynced, made read-only and only then renamed into place, so a crash never leaves a partial object.
 */
import { createHash, type Hash } from 'node:crypto';
import { type FileHandle, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newId } from '../../core/index.js';

/** Bytes written between early data syncs, so the final fsync has little left to flush. */
const SYNC_EVERY = 32 * 1024 * 1024;
/** Writes allowed in flight before the producer waits. */
const MAX_IN_FLIGHT = 6;

/** A temporary object file being written; `finish` returns its digest and size. */
export class ObjectWriter {
  readonly path: string;
  private readonly hash: Hash = createHash('sha256');
  private readonly inFlight = new Set<Promise<unknown>>();
  private failure: unknown;
  private position = 0;
  private lastSync = 0;

  private constructor(
    private readonly handle: FileHandle,
    path: string,
  ) {
    this.path = path;
  }

  /** Open a new temporary file in `tmpDir`. */
  static async create(tmpDir: string): Promise<ObjectWriter> {
    const path = join(tmpDir, `${newId()}.part`);
    const handle = await open(path, 'wx', 0o600);
    return new ObjectWriter(handle, path);
  }

  /** Bytes accepted so far. */
  get size(): number {
    return this.position;
  }

  /**
   * Hash `chunk` and queue its write. The caller must not reuse `chunk` until `release` is called
   * (pooled buffers) — streams hand over fresh buffers, so they can ignore it.
   */
  async write(chunk: Uint8Array, release?: () => void): Promise<void> {
    if (this.failure) throw this.failure;
    this.hash.update(chunk);
    const p = this.handle.write(chunk, 0, chunk.byteLength, this.position).then(release, (e) => {
      this.failure ??= e;
    });
    this.track(p);
    this.position += chunk.byteLength;
    if (this.position - this.lastSync >= SYNC_EVERY) {
      this.lastSync = this.position;
      this.track(this.handle.datasync().catch((e) => (this.failure ??= e)));
    }
    while (this.inFlight.size >= MAX_IN_FLIGHT) await Promise.race(this.inFlight);
  }

  private track(p: Promise<unknown>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  /** Wait for all writes, fsync, make read-only and close; returns the digest and size. */
  async finish(): Promise<{ digest: string; size: number }> {
    try {
      await Promise.all(this.inFlight);
      if (this.failure) throw this.failure;
      await this.handle.sync();
      await this.handle.chmod(0o444);
    } finally {
      await this.handle.close();
    }
    return { digest: this.hash.digest('hex'), size: this.position };
  }

  /** Give up: close and remove the temporary file. */
  async abort(): Promise<void> {
    await Promise.allSettled(this.inFlight);
    await this.handle.close().catch(() => undefined);
    await rm(this.path, { force: true });
  }
}
