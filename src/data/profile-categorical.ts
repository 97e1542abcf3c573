/** The accumulators for bool and dictionary (string) columns. */
import { type ColumnAccumulator, emptyProfile, type ProfileConfig } from './profile-accumulator.js';
import type { ColumnProfile, InferredType, TopValue } from './profile-types.js';
import { HyperLogLog } from './sketch.js';
import type { BoolColumn, Column, DictionaryColumn } from './table.js';
import { compareStrings } from './table-build.js';

/** Bools: counts of true and false. */
export class BoolAccumulator implements ColumnAccumulator {
  private count = 0;
  private nulls = 0;
  private trues = 0;

  add(column: Column): void {
    const { values, nulls } = column as BoolColumn;
    this.count += values.length;
    for (let i = 0; i < values.length; i++) {
      if (nulls !== null && nulls[i] === 1) this.nulls++;
      else this.trues += values[i]!;
    }
  }

  finish(name: string): ColumnProfile {
    const out = emptyProfile(name, 'bool', 'boolean', this.count, this.nulls);
    const n = this.count - this.nulls;
    const falses = n - this.trues;
    if (n === 0) return out;
    const mean = this.trues / n;
    const m2 = this.trues * (1 - mean) ** 2 + falses * mean ** 2;
    const top: TopValue[] = [
      { value: false, count: falses },
      { value: true, count: this.trues },
    ];
    Object.assign(out, {
      min: falses > 0 ? 0 : 1,
      max: this.trues > 0 ? 1 : 0,
      mean,
      std: n > 1 ? Math.sqrt(m2 / (n - 1)) : null,
      distinct: (falses > 0 ? 1 : 0) + (this.trues > 0 ? 1 : 0),
      topK: top.filter((t) => t.count > 0).sort((a, b) => b.count - a.count),
    });
    return out;
  }
}

/** Strings: exact counts per value up to `distinctLimit` distinct values, then a sketch. */
export class DictionaryAccumulator implements ColumnAccumulator {
  private count = 0;
  private nulls = 0;
  private readonly counts = new Map<string, number>();
  private hll: HyperLogLog | null = null;
  private minLength = Number.POSITIVE_INFINITY;
  private maxLength = 0;
  private totalLength = 0;

  constructor(private readonly config: ProfileConfig) {}

  add(column: Column): void {
    const { codes, dictionary } = column as DictionaryColumn;
    this.count += codes.length;
    const perCode = new Float64Array(dictionary.length);
    for (let i = 0; i < codes.length; i++) {
      const code = codes[i]!;
      if (code < 0) this.nulls++;
      else perCode[code]!++;
    }
    for (let code = 0; code < dictionary.length; code++) {
      const n = perCode[code]!;
      if (n > 0) this.addValue(dictionary[code]!, n);
    }
  }

  finish(name: string): ColumnProfile {
    const nonNull = this.count - this.nulls;
    const distinct = this.hll === null ? this.counts.size : this.hll.estimate();
    const out = emptyProfile(name, 'dictionary', this.inferType(distinct, nonNull), this.count, this.nulls);
    if (nonNull === 0) return out;
    const entries = [...this.counts].sort((a, b) => b[1] - a[1] || compareStrings(a[0], b[0]));
    Object.assign(out, {
      distinct,
      distinctExact: this.hll === null,
      topK: entries.slice(0, this.config.topK).map(([value, count]) => ({ value, count })),
      topKExact: this.hll === null,
      length: { min: this.minLength, max: this.maxLength, mean: this.totalLength / nonNull },
    });
    return out;
  }

  /**
   * Strings are boolean when every value is one side of the same yes/no pair (true/false, yes/no,
   * y/n, t/f; any case); categorical when there are at most `maxCategories` distinct values and at
   * most `maxCategoryRatio` of the non-null count (so a column of unique ids or sentences is text);
   * text otherwise.
   */
  private inferType(distinct: number, nonNull: number): InferredType {
    if (this.hll === null && distinct > 0 && distinct <= 8 && isBooleanWords([...this.counts.keys()]))
      return 'boolean';
    const ratioOk = distinct <= Math.max(2, this.config.maxCategoryRatio * nonNull);
    return distinct <= this.config.maxCategories && ratioOk ? 'categorical' : 'text';
  }

  private addValue(value: string, n: number): void {
    const length = codePoints(value);
    if (length < this.minLength) this.minLength = length;
    if (length > this.maxLength) this.maxLength = length;
    this.totalLength += length * n;
    this.counts.set(value, (this.counts.get(value) ?? 0) + n);
    if (this.hll !== null) this.hll.addString(value);
    else if (this.counts.size > this.config.distinctLimit) {
      this.hll = new HyperLogLog();
      for (const key of this.counts.keys()) this.hll.addString(key);
    }
    if (this.hll !== null && this.counts.size > this.config.distinctLimit) this.prune();
  }

  // Past the limit, keep the more frequent half so memory stays bounded; counts become lower bounds.
  private prune(): void {
    const keep = Math.max(this.config.topK, Math.floor(this.config.distinctLimit / 2));
    const sorted = [...this.counts].sort((a, b) => b[1] - a[1]);
    for (const [key] of sorted.slice(keep)) this.counts.delete(key);
  }
}

const BOOLEAN_PAIRS = [
  ['true', 'false'],
  ['yes', 'no'],
  ['y', 'n'],
  ['t', 'f'],
];

function isBooleanWords(values: readonly string[]): boolean {
  const lower = values.map((v) => v.trim().toLowerCase());
  return BOOLEAN_PAIRS.some((pair) => lower.every((v) => pair.includes(v)));
}

function codePoints(value: string): number {
  let surrogates = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) surrogates++;
  }
  return value.length - surrogates;
}
