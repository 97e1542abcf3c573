/**
 * The survival function of the one-sample two-sided Kolmogorov–Smirnov statistic D_n,
 * P(D_n ≥ x), which scipy's `kstwo.sf(x, n)` computes and `ks_2samp` uses for its asymptotic
 * p-value with n = round(n1·n2 / (n1 + n2)). The method depends on n and n·x² as in Simard and
 * L'Ecuyer (2011), the same regions scipy 1.10 uses: Ruben–Gambino closed forms at the ends,
 * Durbin's matrix (Marsaglia–Tsang–Wang), Pomeranz's recursion, the Pelz–Good expansion, and
 * twice the one-sided Smirnov tail.
 */
import { smirnovSf } from './smirnov.js';

const E128 = 2 ** 128;
const EM128 = 2 ** -128;
const PI2 = Math.PI ** 2;
const PI4 = Math.PI ** 4;
const PI6 = Math.PI ** 6;
const SQRT2PI = Math.sqrt(2 * Math.PI);
// Bernoulli numbers B_2j / (2j(2j − 1)) for j = 8 … 1 (Stirling series coefficients).
const STIRLING = [
  -0.029550653594771242, 0.00641025641025641, -0.0019175269175269176, 0.0008417508417508417,
  -0.0005952380952380953, 0.0007936507936507937, -0.002777777777777778, 0.08333333333333333,
];

const clip = (p: number): number => Math.min(1, Math.max(0, p));

/** P(D_n ≥ x) for integer n ≥ 1 (scipy's `kstwo.sf`, including its support [1/(2n), 1]). */
export function kolmogorovSf(n: number, x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x <= 0.5 / n) return 1;
  if (x >= 1) return 0;
  const t = n * x;
  if (t <= 1) return clip(1 - rubenGambinoLow(n, t));
  if (t >= n - 1) return clip(2 * (1 - x) ** n);
  if (x >= 0.5) return clip(2 * smirnovSf(n, x));
  const nxx = t * x;
  if (n <= 140) {
    if (nxx <= 0.754693) return clip(1 - durbinMatrixCdf(n, x));
    if (nxx <= 4) return clip(1 - pomeranzCdf(n, x));
    return clip(2 * smirnovSf(n, x));
  }
  if (nxx >= 370) return 0;
  if (nxx >= 2.2) return clip(2 * smirnovSf(n, x));
  const cdf = n <= 100000 && n * x ** 1.5 <= 1.4 ? durbinMatrixCdf(n, x) : pelzGoodCdf(n, x);
  return clip(1 - cdf);
}

/** P(D_n ≤ x) for 1/(2n) < x ≤ 1/n: n!/n^n · (2nx − 1)^n. */
function rubenGambinoLow(n: number, t: number): number {
  if (n <= 140) {
    let p = 1;
    for (let i = 1; i <= n; i++) p *= i * (1 / n) * (2 * t - 1);
    return p;
  }
  return Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
}

/** ln(n! / n^n) by Stirling's series with n·ln(n) removed up front. */
function logFactorialOverPower(n: number): number {
  const rn = 1 / n;
  let poly = 0;
  for (const c of STIRLING) poly = poly * (rn / n) + c;
  return Math.log(n) / 2 - n + Math.log(2 * Math.PI) / 2 + rn * poly;
}

/** P(D_n ≤ d) by Durbin's matrix method: the (k, k) entry of H^n scaled by n!/n^n. */
export function durbinMatrixCdf(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const m = 2 * k - 1;
  const { matrix, power } = matrixPower(durbinMatrix(k - nd, m), m, n, k);
  let p = matrix[(k - 1) * m + (k - 1)]!;
  let exponent = power;
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < EM128) {
      p *= E128;
      exponent -= 128;
    }
  }
  return exponent === 0 ? p : p * 2 ** exponent;
}

