/**
 * Multiple-testing corrections for the p-values of one drift comparison: Bonferroni (controls the
 * chance of any false alarm) and Benjamini–Hochberg (controls the expected share of false alarms
 * among the columns flagged, the false discovery rate). Both return adjusted p-values, which are
 * compared with the same thresholds as raw ones.
 */

/** How p-values are adjusted for the number of columns tested. */
export type Correction = 'none' | 'bonferroni' | 'fdr';

/** Adjusted p-values, in the input's order. */
export function adjustPValues(pValues: readonly number[], correction: Correction): number[] {
  const m = pValues.length;
  if (correction === 'none' || m === 0) return [...pValues];
  if (correction === 'bonferroni') return pValues.map((p) => Math.min(1, p * m));
  const order = pValues.map((_, i) => i).sort((a, b) => pValues[a]! - pValues[b]!);
  const out = new Array<number>(m);
  let running = 1;
  for (let k = m - 1; k >= 0; k--) {
    const i = order[k]!;
    running = Math.min(running, (pValues[i]! * m) / (k + 1));
    out[i] = Math.min(1, running);
  }
  return out;
}
