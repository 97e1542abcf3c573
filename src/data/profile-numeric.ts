/** The accumulator for float64 and timestamp columns (see `profile-accumulator.ts` for exactness). */

import { seededUniform } from '../core/random.js';
import { sortNumbers } from '../core/sort-numbers.js';
import { binSorted, histogramEdges } from './histogram.js';
import { allocateFloat64, nativeCopy } from './native.js';
import {
  type ColumnAccumulator,
  emptyProfile,
  type ProfileConfig,
  quantileSorted,
} from './profile-accumulator.js';
import type { ColumnProfile, InferredType } from './profile-types.js';
import { HyperLogLog } from './sketch.js';
import type { Column, Float64Column, TimestampColumn } from './table.js';

/**
 * The radix sort's working memory, shared by the columns a profile finishes one after another
 * (fresh memory costs a page fault per 4 KiB); weakly held, so it goes with the next collection.
 */
let scratch: WeakRef<Float64Array> | undefined;

/** Fewer kept values than this are sorted on the JS thread (a thread-pool trip costs more). */
const NATIVE_SORT_MIN = 16_384;

function sortScratch(length: number): Float64Array {
  let held = scratch?.deref();
  if (held === undefined || held.length < length) {
    held = allocateFloat64(length, false);
    scratch = new WeakRef(held);
  }
  return held;
}

/** Numbers and timestamps: moments, min/max, kept values for quantiles, histogram, top-k and distinct. */
export class NumericAccumulator implements ColumnAccumulator {
  private count = 0;
  private nulls = 0;
  private nan = 0;
  private infinite = 0;
  private n = 0;
  private mean = 0;
  private m2 = 0;
  private min = Number.POSITIVE_INFINITY;
  private max = Number.NEGATIVE_INFINITY;
  private allIntegers = true;
  private kept: Float64Array = new Float64Array(1024);
  private keptCount = 0;
  private hll: HyperLogLog | null = null;
  private seen = 0;
  /** The first keptCount kept values are sorted (by `prepare`). */
  private sorted = false;
  private readonly random: () => number;

  constructor(
    private readonly kind: 'float64' | 'timestamp',
    private readonly config: ProfileConfig,
  ) {
    this.random = seededUniform(config.seed);
  }