function durbinMatrix(h: number, m: number): Float64Array {
  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let fac = 1;
  for (let j = 1; j <= m; j++) {
    w[j - 1] = fac;
    fac /= j;
    v[j - 1] = (1 - h ** j) * fac;
  }
  const tt = Math.max(2 * h - 1, 0) ** m - 2 * h ** m;
  v[m - 1] = (1 + tt) * fac;
  const H = new Float64Array(m * m);
  for (let i = 1; i < m; i++) for (let r = i - 1; r < m; r++) H[r * m + i] = w[r - i + 1]!;
  for (let r = 0; r < m; r++) H[r * m] = v[r]!;
  for (let c = 0; c < m; c++) H[(m - 1) * m + c] = v[m - 1 - c]!;
  return H;
}

function matrixPower(h0: Float64Array, m: number, n: number, k: number) {
  let h: Float64Array = h0;
  let result: Float64Array = new Float64Array(m * m);
  for (let i = 0; i < m; i++) result[i * m + i] = 1;
  let power = 0;
  let hPower = 0;
  for (let nn = n; nn > 0; nn = Math.floor(nn / 2)) {
    if (nn % 2) {
      result = matMul(result, h, m);
      power += hPower;
    }
    h = matMul(h, h, m);
    hPower *= 2;
    if (Math.abs(h[(k - 1) * m + (k - 1)]!) > E128) {
      for (let i = 0; i < h.length; i++) h[i]! /= E128;
      hPower += 128;
    }
  }
  return { matrix: result, power };
}

function matMul(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let l = 0; l < m; l++) {
      const ail = a[i * m + l]!;
      if (ail === 0) continue;
      for (let j = 0; j < m; j++) out[i * m + j]! += ail * b[l * m + j]!;
    }
  }
  return out;
}

/** The first and last column of row i of Pomeranz's recursion. */
function pomeranzBounds(i: number, n: number, ll: number, ceilf: number, roundf: number): [number, number] {
  let j1: number;
  let j2: number;
  if (i === 0) {
    j1 = -ll - ceilf - 1;
    j2 = ll + ceilf - 1;
  } else {
    const half = Math.floor((i + 1) / 2);
    if ((i + 1) % 2 === 0) {
      if (half === n + 1) {
        j1 = n - ll - ceilf - 1;
        j2 = n + ll + ceilf - 1;
      } else {
        j1 = half - 1 - ll - roundf - 1;
        j2 = half + ll - 1 + ceilf - 1;
      }
    } else {
      j1 = half - 1 - ll - 1;
      j2 = half + ll + roundf - 1;
    }
  }
  return [Math.max(j1 + 2, 0), Math.min(j2, n)];
}

/** Powers (a/n)^j / j! for j < count. */
function scaledPowers(a: number, n: number, count: number): Float64Array {
  const out = new Float64Array(count);
  out[0] = 1;
  for (let j = 1; j < count; j++) out[j] = (out[j - 1]! * (a / n)) / j;
  return out;
}

/** P(D_n ≤ x) by Pomeranz's recursion (1974): rows of Poisson convolutions, rescaled. */
export function pomeranzCdf(n: number, x: number): number {
  const t = n * x;
  const ll = Math.floor(t);
  const f = t - ll;
  const g = Math.min(f, 1 - f);
  const ceilf = f > 0 ? 1 : 0;
  const roundf = f > 0.5 ? 1 : 0;
  const count = 2 * (ll + 1);
  const gpow = scaledPowers(g, n, count);
  const twoGpow = scaledPowers(2 * g, n, count);
  const oneMinusPow = scaledPowers(1 - 2 * g, n, count);
  let v0 = new Float64Array(count);
  let v1 = new Float64Array(count);
  v1[0] = 1;
  let v0s = 0;
  let v1s = 0;
  let exponent = 0;
  let [j1, j2] = pomeranzBounds(0, n, ll, ceilf, roundf);
  for (let i = 1; i < 2 * n + 2; i++) {
    const k1 = j1;
    [v0, v1] = [v1, v0];
    [v0s, v1s] = [v1s, v0s];
    v1.fill(0);
    [j1, j2] = pomeranzBounds(i, n, ll, ceilf, roundf);
    const pw = i === 1 || i === 2 * n + 1 ? gpow : i % 2 ? twoGpow : oneMinusPow;
    const len = j2 - k1 + 1;
    if (len > 0) {
      convolveInto(v1, v0, k1 - v0s, pw, len, j1 - k1, j2 - j1 + 1);
      let max = 0;
      for (let j = 0; j < count; j++) if (v1[j]! > max) max = v1[j]!;
      if (max > 0 && max < EM128) {
        for (let j = 0; j < count; j++) v1[j]! *= E128;
        exponent -= 128;
      }
      v1s = v0s + j1 - k1;
    }
  }
  let ans = v1[n - v1s]!;
  for (let m = 1; m <= n; m++) {
    if (Math.abs(ans) > E128) {
      ans *= EM128;
      exponent += 128;
    }
    ans *= m;
  }
  return exponent === 0 ? ans : ans * 2 ** exponent;
}

