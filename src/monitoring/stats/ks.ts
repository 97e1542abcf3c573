/**
 * The two-sample Kolmogorov–Smirnov test, two-sided, with scipy 1.10's `ks_2samp(method='auto')`
 * p-values: exact when both samples have at most 10,000 values, otherwise `kstwo.sf(D, n)` with
 * n = round(n1·n2 / (n1 + n2)) (rounded half to even, as numpy does).
 */

import { sortNumbers } from '../../core/index.js';
import { kolmogorovSf } from './kolmogorov.js';
import { probOutsideBand, probOutsideSquare } from './ks-exact.js';
import { gcd, roundHalfEven } from './special.js';

/** The largest sample size for which the exact p-value is computed (scipy's MAX_AUTO_N). */
export const KS_MAX_EXACT_N = 10_000;

/** A two-sample KS result. */
export interface KsResult {
  /** D, the largest gap between the two empirical distribution functions. */
  statistic: number;
  pValue: number;
  /** How the p-value was computed. */
  method: 'exact' | 'asymptotic';
}

/** The signed extremes of F1 − F2 over all data points: max(F1 − F2) and max(F2 − F1), both ≥ 0. */
export interface KsExtremes {
  maxPositive: number;
  maxNegative: number;
}

/** D (and its p-value) from the signed extremes of F1 − F2, picking the side as scipy does. */
export function ksFromExtremes(n1: number, n2: number, extremes: KsExtremes): KsResult {
  const minS = Math.min(1, Math.max(0, extremes.maxNegative));
  const d = Math.max(minS, extremes.maxPositive);
  return ksPValue(n1, n2, d);
}

/** The p-value of statistic `d` for sample sizes n1 and n2 (and D as scipy reports it). */
export function ksPValue(n1: number, n2: number, d: number): KsResult {
  if (Math.max(n1, n2) <= KS_MAX_EXACT_N) {
    const g = gcd(n1, n2);
    const lcm = (n1 / g) * n2;
    const h = Math.round(d * lcm);
    const dExact = h / lcm;
    if (h === 0) return { statistic: dExact, pValue: 1, method: 'exact' };
    const p = n1 === n2 ? probOutsideSquare(n1, h) : probOutsideBand(n1, n2, g, h);
    if (p >= 0 && p <= 1) return { statistic: dExact, pValue: p, method: 'exact' };
    return asymptotic(n1, n2, dExact);
  }
  return asymptotic(n1, n2, d);
}

function asymptotic(n1: number, n2: number, d: number): KsResult {
  const m = Math.max(n1, n2);
  const n = Math.min(n1, n2);
  const en = (m * n) / (m + n);
  const p = kolmogorovSf(roundHalfEven(en), d);
  return { statistic: d, pValue: Math.min(1, Math.max(0, p)), method: 'asymptotic' };
}

/** The signed extremes of F1 − F2 for two ascending arrays of finite values (a merge walk). */
export function ksExtremesSorted(a: Float64Array, b: Float64Array): KsExtremes {
  const n1 = a.length;
  const n2 = b.length;
  let i = 0;
  let j = 0;
  let maxPositive = 0;
  let maxNegative = 0;
  while (i < n1 || j < n2) {
    const v = i < n1 && (j >= n2 || a[i]! <= b[j]!) ? a[i]! : b[j]!;
    while (i < n1 && a[i] === v) i++;
    while (j < n2 && b[j] === v) j++;
    const diff = i / n1 - j / n2;
    if (diff > maxPositive) maxPositive = diff;
    if (-diff > maxNegative) maxNegative = -diff;
  }
  return { maxPositive, maxNegative };
}

/** The two-sample KS test on two samples (non-finite values dropped; both must keep at least one value). */
export function ks2Samp(a: ArrayLike<number>, b: ArrayLike<number>): KsResult {
  const x = sortedFinite(a);
  const y = sortedFinite(b);
  return ksFromExtremes(x.length, y.length, ksExtremesSorted(x, y));
}

/** The finite values of `values` (NaN and ±Infinity dropped), ascending. */
export function sortedFinite(values: ArrayLike<number>): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]!)) n++;
  const out = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]!)) out[k++] = values[i]!;
  return sortNumbers(out);
}
