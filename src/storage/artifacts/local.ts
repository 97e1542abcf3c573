/**
 * The local artifact store: objects under `ab/cdef…` (the first two hex digits shard the folder),
 * temporary files under `tmp/`, objects on their way to deletion under `trash/`.
 */
import { link, mkdir, open, readdir, rename, rm, stat, unlink, utimes } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import {
  type Digest,
  FlywheelError,
  fromSystemError,
  isDigest,
  newId,
  parseDigest,
} from '../../core/index.js';
import type {
  ArtifactStore,
  ObjectInfo,
  PutOptions,
  PutResult,
  RecoverResult,
  VerifyResult,
} from './artifact-store.js';
import { copyAndHash, hashFile, writeVerifiedFile } from './local-io.js';
import { ObjectWriter } from './object-writer.js';
import { checkVerified, readVerified, VerdictCache, verifyingStream } from './verified-read.js';

/** An ArtifactStore on a local folder. */
export class LocalArtifactStore implements ArtifactStore {
  readonly url: string;
  private readonly tmpDir: string;
  private readonly trashDir: string;
  /** Objects whose bytes matched their address, so repeated reads do not hash again (verified-read.ts). */
  private readonly verdicts = new VerdictCache();

  private constructor(readonly root: string) {
    this.url = pathToFileURL(root).href;
    this.tmpDir = join(root, 'tmp');
    this.trashDir = join(root, 'trash');
  }

  /** Open (creating if needed) a store rooted at `root`. */
  static async open(root: string): Promise<LocalArtifactStore> {
    const store = new LocalArtifactStore(root);
    try {
      await mkdir(store.tmpDir, { recursive: true });
      await mkdir(store.trashDir, { recursive: true });
    } catch (error) {
      throw fromSystemError(error, root, 'open the object store at');
    }
    return store;
  }

  /** The path of an object's file. */
  pathOf(digest: Digest): string {
    return join(this.root, digest.slice(0, 2), digest.slice(2));
  }

