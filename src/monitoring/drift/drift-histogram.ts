/**
 * Histograms of a reference and a current column on shared bins, for reports: numeric columns on
 * equal-width bins spanning both samples, categorical ones over their most frequent categories.
 */

import type { NumericSummary } from '../stats/index.js';
import type { ColumnHistogram } from './column-drift.js';
import { alignCategories, type CategoryCounts, type PreparedColumn } from './drift-columns.js';

const NUMERIC_BINS = 30;
const TOP_CATEGORIES = 20;

/** Shares of both sides on shared bins or categories. */
export function columnHistogram(ref: PreparedColumn, cur: PreparedColumn): ColumnHistogram {
  if (ref.kind === 'numeric' && cur.kind === 'numeric') return numericHistogram(ref.summary, cur.summary);
  if (ref.kind === 'categorical' && cur.kind === 'categorical') return categoricalHistogram(ref, cur);
  return { reference: [], current: [] };
}

function range(s: NumericSummary): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < s.values.length; i++) {
    const v = s.values[i]!;
    if (s.nulls?.[i] === 1 || !Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

function numericHistogram(ref: NumericSummary, cur: NumericSummary): ColumnHistogram {
  const [a, b] = range(ref);
  const [c, d] = range(cur);
  const lo = Math.min(a, c);
  const hi = Math.max(b, d);
  const bins = hi > lo ? NUMERIC_BINS : 1;
  const width = hi > lo ? (hi - lo) / bins : 1;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins && hi > lo ? hi : lo + i * width));
  const share = (s: NumericSummary) => {
    const counts = new Array<number>(bins).fill(0);
    for (let i = 0; i < s.values.length; i++) {
      const v = s.values[i]!;
      if (s.nulls?.[i] === 1 || !Number.isFinite(v)) continue;
      counts[Math.min(bins - 1, Math.floor((v - lo) / width))]!++;
    }
    return counts.map((x) => x / Math.max(1, s.n));
  };
  return { edges, reference: share(ref), current: share(cur) };
}

function categoricalHistogram(ref: CategoryCounts, cur: CategoryCounts): ColumnHistogram {
  const aligned = alignCategories(ref, cur);
  const order = aligned.labels
    .map((_, i) => i)
    .sort(
      (i, j) =>
        aligned.reference[j]! / ref.n +
        aligned.current[j]! / cur.n -
        aligned.reference[i]! / ref.n -
        aligned.current[i]! / cur.n,
    );
  const top = order.slice(0, TOP_CATEGORIES);
  const rest = order.slice(TOP_CATEGORIES);
  const pick = (counts: Float64Array, n: number) => {
    const shares = top.map((i) => counts[i]! / Math.max(1, n));
    if (rest.length > 0) shares.push(rest.reduce((s, i) => s + counts[i]!, 0) / Math.max(1, n));
    return shares;
  };
  return {
    labels: [...top.map((i) => aligned.labels[i]!), ...(rest.length > 0 ? ['(other)'] : [])],
    reference: pick(aligned.reference, ref.n),
    current: pick(aligned.current, cur.n),
  };
}
