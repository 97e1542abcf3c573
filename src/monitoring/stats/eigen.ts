/**
 * Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations (accurate to a few
 * ulps for the matrices a drift detector needs: one row and column per numeric feature).
 */

/** Eigenvalues (descending) and unit eigenvectors (`vectors[i]` belongs to `values[i]`). */
export interface Eigen {
  values: number[];
  vectors: Float64Array[];
}

/** Decompose the symmetric d × d matrix `a` (row-major; not modified). */
export function symmetricEigen(a: Float64Array, d: number): Eigen {
  const m = a.slice();
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) off += m[p * d + q]! ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) rotate(m, v, d, p, q);
  }
  const order = Array.from({ length: d }, (_, i) => i).sort((i, j) => m[j * d + j]! - m[i * d + i]!);
  return {
    values: order.map((i) => m[i * d + i]!),
    vectors: order.map((i) => Float64Array.from({ length: d }, (_, r) => v[r * d + i]!)),
  };
}

/** One Jacobi rotation that zeroes m[p][q] (Golub and Van Loan, algorithm 8.4.2). */
function rotate(m: Float64Array, v: Float64Array, d: number, p: number, q: number): void {
  const apq = m[p * d + q]!;
  if (apq === 0) return;
  const theta = (m[q * d + q]! - m[p * d + p]!) / (2 * apq);
  const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
  const c = 1 / Math.sqrt(t * t + 1);
  const s = t * c;
  for (let k = 0; k < d; k++) {
    const mkp = m[k * d + p]!;
    const mkq = m[k * d + q]!;
    m[k * d + p] = c * mkp - s * mkq;
    m[k * d + q] = s * mkp + c * mkq;
  }
  for (let k = 0; k < d; k++) {
    const mpk = m[p * d + k]!;
    const mqk = m[q * d + k]!;
    m[p * d + k] = c * mpk - s * mqk;
    m[q * d + k] = s * mpk + c * mqk;
  }
  for (let k = 0; k < d; k++) {
    const vkp = v[k * d + p]!;
    const vkq = v[k * d + q]!;
    v[k * d + p] = c * vkp - s * vkq;
    v[k * d + q] = s * vkp + c * vkq;
  }
}
