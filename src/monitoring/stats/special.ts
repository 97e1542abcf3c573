/**
 * Special functions the drift tests need, written for double precision: log-gamma, the regularised
 * upper incomplete gamma function (chi-square and normal tails), Loader's saddle-point binomial
 * terms (for the one-sided Smirnov sum) and round-half-to-even (numpy's `round`).
 */

const LOG_SQRT_PI = 0.5723649429247001; // ln(sqrt(pi)) = lgamma(0.5)
const LN_2PI = 1.8378770664093453; // ln(2 pi)
const EPS = 2.220446049250313e-16;
const BIG = 4503599627370496.0; // 2^52, rescaling of the continued fraction
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7; relative error about 1e-15). */
export function logGamma(x: number): number {
  if (x === 0.5) return LOG_SQRT_PI;
  if (x < 0.5) return logGamma(x + 1) - Math.log(x);
  const z = x - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return 0.5 * LN_2PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** The regularised upper incomplete gamma function Q(a, x) = Γ(a, x) / Γ(a). */
export function gammaQ(a: number, x: number): number {
  if (!(x > 0)) return 1;
  if (x < 1 || x < a) return 1 - gammaPSeries(a, x);
  return gammaQFraction(a, x);
}

function logPrefactor(a: number, x: number): number {
  return a * Math.log(x) - x - logGamma(a);
}

/** P(a, x) by its power series (converges for x < a + 1 quickly). */
function gammaPSeries(a: number, x: number): number {
  const ax = logPrefactor(a, x);
  if (ax < -745) return 0;
  let r = a;
  let c = 1;
  let sum = 1;
  do {
    r += 1;
    c *= x / r;
    sum += c;
  } while (c / sum > EPS);
  return (sum * Math.exp(ax)) / a;
}

/** Q(a, x) by its continued fraction (Legendre), as in Cephes `igamc`. */
function gammaQFraction(a: number, x: number): number {
  const ax = logPrefactor(a, x);
  if (ax < -745) return 0;
  let y = 1 - a;
  let z = x + y + 1;
  let c = 0;
  let pkm2 = 1;
  let qkm2 = x;
  let pkm1 = x + 1;
  let qkm1 = z * x;
  let ans = pkm1 / qkm1;
  let t: number;
  do {
    c += 1;
    y += 1;
    z += 2;
    const yc = y * c;
    const pk = pkm1 * z - pkm2 * yc;
    const qk = qkm1 * z - qkm2 * yc;
    if (qk !== 0) {
      const r = pk / qk;
      t = Math.abs((ans - r) / r);
      ans = r;
    } else t = 1;
    pkm2 = pkm1;
    pkm1 = pk;
    qkm2 = qkm1;
    qkm1 = qk;
    if (Math.abs(pk) > BIG) {
      pkm2 /= BIG;
      pkm1 /= BIG;
      qkm2 /= BIG;
      qkm1 /= BIG;
    }
  } while (t > EPS);
  return ans * Math.exp(ax);
}

/** The chi-square survival function P(X ≥ x) with `dof` degrees of freedom. */
export function chiSquareSf(x: number, dof: number): number {
  if (dof <= 0) return Number.NaN;
  return gammaQ(dof / 2, x / 2);
}

/** erfc(x), the complementary error function, accurate in the far tail. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return x;
  if (x < 0) return 2 - erfc(-x);
  if (x < 0.5) return 1 - erfSeries(x);
  return gammaQ(0.5, x * x);
}

function erfSeries(x: number): number {
  // erf(x) = 2/sqrt(pi) * sum (-1)^k x^(2k+1) / (k! (2k+1))
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let k = 1; k < 60; k++) {
    term *= -x2 / k;
    const add = term / (2 * k + 1);
    sum += add;
    if (Math.abs(add) < EPS * Math.abs(sum)) break;
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

/** The standard normal survival function P(Z ≥ z). */
export function normalSf(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/** Round half to even, as numpy's `round` does. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** The greatest common divisor of two non-negative integers. */
export function gcd(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) {
    const t = x % y;
    x = y;
    y = t;
  }
  return x;
}

// ln(n!) - ln(sqrt(2 pi n) (n/e)^n) for n = 0..15 (computed with 60-digit decimals).
const STIRLERR = [
  0, 0.08106146679532726, 0.0413406959554093, 0.02767792568499834, 0.020790672103765093, 0.016644691189821193,
  0.013876128823070748, 0.01189670994589177, 0.010411265261972096, 0.009255462182712733, 0.00833056343336287,
  0.007573675487951841, 0.00694284010720953, 0.006408994188004207, 0.0059513701127588475,
  0.005554733551962801,
];

/** The error of Stirling's formula for ln(n!) at an integer n ≥ 0 (Loader 2000). */
export function stirlingError(n: number): number {
  if (n <= 15) return STIRLERR[n]!;
  const nn = n * n;
  const s0 = 1 / 12;
  const s1 = 1 / 360;
  const s2 = 1 / 1260;
  const s3 = 1 / 1680;
  const s4 = 1 / 1188;
  if (n > 500) return (s0 - s1 / nn) / n;
  if (n > 80) return (s0 - (s1 - s2 / nn) / nn) / n;
  if (n > 35) return (s0 - (s1 - (s2 - s3 / nn) / nn) / nn) / n;
  return (s0 - (s1 - (s2 - (s3 - s4 / nn) / nn) / nn) / nn) / n;
}

/** Loader's deviance term x·ln(x/np) + np − x, without cancellation when x ≈ np. */
export function bd0(x: number, np: number): number {
  if (Math.abs(x - np) < 0.1 * (x + np)) {
    let v = (x - np) / (x + np);
    const s0 = (x - np) * v;
    let s = s0;
    let ej = 2 * x * v;
    v *= v;
    for (let j = 1; j < 1000; j++) {
      ej *= v;
      const s1 = s + ej / (2 * j + 1);
      if (s1 === s) return s1;
      s = s1;
    }
  }
  return x * Math.log(x / np) + np - x;
}

/**
 * ln of the binomial probability C(n, k) p^k q^(n−k) for 0 < k < n, given n·p and n·q directly
 * (so that callers can pass them without rounding p + q = 1): Loader's saddle-point form.
 */
export function logBinomialTerm(k: number, n: number, np: number, nq: number): number {
  const lc = stirlingError(n) - stirlingError(k) - stirlingError(n - k) - bd0(k, np) - bd0(n - k, nq);
  const lf = LN_2PI + Math.log(k) + Math.log1p(-k / n);
  return lc - 0.5 * lf;
}
