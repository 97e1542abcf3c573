/**
 * The optional native addon (native/, built by `npm ci` with node-gyp when a C compiler is
 * present) and the switch that turns it off. It holds the accelerators of this module, each
 * beside a reference that gives the same results without it: the direct Parquet decoder beside
 * DuckDB (parquet/README.md), the thread-pool radix sort of the profile beside `sortNumbers`, and
 * huge-page column memory beside ordinary ArrayBuffers. It touches neither DuckDB nor its
 * bindings.
 *
 * `FLYWHEEL_NATIVE=0` turns every accelerator off for a process (the reference paths then serve
 * every read, sort and allocation); `setNativeCopyEnabled(false)` does so at run time (the tests
 * use it to run both paths in one process). `FLYWHEEL_NATIVE_ADDON` loads another build of the
 * addon, e.g. the sanitizer build CI tests with.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { processEnv } from '../core/index.js';
import type { ParquetBinding } from './parquet/binding.js';

/** The functions the addon exports. */
export interface NativeCopy extends ParquetBinding {
  /**
   * Sort `values` in place on a libuv thread, in `Float64Array.prototype.sort`'s order (NaNs
   * last, as the canonical NaN); several sorts run on several cores (native/sort_doubles.c).
   */
  sortDoubles(values: Float64Array): Promise<void>;
  /**
   * An ArrayBuffer of `bytes` in memory advised for transparent huge pages, from the column pool
   * when a collected buffer's mapping fits; zero-filled unless `zeroed` is false (native/column_pool.c).
   */
  hugeBuffer(bytes: number, zeroed?: boolean): ArrayBuffer;
  /**
   * Set the column pool's byte limit and idle age (either may be undefined to keep it), drop the
   * mappings idle for longer, and return its state.
   */
  columnPool(limit?: number, ageMs?: number): ColumnPoolState;
}

/** Where the addon is built, relative to the package root. */
export const NATIVE_ADDON_PATH = 'native/build/Release/flywheel_native.node';

let loaded: NativeCopy | null | undefined;
let failure = '';
let enabled = true;
const DISABLED = 'turned off by setNativeCopyEnabled(false)';

/** The addon, or null when it is not built or is turned off. */
export function nativeCopy(): NativeCopy | null {
  return enabled ? load() : null;
}

/** Turn the addon, and so every accelerator, off (or back on) for this process. */
export function setNativeCopyEnabled(on: boolean): void {
  enabled = on;
}

/** Why `nativeCopy()` is null (empty when it is not). */
export function nativeCopyUnavailableReason(): string {
  if (!enabled) return DISABLED;
  load();
  return failure;
}

/** Load the addon once. */
function load(): NativeCopy | null {
  if (loaded !== undefined) return loaded;
  loaded = null;
  if (!processEnv().FLYWHEEL_NATIVE) {
    failure = 'turned off by FLYWHEEL_NATIVE=0';
    return loaded;
  }
  try {
    const require = createRequire(import.meta.url);
    const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
    const path = processEnv().FLYWHEEL_NATIVE_ADDON ?? join(root, NATIVE_ADDON_PATH);
    if (!existsSync(path)) {
      failure = `${NATIVE_ADDON_PATH} is not built (npm ci builds it with node-gyp when a C compiler is present)`;
      return loaded;
    }
    loaded = require(path) as NativeCopy;
  } catch (error) {
    failure = error instanceof Error ? error.message : String(error);
  }
  return loaded;
}

/** Columns at least this large (in bytes) are allocated through `hugeBuffer` when the addon is present. */
const HUGE_MIN_BYTES = 4 << 20;

/**
 * A Float64Array of `length`, in huge-page memory (recycled through the column pool) when it is
 * large and the addon is present. Zero-filled unless `zeroed` is false, for callers that write
 * every element before anyone reads it.
 */
export function allocateFloat64(length: number, zeroed = true): Float64Array {
  const native = nativeCopy();
  if (native === null || length * 8 < HUGE_MIN_BYTES) {
    return zeroed
      ? new Float64Array(length)
      : new Float64Array(Buffer.allocUnsafeSlow(length * 8).buffer, 0, length);
  }
  keepPoolTrimmed(native);
  return new Float64Array(native.hugeBuffer(length * 8, zeroed), 0, length);
}

/** The column pool: how much memory it holds and how often it served an allocation. */
export interface ColumnPoolState {
  /** Bytes held for reuse (not in any column). */
  bytes: number;
  /** Mappings held. */
  mappings: number;
  /** The most bytes the pool holds; 0 turns it off. */
  limit: number;
  /** A held mapping idle this long (ms) is returned to the system. */
  ageMs: number;
  /** Large-column allocations served from the pool, and those that mapped new memory. */
  reused: number;
  fresh: number;
  /**
   * The external memory V8's collector counts for this thread (every ArrayBuffer and what the
   * pool holds): pooled memory stays counted, so V8 collects when the process really grows.
   */
  v8External: number;
}

/** The pool's default limit: 1 GiB, or an eighth of the machine's memory when that is less. */
const DEFAULT_POOL_BYTES = Math.min(2 ** 30, Math.floor(totalmem() / 8));
/** The pool's default idle age, as jemalloc's default dirty-page decay. */
const DEFAULT_POOL_AGE_MS = 10_000;
let trimTimer: NodeJS.Timeout | undefined;

/**
 * Large numeric columns live in huge-page mappings (see `allocateFloat64`). When such a column is
 * garbage-collected its mapping is kept in a pool (one per JS thread) for the next column of about its
 * size instead of being unmapped: filling recycled memory skips a page fault and the zeroing of
 * every page, which costs more than DuckDB's decoding for a read of a few columns. The pool is
 * bounded (`maxBytes`, default 1 GiB or an eighth of the machine's memory; `FLYWHEEL_COLUMN_POOL_MB`
 * sets it for each thread of a process, 0 turns the pool off) and a mapping idle for `maxIdleMs` (default 10 s) is
 * unmapped. Returns the pool's state; null without the native addon (columns are then ordinary
 * V8 memory).
 */
export function configureColumnPool(
  options: { maxBytes?: number; maxIdleMs?: number } = {},
): ColumnPoolState | null {
  const native = nativeCopy();
  if (native === null) return null;
  keepPoolTrimmed(native);
  return native.columnPool(options.maxBytes, options.maxIdleMs);
}

/** Apply the pool's settings once per thread and trim the pool every few seconds while the thread runs. */
function keepPoolTrimmed(native: NativeCopy): void {
  if (trimTimer !== undefined) return;
  const mb = processEnv().FLYWHEEL_COLUMN_POOL_MB;
  const limit = mb === undefined ? DEFAULT_POOL_BYTES : Math.floor(mb * 2 ** 20);
  native.columnPool(limit, DEFAULT_POOL_AGE_MS);
  // Idle mappings are also dropped at every allocation; the timer covers a process that stops reading.
  trimTimer = setInterval(() => native.columnPool(), DEFAULT_POOL_AGE_MS / 2);
  trimTimer.unref();
}
