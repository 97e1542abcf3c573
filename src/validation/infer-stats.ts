/**
 * The statistics behind `suite infer`'s margins (docs/validation.md explains the reasoning):
 * normal quantiles, the beta-binomial tail of "fresh values outside the reference range", and the
 * two-sample Kolmogorov–Smirnov critical value.
 */

/** ln Γ(x) for x > 0 (Lanczos, g = 7; about 15 significant digits). */
export function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = c[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** The standard normal quantile Φ⁻¹(p) for 0 < p < 1 (Acklam; relative error below 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [
    -39.69683028665376, 220.9460984245205, -275.928510446969, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
    );
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

/**
 * The smallest count u such that, for a fresh batch of `m` values exchangeable with `n`
 * reference values, P(more than u fresh values fall outside the reference's [min, max]) ≤ alpha.
 *
 * The share of the population outside the range of n continuous values is Beta(2, n − 1)
 * (order statistics), whatever the distribution; given it, the fresh count is binomial. So the
 * count is beta-binomial(m, 2, n − 1). Ties (discrete data) only make values outside rarer.
 */
export function outsideAllowance(n: number, m: number, alpha: number): number {
  if (n < 2 || m < 1) return m;
  const a = 2;
  const b = n - 1;
  const logBeta = (x: number, y: number) => logGamma(x) + logGamma(y) - logGamma(x + y);
  const base = logBeta(a, b);
  let cdf = 0;
  for (let u = 0; u < m; u++) {
    const logChoose = logGamma(m + 1) - logGamma(u + 1) - logGamma(m - u + 1);
    cdf += Math.exp(logChoose + logBeta(u + a, m - u + b) - base);
    if (1 - cdf <= alpha) return u;
  }
  return m;
}

/** The two-sample KS critical value at level alpha for samples of n and m (asymptotic Kolmogorov). */
export function ksCritical(n: number, m: number, alpha: number): number {
  return Math.sqrt(-Math.log(alpha / 2) / 2) * Math.sqrt((n + m) / (n * m));
}

/** Round `x` down (dir -1) or up (dir 1) at a step of 10^k no larger than `resolution`. */
export function roundOutward(x: number, resolution: number, dir: -1 | 1): number {
  if (!(resolution > 0) || !Number.isFinite(x)) return x;
  const step = 10 ** Math.floor(Math.log10(resolution));
  const r = dir < 0 ? Math.floor(x / step) * step : Math.ceil(x / step) * step;
  // Print cleanly: keep only the digits the step has.
  const digits = Math.max(0, -Math.floor(Math.log10(step)));
  return Number(r.toFixed(Math.min(digits, 15)));
}
