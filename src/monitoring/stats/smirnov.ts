/**
 * The one-sided Smirnov tail P(D+_n ≥ x) (scipy's `special.smirnov(n, x)`), by the exact
 * Smirnov / Birnbaum–Tingey sum
 *
 *   P(D+_n ≥ x) = x · Σ_{v=0}^{⌊n(1−x)⌋} C(n, v) (x + v/n)^(v−1) (1 − x − v/n)^(n−v).
 *
 * Every term is a binomial probability C(n, v) a^v (1−a)^(n−v) divided by a = x + v/n, so each is
 * evaluated with Loader's saddle-point formula (relative error about 1e-14 for any n) and the
 * terms, all positive, are summed (for large n on a coarser grid, see `sumFromMode`). For
 * n > 1,000,000 scipy switches to Miller's approximation exp(−(6nx + 1)² / (18n)), and so do we.
 */
import { logBinomialTerm } from './special.js';

const MIN_LOG = -708.3964185322641;
const MAX_EXACT_N = 1_000_000;
const DIRECT_N = 2000;
const NEGLIGIBLE = 2 ** -80;

/** P(D+_n ≥ x) for the one-sided Kolmogorov–Smirnov statistic of a sample of size n. */
export function smirnovSf(n: number, x: number): number {
  if (Number.isNaN(x) || !(n > 0)) return Number.NaN;
  if (n === 1) return Math.min(1, Math.max(0, 1 - x));
  if (x <= 0) return 1;
  if (x >= 1) return 0;
  const nx = n * x;
  if (nx <= 1) return 1 - x * (1 + x) ** (n - 1);
  if (-2 * n * x * x < MIN_LOG) return 0;
  if (Math.floor(nx) >= n - 1) return (1 - x) ** n;
  if (n > MAX_EXACT_N) return Math.exp(-((6 * nx + 1) ** 2) / 18 / n);
  const last = Math.floor(n * (1 - x));
  const sum = n <= DIRECT_N ? sumAll(n, x, last) : sumFromMode(n, x, last);
  return Math.min(1, Math.max(0, x * sum));
}

/** ln of term v: C(n, v) (x + v/n)^(v−1) (1 − x − v/n)^(n−v), or −∞ when it is zero. */
function logTerm(n: number, x: number, v: number): number {
  const nx = n * x;
  const nq = n - v - nx;
  if (!(nq > 0)) return Number.NEGATIVE_INFINITY;
  if (v === 0) return n * Math.log1p(-x) - Math.log(x);
  return logBinomialTerm(v, n, nx + v, nq) - Math.log(x + v / n);
}

function sumAll(n: number, x: number, last: number): number {
  let s = 0;
  for (let v = 0; v <= last; v++) s += Math.exp(logTerm(n, x, v));
  return s;
}

/**
 * Σ of the terms for large n. In the range that matters the terms, as a function of v, form one
 * smooth bump many values wide (its width grows like n), so the sum over all integers equals the
 * step-h trapezoid sum h·Σ f(v₀ + kh) to far below double precision once h is small against that
 * width; h is halved (reusing the previous points) until two successive sums agree to 1e-14.
 * When the first or last term is not negligible the bump is not isolated, and every term is added.
 */
function sumFromMode(n: number, x: number, last: number): number {
  const coarse = Math.max(1, Math.floor(last / 256));
  let mode = 0;
  let peak = Number.NEGATIVE_INFINITY;
  for (let v = 0; v <= last; v += coarse) {
    const l = logTerm(n, x, v);
    if (l > peak) {
      peak = l;
      mode = v;
    }
  }
  if (logTerm(n, x, 0) - peak > -40 || logTerm(n, x, last) - peak > -40) return sumAll(n, x, last);
  const f = (v: number) => Math.exp(logTerm(n, x, v) - peak);
  let h = 2 ** Math.floor(Math.log2(Math.max(1, last / 512)));
  let sum = h * walkOut(f, mode, h, 0, last);
  while (h > 1) {
    const half = h / 2;
    const next = sum / 2 + half * walkOut(f, mode + half, h, 0, last);
    const done = Math.abs(next - sum) <= 1e-14 * next;
    sum = next;
    h = half;
    if (done) break;
  }
  return sum * Math.exp(peak);
}

/** Σ f(start + k·step) over the k that keep the argument in [lo, hi], outward from `start` until negligible. */
function walkOut(f: (v: number) => number, start: number, step: number, lo: number, hi: number): number {
  let sum = 0;
  for (let v = start, k = 0; v <= hi; v += step, k++) {
    const t = f(v);
    sum += t;
    if (k > 1 && t < NEGLIGIBLE * sum) break;
  }
  for (let v = start - step, k = 0; v >= lo; v -= step, k++) {
    const t = f(v);
    sum += t;
    if (k > 1 && t < NEGLIGIBLE * sum) break;
  }
  return sum;
}
