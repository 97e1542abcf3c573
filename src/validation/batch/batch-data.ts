/**
 * A batch being validated: its columns by name, and the per-column statistics several
 * expectations share (sorted values, moments, distinct counts), each computed once on first use.
 * Statistics cover non-null values; NaN is a value (it makes every statistic NaN, so they fail loudly).
 */

import { sortNumbers } from '../../core/index.js';
import { type Column, numericValues, type Table } from '../../data/index.js';
import { UnexpectedRows } from '../result.js';

/** Moments and extremes of a numeric column's non-null values. */
export interface ColumnStats {
  count: number;
  sum: number;
  mean: number | null;
  /** Sample standard deviation (n − 1), null below two values. */
  std: number | null;
  min: number | null;
  max: number | null;
}

/** A distinct value of a column (timestamps as epoch ms). */
export type DistinctKey = string | number | boolean;

/** The table under validation and its lazily computed column statistics. */
export class BatchData {
  private readonly index = new Map<string, number>();
  private readonly sortedCache = new Map<string, Float64Array>();
  private readonly statsCache = new Map<string, ColumnStats>();
  private readonly distinctCache = new Map<string, Map<DistinctKey, number>>();
  private readonly nullCache = new Map<string, number>();
  private readonly tallies = new Map<number, UnexpectedRows>();
  private current = -1;

  /**
   * @param table the rows (possibly only the columns the suite reads)
   * @param sourceColumns every column name of the source, in order (table-shape checks use these)
   * @param keepRows keep every unexpected row index (for quarantine), not only the first 20
   */
  constructor(
    readonly table: Table,
    readonly sourceColumns: readonly string[],
    readonly keepRows: boolean,
  ) {
    table.names.forEach((name, i) => {
      this.index.set(name, i);
    });
  }

  /** Start check number `index`: tallies made from now on belong to it. */
  begin(index: number): void {
    this.current = index;
  }

  /** A tally of unexpected rows for the current check. */
  tally(): UnexpectedRows {
    const t = new UnexpectedRows(this.keepRows);
    if (this.keepRows) this.tallies.set(this.current, t);
    return t;
  }

  /** Check number → every unexpected row it recorded (with `keepRows`). */
  allRows(): Array<[number, Int32Array]> {
    return [...this.tallies].map(([i, t]) => [i, t.all!.toArray()]);
  }

  /** The column named `name`, or undefined. */
  column(name: string): Column | undefined {
    const i = this.index.get(name);
    return i === undefined ? undefined : this.table.columns[i];
  }

  /** Rows whose value in `name` is null. */
  nullCount(name: string): number {
    let n = this.nullCache.get(name);
    if (n === undefined) {
      n = countNulls(this.column(name)!);
      this.nullCache.set(name, n);
    }
    return n;
  }

  /** The non-null values of a numeric, timestamp or bool column, ascending (NaN last). */
  sorted(name: string): Float64Array {
    let s = this.sortedCache.get(name);
    if (s === undefined) {
      const column = this.column(name)!;
      const values = numericValues(column);
      const nulls = column.kind === 'dictionary' ? null : column.nulls;
      s = new Float64Array(values.length - (nulls === null ? 0 : this.nullCount(name)));
      if (nulls === null) s.set(values);
      else for (let i = 0, k = 0; i < values.length; i++) if (nulls[i] !== 1) s[k++] = values[i]!;
      sortNumbers(s);
      this.sortedCache.set(name, s);
    }
    return s;
  }

  /** Count, sum, mean, std, min and max of a numeric column, in one pass (Welford for the variance). */
  stats(name: string): ColumnStats {
    let st = this.statsCache.get(name);
    if (st === undefined) {
      const column = this.column(name)!;
      st = momentsOf(numericValues(column), column.kind === 'dictionary' ? null : column.nulls);
      this.statsCache.set(name, st);
    }
    return st;
  }

  /** Each distinct non-null value and how often it occurs. */
  distinct(name: string): Map<DistinctKey, number> {
    let d = this.distinctCache.get(name);
    if (d === undefined) {
      d = distinctOf(this.column(name)!, () => this.sorted(name));
      this.distinctCache.set(name, d);
    }
    return d;
  }
}

function countNulls(column: Column): number {
  let n = 0;
  if (column.kind === 'dictionary') {
    for (const c of column.codes) if (c < 0) n++;
  } else if (column.nulls !== null) {
    for (const b of column.nulls) n += b;
  }
  return n;
}

function momentsOf(values: Float64Array, nulls: Uint8Array | null): ColumnStats {
  let n = 0;
  let mean = 0;
  let m2 = 0;
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    if (nulls !== null && nulls[i] === 1) continue;
    const v = values[i]!;
    n++;
    sum += v;
    const delta = v - mean;
    mean += delta / n;
    m2 += delta * (v - mean);
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (n === 0) return { count: 0, sum: 0, mean: null, std: null, min: null, max: null };
  // A NaN value makes the sum NaN: then every statistic is NaN, and fails, rather than skipping it.
  const nan = Number.isNaN(sum);
  return {
    count: n,
    sum,
    mean: nan ? Number.NaN : mean,
    std: n > 1 && !nan ? Math.sqrt(m2 / (n - 1)) : nan ? Number.NaN : null,
    min: nan ? Number.NaN : min,
    max: nan ? Number.NaN : max,
  };
}

function distinctOf(column: Column, sorted: () => Float64Array): Map<DistinctKey, number> {
  const out = new Map<DistinctKey, number>();
  if (column.kind === 'dictionary') {
    const counts = new Int32Array(column.dictionary.length);
    for (const c of column.codes) if (c >= 0) counts[c]!++;
    counts.forEach((n, code) => {
      if (n > 0) {
        const s = column.dictionary[code]!;
        out.set(s, (out.get(s) ?? 0) + n);
      }
    });
    return out;
  }
  const s = sorted();
  for (let i = 0; i < s.length; ) {
    let j = i + 1;
    while (j < s.length && (s[j] === s[i] || (Number.isNaN(s[j]!) && Number.isNaN(s[i]!)))) j++;
    out.set(column.kind === 'bool' ? s[i] === 1 : s[i]!, j - i);
    i = j;
  }
  return out;
}

/** The q-quantile of ascending values, interpolating linearly at q·(n − 1) (DuckDB quantile_cont). */
export function quantileOf(sorted: Float64Array, q: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  if (Number.isNaN(sorted[n - 1]!)) return Number.NaN;
  const pos = q * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}
