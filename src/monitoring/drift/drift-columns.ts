/**
 * Turning table columns into what the drift statistics read: numeric columns (numbers and
 * timestamps) into bucketed summaries, categorical ones (strings, booleans, and numbers with few
 * distinct values) into category counts. A reference column is prepared once and kept; current
 * columns are summarised on the reference's grid.
 */
import { type Column, numericValues } from '../../data/index.js';
import { createGrid, type NumericSummary, sampleFinite, summarize } from '../stats/index.js';

/** A reference or current column as category counts. */
export interface CategoryCounts {
  readonly kind: 'categorical';
  /** Count per category label (numbers as `String(v)`, booleans as `true`/`false`). */
  readonly counts: ReadonlyMap<string, number>;
  readonly n: number;
  readonly missing: number;
}

/** A numeric reference or current column. */
export interface NumericColumn {
  readonly kind: 'numeric';
  readonly summary: NumericSummary;
}

/** A column ready for drift statistics. */
export type PreparedColumn = CategoryCounts | NumericColumn;

/** Prepare a reference column; numbers with at most `maxCategorical` distinct values become categories. */
export function prepareReferenceColumn(column: Column, maxCategorical: number): PreparedColumn {
  if (column.kind === 'dictionary' || column.kind === 'bool') return categoryCounts(column);
  const sample = sampleFinite(column.values, column.nulls);
  if (fewDistinct(sample, maxCategorical) && fewDistinct(column.values, maxCategorical, column.nulls))
    return categoryCounts(column);
  const grid = createGrid(sample, column.values.length);
  const shift = sample.length > 0 ? sample[sample.length >> 1]! : 0;
  return { kind: 'numeric', summary: summarize(column.values, column.nulls, grid, shift) };
}

/** Prepare a current column like `reference`; undefined when its type cannot be compared with it. */
export function prepareCurrentColumn(column: Column, reference: PreparedColumn): PreparedColumn | undefined {
  if (reference.kind === 'categorical') return categoryCounts(column);
  if (column.kind === 'dictionary') return undefined;
  const values = numericValues(column);
  return { kind: 'numeric', summary: summarize(values, column.nulls, reference.summary.grid) };
}

/** True when the finite values hold at most `max` distinct numbers. */
function fewDistinct(values: Float64Array, max: number, nulls: Uint8Array | null = null): boolean {
  const seen = new Set<number>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (nulls?.[i] === 1 || !Number.isFinite(v) || seen.has(v)) continue;
    seen.add(v);
    if (seen.size > max) return false;
  }
  return true;
}

/** Count the categories of any column (numbers and timestamps by their value). */
export function categoryCounts(column: Column): CategoryCounts {
  const counts = new Map<string, number>();
  let missing = 0;
  if (column.kind === 'dictionary') {
    const byCode = new Float64Array(column.dictionary.length);
    for (const code of column.codes) {
      if (code < 0) missing++;
      else byCode[code]!++;
    }
    column.dictionary.forEach((label, code) => {
      if (byCode[code]! > 0) counts.set(label, (counts.get(label) ?? 0) + byCode[code]!);
    });
  } else {
    const values = column.kind === 'bool' ? column.values : numericValues(column);
    const tally = new Map<number, number>();
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (column.nulls?.[i] === 1 || !Number.isFinite(v)) missing++;
      else tally.set(v, (tally.get(v) ?? 0) + 1);
    }
    for (const [v, c] of tally) counts.set(column.kind === 'bool' ? String(v === 1) : String(v), c);
  }
  let n = 0;
  for (const c of counts.values()) n += c;
  return { kind: 'categorical', counts, n, missing };
}

/** The union of two count maps' categories (reference order by count, then new ones), with aligned counts. */
export function alignCategories(
  reference: CategoryCounts,
  current: CategoryCounts,
): { labels: string[]; reference: Float64Array; current: Float64Array } {
  const labels = [...reference.counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([label]) => label);
  const known = new Set(labels);
  const added = [...current.counts.keys()].filter((l) => !known.has(l)).sort();
  labels.push(...added);
  return {
    labels,
    reference: Float64Array.from(labels, (l) => reference.counts.get(l) ?? 0),
    current: Float64Array.from(labels, (l) => current.counts.get(l) ?? 0),
  };
}