  async put(source: Readable | AsyncIterable<Uint8Array>, options: PutOptions = {}): Promise<PutResult> {
    const writer = await this.newWriter();
    try {
      for await (const chunk of source) {
        await writer.write(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
        options.onProgress?.(writer.size);
      }
    } catch (error) {
      await writer.abort();
      throw error;
    }
    return this.commit(writer, options);
  }

  async putFile(path: string, options: PutOptions = {}): Promise<PutResult> {
    const tmp = join(this.tmpDir, `${newId()}.part`);
    let result: { digest: string; size: number };
    try {
      result = await copyAndHash(path, tmp);
    } catch (error) {
      await rm(tmp, { force: true });
      throw error instanceof FlywheelError ? error : fromSystemError(error, path, 'store');
    }
    options.onProgress?.(result.size);
    return this.install(tmp, result.digest, result.size, options);
  }

  async putBytes(bytes: Uint8Array | string, options: PutOptions = {}): Promise<PutResult> {
    const data = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
    return this.put(
      (async function* () {
        yield data;
      })(),
      options,
    );
  }

  private async newWriter(): Promise<ObjectWriter> {
    try {
      return await ObjectWriter.create(this.tmpDir);
    } catch (error) {
      throw fromSystemError(error, this.tmpDir, 'write a temporary object in');
    }
  }

  private async commit(writer: ObjectWriter, options: PutOptions): Promise<PutResult> {
    let result: { digest: string; size: number };
    try {
      result = await writer.finish();
    } catch (error) {
      await rm(writer.path, { force: true });
      throw fromSystemError(error, writer.path, 'write');
    }
    return this.install(writer.path, result.digest, result.size, options);
  }

  /** Move a finished, fsynced temporary file into place as object `digest`. */
  private async install(tmp: string, digest: Digest, size: number, options: PutOptions): Promise<PutResult> {
    if (options.expectedDigest !== undefined && options.expectedDigest !== digest) {
      await rm(tmp, { force: true });
      throw new FlywheelError(
        'OBJECT_CORRUPT',
        `content hash ${digest} does not match the expected ${options.expectedDigest}`,
        {
          hint: 'The source changed while it was read, or it is not the file you meant; nothing was stored.',
        },
      );
    }
    const final = this.pathOf(digest);
    // An existing object keeps its bytes; touching it restarts its gc grace period. If gc moved it
    // away between our check and the touch, utimes fails and we install our own copy instead.
    const touched = await utimes(final, new Date(), new Date()).then(
      () => true,
      () => false,
    );
    if (touched) {
      await rm(tmp, { force: true });
      return { digest, size, existed: true };
    }
    await mkdir(dirname(final), { recursive: true });
    await rename(tmp, final);
    await syncDir(dirname(final));
    return { digest, size, existed: false };
  }

  async get(digest: Digest): Promise<Readable> {
    const d = parseDigest(digest);
    const path = this.pathOf(d);
    const handle = await open(path, 'r').catch((error) => {
      throw this.notFound(d, error);
    });
    // The handle's own stream closes the handle (and only it) when it ends or fails.
    const file = handle.createReadStream({ highWaterMark: 1 << 20 });
    // The stream ends in an error instead of its end when the bytes do not match the address.
    const checked = verifyingStream(d, path);
    file.on('error', (error) => checked.destroy(error));
    return file.pipe(checked);
  }

  async getBytes(digest: Digest): Promise<Uint8Array> {
    const d = parseDigest(digest);
    return readVerified(this.pathOf(d), d, this.verdicts).catch((error) => {
      throw error instanceof FlywheelError ? error : this.notFound(d, error);
    });
  }

  async getToFile(digest: Digest, destination: string): Promise<void> {
    const d = parseDigest(digest);
    if (!(await this.has(d))) throw this.notFound(d);
    await writeVerifiedFile(this.pathOf(d), d, destination);
  }

  private notFound(digest: Digest, cause?: unknown): FlywheelError {
    const code = (cause as NodeJS.ErrnoException | undefined)?.code;
    if (cause && code !== 'ENOENT') return fromSystemError(cause, this.pathOf(digest), 'read object');
    return new FlywheelError('NOT_FOUND', `object ${digest} is not in the store ${this.url}`, {
      hint: 'Run `flywheel fsck` to check the store; the object may have been garbage-collected or never pushed.',
    });
  }

  async localPath(digest: Digest): Promise<string> {
    const d = parseDigest(digest);
    await checkVerified(this.pathOf(d), d, this.verdicts).catch((error) => {
      throw error instanceof FlywheelError ? error : this.notFound(d, error);
    });
    return this.pathOf(d);
  }

  async missing(digests: readonly Digest[]): Promise<Set<Digest>> {
    const wanted = new Set(digests.map((d) => parseDigest(d)));
    if (wanted.size <= 256) {
      const out = new Set<Digest>();
      for (const d of wanted) if (!(await this.has(d))) out.add(d);
      return out;
    }
    // Many digests: read each shard folder once instead of one stat per object.
    const shards = new Map<string, Set<string>>();
    for (const d of wanted) {
      const shard = d.slice(0, 2);
      if (!shards.has(shard))
        shards.set(shard, new Set(await readdir(join(this.root, shard)).catch(() => [] as string[])));
    }
    return new Set([...wanted].filter((d) => !shards.get(d.slice(0, 2))!.has(d.slice(2))));
  }

  async has(digest: Digest): Promise<boolean> {
    return (await this.stat(digest)) !== undefined;
  }

  async stat(digest: Digest): Promise<ObjectInfo | undefined> {
    const st = await stat(this.pathOf(parseDigest(digest))).catch(() => undefined);
    return st ? { digest, size: st.size, mtimeMs: st.mtimeMs } : undefined;
  }

  async *list(): AsyncIterable<ObjectInfo> {
    const shards = (await readdir(this.root)).filter((d) => /^[0-9a-f]{2}$/.test(d)).sort();
    for (const shard of shards) {
      const names = await readdir(join(this.root, shard)).catch(() => [] as string[]);
      for (const name of names.sort()) {
        const digest = shard + name;
        if (!isDigest(digest)) continue;
        const st = await stat(join(this.root, shard, name)).catch(() => undefined);
        if (st?.isFile()) yield { digest, size: st.size, mtimeMs: st.mtimeMs };
      }
    }
  }

  async delete(digest: Digest): Promise<boolean> {
    return unlink(this.pathOf(parseDigest(digest))).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return false;
        throw fromSystemError(error, this.pathOf(digest), 'delete');
      },
    );
  }

  async verify(digest: Digest): Promise<VerifyResult> {
    const path = this.pathOf(parseDigest(digest));
    try {
      // Always re-hashed (fsck), never answered from the verdict cache.
      if ((await hashFile(path)) === digest) return 'ok';
      this.verdicts.forget(digest);
      return 'corrupt';
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
      throw fromSystemError(error, path, 'verify');
    }
  }

  async collect(
    digest: Digest,
    olderThanMs: number,
    stillUnreferenced: () => Promise<boolean>,
  ): Promise<boolean> {
    const path = this.pathOf(parseDigest(digest));
    const before = await stat(path).catch(() => undefined);
    if (!before || before.mtimeMs > olderThanMs) return false;
    const parked = join(this.trashDir, `${digest}.${newId()}`);
    if (
      !(await rename(path, parked).then(
        () => true,
        () => false,
      ))
    )
      return false;
    // Out of reach now: a concurrent put installs a fresh copy. Re-check what may have changed
    // between the first look and the move: a put that touched it, or a reference added since.
    const after = await stat(parked);
    if (after.mtimeMs > olderThanMs || !(await stillUnreferenced())) {
      await this.restore(parked, path);
      return false;
    }
    await unlink(parked);
    return true;
  }

  private async restore(parked: string, path: string): Promise<void> {
    await link(parked, path).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
    await unlink(parked);
  }

  async recover(olderThanMs: number): Promise<RecoverResult> {
    let parked = 0;
    for (const name of await readdir(this.trashDir).catch(() => [] as string[])) {
      const digest = name.split('.')[0] ?? '';
      if (!isDigest(digest)) continue;
      await mkdir(dirname(this.pathOf(digest)), { recursive: true });
      await this.restore(join(this.trashDir, name), this.pathOf(digest));
      parked++;
    }
    let partial = 0;
    for (const name of await readdir(this.tmpDir).catch(() => [] as string[])) {
      const p = join(this.tmpDir, name);
      const st = await stat(p).catch(() => undefined);
      if (st && st.mtimeMs <= olderThanMs) {
        await rm(p, { force: true });
        partial++;
      }
    }
    return { partial, parked };
  }

  async pending(): Promise<RecoverResult> {
    const count = async (dir: string) => (await readdir(dir).catch(() => [] as string[])).length;
    return { partial: await count(this.tmpDir), parked: await count(this.trashDir) };
  }
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
