/**
 * The artifact store: immutable objects addressed by the SHA-256 of their bytes. One narrow
 * interface, implemented for a local folder (`file:`) and shaped so an S3-compatible bucket can
 * implement it too: every method is a whole-object operation on a digest.
 */
import type { Readable } from 'node:stream';
import type { Digest } from '../../core/index.js';

/** What a put reports. */
export interface PutResult {
  digest: Digest;
  size: number;
  /** True when the object was already stored (its bytes were not written again). */
  existed: boolean;
}

/** One stored object. */
export interface ObjectInfo {
  digest: Digest;
  size: number;
  /** When the object was last put (a put of existing bytes refreshes it; gc's grace period uses it). */
  mtimeMs: number;
}

/** The outcome of re-hashing one object. */
export type VerifyResult = 'ok' | 'corrupt' | 'missing';

/** Options for a put. */
export interface PutOptions {
  /** The digest the caller expects; a mismatch fails the put and stores nothing. */
  expectedDigest?: Digest;
  /** Called with the number of bytes consumed so far (progress bars). */
  onProgress?: (bytes: number) => void;
}

/** A content-addressed object store. */
export interface ArtifactStore {
  /** The store's URL, e.g. `file:/home/me/project/.flywheel/objects`. */
  readonly url: string;
  /** Store the bytes of a stream; atomic: a crash leaves the object whole or absent. */
  put(source: Readable | AsyncIterable<Uint8Array>, options?: PutOptions): Promise<PutResult>;
  /** Store a local file (the fast path: hashing and writing overlap). */
  putFile(path: string, options?: PutOptions): Promise<PutResult>;
  /** Store bytes held in memory. */
  putBytes(bytes: Uint8Array | string, options?: PutOptions): Promise<PutResult>;
  /** Read an object as a stream; NOT_FOUND if absent. */
  get(digest: Digest): Promise<Readable>;
  /** Read a whole object into memory (small objects only). */
  getBytes(digest: Digest): Promise<Uint8Array>;
  /** Write an object to a local file, verifying its hash on the way; the file appears atomically. */
  getToFile(digest: Digest, destination: string): Promise<void>;
  /**
   * A local file holding the object's bytes, for readers that need a path (DuckDB). Local stores
   * return the object file itself (read-only); remote stores download it to a local cache first.
   */
  localPath(digest: Digest): Promise<string>;
  /** Which of `digests` are not stored (one listing instead of a lookup each, for many digests). */
  missing(digests: readonly Digest[]): Promise<Set<Digest>>;
  /** True when the object is stored. */
  has(digest: Digest): Promise<boolean>;
  /** Size and put time of an object, or undefined. */
  stat(digest: Digest): Promise<ObjectInfo | undefined>;
  /** Every stored object, in no particular order. */
  list(): AsyncIterable<ObjectInfo>;
  /** Remove an object; false if it was not there. */
  delete(digest: Digest): Promise<boolean>;
  /** Re-hash an object and compare with its address. */
  verify(digest: Digest): Promise<VerifyResult>;
  /**
   * Delete an object only if it is still unreferenced and older than `olderThanMs` after it has
   * been moved out of reach, so a concurrent put of the same bytes is never lost (see gc.ts).
   */
  collect(digest: Digest, olderThanMs: number, stillUnreferenced: () => Promise<boolean>): Promise<boolean>;
  /**
   * Finish or undo interrupted operations: remove partial writes older than `olderThanMs` and put
   * back objects a killed gc left parked.
   */
  recover(olderThanMs: number): Promise<RecoverResult>;
  /** Leftovers of interrupted operations currently present. */
  pending(): Promise<RecoverResult>;
}

/** Counts of interrupted-operation leftovers. */
export interface RecoverResult {
  /** Partial writes (temporary files). */
  partial: number;
  /** Objects parked by an interrupted gc. */
  parked: number;
}
