/**
 * Tests for categorical columns on category counts: Pearson's chi-square test of homogeneity on
 * the 2 × k table (reference and current rows), exactly scipy's `chi2_contingency` with its
 * defaults (Yates' continuity correction when there is one degree of freedom; categories absent
 * from both samples dropped), and the two-proportion z-test for two categories.
 */
import { chiSquareSf, normalSf } from './special.js';

/** A test statistic with its p-value. */
export interface TestResult {
  statistic: number;
  pValue: number;
}

/** Chi-square test of homogeneity of two count vectors over the same categories. */
export function chiSquareTest(
  reference: ArrayLike<number>,
  current: ArrayLike<number>,
): TestResult & { dof: number } {
  const r: number[] = [];
  const c: number[] = [];
  for (let i = 0; i < reference.length; i++) {
    if (reference[i]! + current[i]! > 0) {
      r.push(reference[i]!);
      c.push(current[i]!);
    }
  }
  const dof = r.length - 1;
  if (dof <= 0) return { statistic: 0, pValue: 1, dof: 0 };
  const nr = r.reduce((s, x) => s + x, 0);
  const nc = c.reduce((s, x) => s + x, 0);
  const total = nr + nc;
  let statistic = 0;
  for (let j = 0; j < r.length; j++) {
    const col = r[j]! + c[j]!;
    statistic += cell(r[j]!, (nr * col) / total, dof) + cell(c[j]!, (nc * col) / total, dof);
  }
  return { statistic, pValue: chiSquareSf(statistic, dof), dof };
}

function cell(observed: number, expected: number, dof: number): number {
  let o = observed;
  if (dof === 1) {
    const diff = expected - observed;
    o += Math.sign(diff) * Math.min(0.5, Math.abs(diff));
  }
  return (o - expected) ** 2 / expected;
}

/**
 * Two-proportion z-test of the share of the second category: z = (p_ref − p_cur) / √(p(1−p)(1/n_ref + 1/n_cur))
 * with the pooled share p; two-sided p-value. When both samples hold one category only, z = 0 and p = 1.
 */
export function twoProportionZTest(reference: ArrayLike<number>, current: ArrayLike<number>): TestResult {
  const n1 = reference[0]! + reference[1]!;
  const n2 = current[0]! + current[1]!;
  const p1 = reference[1]! / n1;
  const p2 = current[1]! / n2;
  const pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (!(se > 0)) return { statistic: 0, pValue: 1 };
  const z = (p1 - p2) / se;
  return { statistic: z, pValue: 2 * normalSf(Math.abs(z)) };
}