/** out[0..outLen) = (a[from..from+len) ⊛ b[0..len))[start..start+outLen), the full convolution's slice. */
function convolveInto(
  out: Float64Array,
  a: Float64Array,
  from: number,
  b: Float64Array,
  len: number,
  start: number,
  outLen: number,
): void {
  const aLen = Math.min(len, a.length - from);
  for (let o = 0; o < outLen; o++) {
    const c = o + start;
    let s = 0;
    const lo = Math.max(0, c - len + 1);
    const hi = Math.min(c, aLen - 1);
    for (let i = lo; i <= hi; i++) s += a[from + i]! * b[c - i]!;
    out[o] = s;
  }
}

/** P(D_n ≤ x) by the Pelz–Good (1976) expansion, for large n and small x. */
export function pelzGoodCdf(n: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const z = Math.sqrt(n) * x;
  const z2 = z * z;
  const z4 = z2 * z2;
  const z6 = z4 * z2;
  const qlog = -PI2 / 8 / z2;
  if (qlog < -708) return 0;
  const k0to3 = oddTerms(z, z2, z4, z6, Math.exp(qlog));
  const maxk = Math.ceil((16 * z) / Math.PI);
  const q = Math.exp(-PI2 / 2 / z2);
  let k2extra = 0;
  let k3extra = 0;
  const sqrt3z = Math.sqrt(3) * z;
  for (let k = maxk; k >= 1; k--) {
    const kk = k * k;
    const qp = q ** kk;
    k2extra += kk * qp;
    const kpi = Math.PI * k;
    k3extra += (sqrt3z + kpi) * (sqrt3z - kpi) * kk * qp;
  }
  k0to3[2]! += (k2extra * PI2 * SQRT2PI) / (-36 * z * z2);
  k0to3[3]! += (k3extra * PI2 * SQRT2PI) / (216 * z6);
  let sum = 0;
  for (let i = 0; i < 4; i++) sum += k0to3[i]! / n ** (i / 2);
  return sum;
}

/** The four Li-Chien–Korolyuk terms' sums over odd integers, by a Horner scheme in q^8. */
function oddTerms(z: number, z2: number, z4: number, z6: number, q: number): Float64Array {
  const k1a = -z2;
  const k1b = PI2 / 4;
  const k2a = 6 * z6 + 2 * z4;
  const k2b = ((2 * z4 - 5 * z2) * PI2) / 4;
  const k2c = (PI4 * (1 - 2 * z2)) / 16;
  const k3d = (PI6 * (5 - 30 * z2)) / 64;
  const k3c = (PI4 * (-60 * z2 + 212 * z4)) / 16;
  const k3b = (PI2 * (135 * z4 - 96 * z6)) / 4;
  const k3a = -30 * z6 - 90 * z ** 8;
  const s = new Float64Array(4);
  for (let k = Math.ceil((16 * z) / Math.PI); k >= 1; k--) {
    const m = 2 * k - 1;
    const m2 = m * m;
    const m4 = m2 * m2;
    const qp = q ** (8 * k);
    const c = [1, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4, k3a + k3b * m2 + k3c * m4 + k3d * m4 * m2];
    for (let i = 0; i < 4; i++) s[i] = s[i]! * qp + c[i]!;
  }
  const div = [z, 6 * z4, 72 * z ** 7, 6480 * z ** 10];
  for (let i = 0; i < 4; i++) s[i] = (s[i]! * q * SQRT2PI) / div[i]!;
  return s;
}
