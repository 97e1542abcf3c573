/**
 * Inter-annotator agreement statistics, each written from its published definition so the tests can
 * compare them with the reference implementations to 1e-9 (fixtures/make_fixtures.py):
 * Cohen's κ as scikit-learn's `cohen_kappa_score` (unweighted), Fleiss' κ as statsmodels'
 * `fleiss_kappa(method='fleiss')`, and Krippendorff's α for nominal data with missing values from
 * the coincidence matrix of Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability".
 * Labels are any strings or numbers; only equality matters (nominal data).
 */
import { FlywheelError } from '../../core/index.js';

/** A nominal label value. */
export type LabelValue = string | number;

/** Maps label values to 0..k-1 in first-seen order (ordering does not change nominal statistics). */
function categoryIndex(values: Iterable<LabelValue>): Map<string, number> {
  const index = new Map<string, number>();
  for (const v of values) {
    const key = keyOf(v);
    if (!index.has(key)) index.set(key, index.size);
  }
  return index;
}

/** Numbers and strings share one key space so that 1 and '1' are the same label. */
export function keyOf(v: LabelValue): string {
  return String(v);
}

/**
 * Cohen's κ of two annotators' labels of the same items: (p_o − p_e) / (1 − p_e) with p_e from the
 * marginals. NaN when p_e = 1 (both always gave one same label), as scikit-learn.
 */
export function cohenKappa(a: readonly LabelValue[], b: readonly LabelValue[]): number {
  if (a.length !== b.length) {
    throw new FlywheelError(
      'INVALID_ARGUMENT',
      `Cohen's kappa needs two equally long label lists (got ${a.length} and ${b.length}).`,
      {
        hint: 'Pass the two annotators’ labels of the same items, in the same order.',
      },
    );
  }
  const n = a.length;
  if (n === 0) return Number.NaN;
  const index = categoryIndex([...a, ...b]);
  const k = index.size;
  const rowSum = new Float64Array(k);
  const colSum = new Float64Array(k);
  let agree = 0;
  for (let i = 0; i < n; i++) {
    const x = index.get(keyOf(a[i]!))!;
    const y = index.get(keyOf(b[i]!))!;
    rowSum[x]!++;
    colSum[y]!++;
    if (x === y) agree++;
  }
  let expected = 0;
  for (let c = 0; c < k; c++) expected += rowSum[c]! * colSum[c]!;
  const po = agree / n;
  const pe = expected / (n * n);
  return pe === 1 ? Number.NaN : (po - pe) / (1 - pe);
}

/**
 * Fleiss' κ of an items × categories table of counts where every item has the same number of
 * ratings (statsmodels' `fleiss_kappa`, method 'fleiss').
 */
export function fleissKappa(table: readonly (readonly number[])[]): number {
  if (table.length === 0) return Number.NaN;
  const k = table[0]!.length;
  const raters = table[0]!.reduce((s, x) => s + x, 0);
  let total = 0;
  const pCat = new Float64Array(k);
  let pMean = 0;
  for (const [i, row] of table.entries()) {
    const m = row.reduce((s, x) => s + x, 0);
    if (m !== raters || row.length !== k) {
      throw new FlywheelError(
        'INVALID_ARGUMENT',
        `Fleiss' kappa needs the same number of ratings on every item: item ${i} has ${m}, item 0 has ${raters}.`,
        {
          hint: "Use Krippendorff's alpha when items have different numbers of annotations.",
        },
      );
    }
    let sq = 0;
    for (let c = 0; c < k; c++) {
      pCat[c]! += row[c]!;
      sq += row[c]! * row[c]!;
    }
    total += m;
    pMean += (sq - raters) / (raters * (raters - 1));
  }
  pMean /= table.length;
  let pExp = 0;
  for (let c = 0; c < k; c++) pExp += (pCat[c]! / total) ** 2;
  return (pMean - pExp) / (1 - pExp);
}

/**
 * Krippendorff's α for nominal data: `units[u]` holds the values unit u received (any number,
 * missing ones simply absent); units with fewer than two values are not pairable and are left out.
 * α = 1 − (n − 1) Σ_{c≠k} o_ck / Σ_{c≠k} n_c n_k. NaN when fewer than two values are pairable or
 * only one value occurs.
 */
export function krippendorffAlpha(units: readonly (readonly LabelValue[])[]): number {
  const index = categoryIndex(units.flat());
  const k = index.size;
  const o = new Float64Array(k * k);
  const counts = new Float64Array(k);
  for (const unit of units) {
    const m = unit.length;
    if (m < 2) continue;
    counts.fill(0);
    for (const v of unit) counts[index.get(keyOf(v))!]!++;
    for (let c = 0; c < k; c++) {
      if (counts[c] === 0) continue;
      for (let d = 0; d < k; d++) {
        const pairs = c === d ? counts[c]! * (counts[c]! - 1) : counts[c]! * counts[d]!;
        o[c * k + d]! += pairs / (m - 1);
      }
    }
  }
  const nc = new Float64Array(k);
  for (let c = 0; c < k; c++) for (let d = 0; d < k; d++) nc[c]! += o[c * k + d]!;
  let n = 0;
  for (let c = 0; c < k; c++) n += nc[c]!;
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < k; c++) {
    for (let d = 0; d < k; d++) {
      if (c === d) continue;
      observed += o[c * k + d]!;
      expected += nc[c]! * nc[d]!;
    }
  }
  if (n < 2 || expected === 0) return Number.NaN;
  return 1 - ((n - 1) * observed) / expected;
}

/**
 * Percent agreement: over items with at least two annotations, the share of annotator pairs that
 * gave the same label, averaged over items (for two annotators: the share of items they agree on).
 */
export function percentAgreement(units: readonly (readonly LabelValue[])[]): number {
  let sum = 0;
  let items = 0;
  for (const unit of units) {
    const m = unit.length;
    if (m < 2) continue;
    const counts = new Map<string, number>();
    for (const v of unit) counts.set(keyOf(v), (counts.get(keyOf(v)) ?? 0) + 1);
    let same = 0;
    for (const c of counts.values()) same += c * (c - 1);
    sum += same / (m * (m - 1));
    items++;
  }
  return items === 0 ? Number.NaN : sum / items;
}
