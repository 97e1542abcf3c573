/**
 * Distances between two discrete distributions given as counts over the same bins (numeric
 * columns: reference-quantile bins; categorical columns: the union of categories). Natural
 * logarithms throughout. Where a share of zero would make a distance infinite (PSI, KL), zero
 * shares are replaced by 1e-4 first, as Evidently does; Jensen–Shannon and Hellinger need no such
 * floor.
 */

/** The share floor for PSI and KL. */
export const SHARE_FLOOR = 1e-4;

/** Counts divided by their total. */
export function toShares(counts: ArrayLike<number>): Float64Array {
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i]!;
  const out = new Float64Array(counts.length);
  for (let i = 0; i < counts.length; i++) out[i] = counts[i]! / total;
  return out;
}

const floor = (p: number): number => (p === 0 ? SHARE_FLOOR : p);

/** Population stability index Σ (c − r)·ln(c / r) over floored shares. */
export function psi(reference: Float64Array, current: Float64Array): number {
  let s = 0;
  for (let i = 0; i < reference.length; i++) {
    const r = floor(reference[i]!);
    const c = floor(current[i]!);
    s += (c - r) * Math.log(c / r);
  }
  return s;
}

/** Kullback–Leibler divergence KL(reference ‖ current) in nats, over floored and renormalised shares (scipy's `entropy`). */
export function klDivergence(reference: Float64Array, current: Float64Array): number {
  const p = toShares(Array.from(reference, floor));
  const q = toShares(Array.from(current, floor));
  let s = 0;
  for (let i = 0; i < p.length; i++) s += p[i]! * Math.log(p[i]! / q[i]!);
  return s;
}

/** Jensen–Shannon distance (the square root of the divergence, natural log; at most √ln 2 ≈ 0.833). */
export function jensenShannon(reference: Float64Array, current: Float64Array): number {
  const p = toShares(reference);
  const q = toShares(current);
  let left = 0;
  let right = 0;
  for (let i = 0; i < p.length; i++) {
    const m = (p[i]! + q[i]!) / 2;
    if (p[i]! > 0) left += p[i]! * Math.log(p[i]! / m);
    if (q[i]! > 0) right += q[i]! * Math.log(q[i]! / m);
  }
  return Math.sqrt((left + right) / 2);
}

/** Hellinger distance √(Σ (√r − √c)²) / √2, between 0 and 1. */
export function hellinger(reference: Float64Array, current: Float64Array): number {
  let s = 0;
  for (let i = 0; i < reference.length; i++) s += (Math.sqrt(reference[i]!) - Math.sqrt(current[i]!)) ** 2;
  return Math.sqrt(s) / Math.SQRT2;
}

/** L-infinity distance: the largest difference of any one share. */
export function lInfinity(reference: Float64Array, current: Float64Array): number {
  let m = 0;
  for (let i = 0; i < reference.length; i++) m = Math.max(m, Math.abs(reference[i]! - current[i]!));
  return m;
}

/** The Wasserstein distance divided by the reference's standard deviation (at least 0.001, as Evidently does). */
export function normalisedWasserstein(wasserstein: number, referenceStd: number): number {
  return wasserstein / Math.max(referenceStd, 0.001);
}
