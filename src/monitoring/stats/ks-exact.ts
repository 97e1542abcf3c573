/**
 * Exact two-sided p-values of the two-sample Kolmogorov–Smirnov statistic, for the sample sizes
 * where scipy 1.10's `ks_2samp(method='auto')` computes them exactly (both ≤ 10,000). The
 * statistic is D = h / lcm(n1, n2); the p-value is the share of lattice paths from (0, 0) to
 * (n1, n2) that leave the band |x/n1 − y/n2| < D (Hodges 1958).
 */

/**
 * P(D ≥ h/n) for two samples of the same size n: the alternating sum
 * 2·Σ (−1)^(k−1) C(2n, n − kh) / C(2n, n), evaluated by nested products (Horner-like) to avoid
 * the cancellation of the plain sum.
 */
export function probOutsideSquare(n: number, h: number): number {
  let p = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    p = p1 * (1 - p);
  }
  return 2 * p;
}

/**
 * P(D ≥ h / lcm) for sample sizes m ≠ n with gcd g: the lattice-path recursion over one sliding
 * column of the path counts, carried as 1 − (share of paths still inside the band) so that small
 * p-values keep their precision (Viehmann 2021, arXiv:2102.08037).
 */
export function probOutsideBand(m0: number, n0: number, g: number, h: number): number {
  const m = Math.max(m0, n0);
  const n = Math.min(m0, n0);
  const mg = m / g;
  const ng = n / g;
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const a = new Float64Array(Math.min(2 * maxj + 2, n + 1)).fill(1);
  a.fill(0, minj, maxj);
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let val = minj === 0 ? 0 : 1;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      val = (a[jj + minj - lastminj]! * i + val * j) / (i + j);
      a[jj] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) a.fill(1, maxj - minj, Math.min(a.length, maxj - minj + (lastlen - curlen)));
  }
  return a[maxj - minj - 1]!;
}