  add(column: Column): void {
    const { values, nulls } = column as Float64Column | TimestampColumn;
    this.count += values.length;
    const limit = this.config.sampleLimit;
    // Room for this chunk's values while under the sample limit, made once per chunk.
    if (this.keptCount < limit) this.reserve(Math.min(limit, this.keptCount + values.length));
    this.sorted = false;
    const kept = this.kept;
    let keptCount = this.keptCount;
    let seen = this.seen;
    let min = this.min;
    let max = this.max;
    let allIntegers = this.allIntegers;
    let n = 0;
    let sum = 0;
    let compensation = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (nulls !== null && nulls[i] === 1) this.nulls++;
      else if (Number.isNaN(v)) this.nan++;
      else if (v === Number.POSITIVE_INFINITY || v === Number.NEGATIVE_INFINITY) this.infinite++;
      else {
        n++;
        const t = sum + v;
        compensation += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
        sum = t;
        if (v < min) min = v;
        if (v > max) max = v;
        if (allIntegers && !Number.isInteger(v)) allIntegers = false;
        if (keptCount < limit) {
          kept[keptCount++] = v;
          seen++;
        } else {
          this.keptCount = keptCount;
          this.seen = seen;
          this.sample(v);
          seen = this.seen;
        }
      }
    }
    this.keptCount = keptCount;
    this.seen = seen;
    this.min = min;
    this.max = max;
    this.allIntegers = allIntegers;
    if (n > 0) this.merge(n, (sum + compensation) / n, values, nulls);
  }

  /** Sort the kept values with the addon, on a libuv thread (the profile sorts columns two or more at a time). */
  async prepare(): Promise<void> {
    const native = nativeCopy();
    if (native === null || this.keptCount < NATIVE_SORT_MIN) return;
    await native.sortDoubles(this.kept.subarray(0, this.keptCount));
    this.sorted = true;
  }

  finish(name: string): ColumnProfile {
    const type: InferredType =
      this.kind === 'timestamp' ? 'timestamp' : this.allIntegers && this.n > 0 ? 'integer' : 'numeric';
    const out = emptyProfile(name, this.kind, type, this.count, this.nulls);
    out.nan = this.nan;
    out.infinite = this.infinite;
    if (this.n === 0) return out;
    const kept = this.kept.subarray(0, this.keptCount);
    const sorted = this.sorted ? kept : sortNumbers(kept, sortScratch(this.keptCount));
    const sampled = this.n > this.keptCount;
    const scale = this.n / this.keptCount;
    const runs = summarizeRuns(sorted, this.config.topK);
    Object.assign(out, {
      min: this.min,
      max: this.max,
      mean: this.mean,
      std: this.n > 1 ? Math.sqrt(this.m2 / (this.n - 1)) : null,
      distinct: this.hll === null ? runs.distinct : this.hll.estimate(),
      distinctExact: this.hll === null,
      quantiles: this.config.quantiles.map((q) => ({ q, value: quantileSorted(sorted, q) })),
      topK: runs.top.map(({ value, count }) => ({ value, count: Math.round(count * scale) })),
      topKExact: !sampled,
      sampled,
    });
    const edges = histogramEdges(this.min, this.max, this.config.bins, type === 'integer');
    out.histogram = { edges, counts: binSorted(edges, sorted).map((c) => Math.round(c * scale)) };
    return out;
  }

  // Chan et al.: merge this chunk's (n, mean, M2) into the running totals.
  private merge(n: number, mean: number, values: Float64Array, nulls: Uint8Array | null): void {
    let m2 = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if ((nulls !== null && nulls[i] === 1) || !Number.isFinite(v)) continue;
      const d = v - mean;
      m2 += d * d;
    }
    const total = this.n + n;
    const delta = mean - this.mean;
    this.mean += (delta * n) / total;
    this.m2 += m2 + (delta * delta * this.n * n) / total;
    this.n = total;
  }

  /** A value past the sample limit: it feeds the sketch and may replace a kept value. */
  private sample(v: number): void {
    this.seen++;
    const limit = this.config.sampleLimit;
    if (this.hll === null) {
      this.hll = new HyperLogLog();
      for (let i = 0; i < this.keptCount; i++) this.hll.addNumber(this.kept[i]!);
    }
    this.hll.addNumber(v);
    // Reservoir sampling (Algorithm R): the i-th value takes a random slot with probability limit / i.
    const slot = Math.floor(this.random() * this.seen);
    if (slot < limit) this.kept[slot] = v;
  }

  /** Make the kept array hold at least `need` values (at least doubling, at most the limit). */
  private reserve(need: number): void {
    if (need <= this.kept.length) return;
    const size = Math.min(Math.max(this.kept.length * 2, need), this.config.sampleLimit);
    // Not zeroed (only the first keptCount values are ever read); large ones come from the column pool.
    const next = allocateFloat64(size, false);
    next.set(this.kept.subarray(0, this.keptCount));
    this.kept = next;
  }
}

/**
 * One walk over sorted values: the number of distinct values and the `k` longest runs (most frequent
 * values). Runs arrive in ascending value order, so keeping the earlier of equal counts breaks ties
 * by ascending value, as `ORDER BY count DESC, value ASC` would.
 */
function summarizeRuns(
  sorted: Float64Array,
  k: number,
): { distinct: number; top: { value: number; count: number }[] } {
  const top: { value: number; count: number }[] = [];
  const n = sorted.length;
  let distinct = 0;
  // The count a run must beat to enter the top once it holds k runs.
  let floor = 0;
  for (let i = 0; i < n; ) {
    const value = sorted[i]!;
    let j = i + 1;
    while (j < n && sorted[j] === value) j++;
    distinct++;
    const count = j - i;
    if (k > 0 && (top.length < k || count > floor)) {
      let at = top.length;
      while (at > 0 && top[at - 1]!.count < count) at--;
      top.splice(at, 0, { value, count });
      if (top.length > k) top.pop();
      if (top.length === k) floor = top[k - 1]!.count;
    }
    i = j;
  }
  return { distinct, top };
}
