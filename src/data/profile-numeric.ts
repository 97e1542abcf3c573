/** The accumulator for float64 and timestamp columns (see `profile-accumulator.ts` for exactness). */

import { seededUniform } from '../core/random.js';
import { sortNumbers } from '../core/sort-numbers.js';
import { binSorted, histogramEdges } from './histogram.js';
import {
  type ColumnAccumulator,
  emptyProfile,
  type ProfileConfig,
  quantileSorted,
} from './profile-accumulator.js';
import type { ColumnProfile, InferredType } from './profile-types.js';
import { HyperLogLog } from './sketch.js';
import type { Column, Float64Column, TimestampColumn } from './table.js';

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
  private kept = new Float64Array(1024);
  private keptCount = 0;
  private hll: HyperLogLog | null = null;
  private seen = 0;
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
        if (v < this.min) this.min = v;
        if (v > this.max) this.max = v;
        if (this.allIntegers && !Number.isInteger(v)) this.allIntegers = false;
        this.keep(v);
      }
    }
    if (n > 0) this.merge(n, (sum + compensation) / n, values, nulls);
  }

  finish(name: string): ColumnProfile {
    const type: InferredType =
      this.kind === 'timestamp' ? 'timestamp' : this.allIntegers && this.n > 0 ? 'integer' : 'numeric';
    const out = emptyProfile(name, this.kind, type, this.count, this.nulls);
    out.nan = this.nan;
    out.infinite = this.infinite;
    if (this.n === 0) return out;
    const sorted = sortNumbers(this.kept.subarray(0, this.keptCount));
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

  private keep(v: number): void {
    this.seen++;
    const limit = this.config.sampleLimit;
    if (this.keptCount < limit) {
      if (this.keptCount === this.kept.length) this.grow();
      this.kept[this.keptCount++] = v;
      return;
    }
    if (this.hll === null) {
      this.hll = new HyperLogLog();
      for (let i = 0; i < this.keptCount; i++) this.hll.addNumber(this.kept[i]!);
    }
    this.hll.addNumber(v);
    // Reservoir sampling (Algorithm R): the i-th value takes a random slot with probability limit / i.
    const slot = Math.floor(this.random() * this.seen);
    if (slot < limit) this.kept[slot] = v;
  }

  private grow(): void {
    const size = Math.min(Math.max(this.kept.length * 2, 1024), this.config.sampleLimit);
    const next = new Float64Array(size);
    next.set(this.kept);
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
  let distinct = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i + 1;
    while (j < sorted.length && sorted[j] === sorted[i]) j++;
    distinct++;
    const count = j - i;
    if (k > 0 && (top.length < k || count > top[k - 1]!.count)) {
      let at = top.length;
      while (at > 0 && top[at - 1]!.count < count) at--;
      top.splice(at, 0, { value: sorted[i]!, count });
      if (top.length > k) top.pop();
    }
    i = j;
  }
  return { distinct, top };
}
