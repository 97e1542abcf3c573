/** The WebAssembly SIMD passes of linear training against plain double loops. */
import { describe, expect, it } from 'vitest';
import { createRng } from '../core/index.js';
import { compileWasmLinear, linearDesignMatrix, WASM_BLOCK } from './linear.js';

/** Reference: z = Xw + b and Xᵀg, summed left to right in plain JavaScript. */
function reference(X: Float64Array, n: number, d: number, w: Float64Array, g: Float64Array) {
  const z = new Float64Array(n);
  const grad = new Float64Array(d);
  for (let r = 0; r < n; r++) {
    let s = w[d]!;
    for (let c = 0; c < d; c++) s += X[r * d + c]! * w[c]!;
    z[r] = s;
    for (let c = 0; c < d; c++) grad[c]! += g[r]! * X[r * d + c]!;
  }
  return { z, grad };
}

const relClose = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));

describe('compileWasmLinear', () => {
  // Feature counts with and without an odd last feature, and with fewer than two pairs; row counts
  // with leftovers after the groups of four.
  for (const [n, d] of [
    [37, 1],
    [23, 2],
    [41, 3],
    [64, 7],
    [53, 30],
  ] as const) {
    it(`matches plain loops on ${n}×${d} random rows`, () => {
      const rng = createRng(d * 1000 + n);
      const X = Float64Array.from({ length: n * d }, () => rng.next() * 4 - 2);
      const w = Float64Array.from({ length: d + 1 }, () => rng.next() * 2 - 1);
      const g = Float64Array.from({ length: n }, () => rng.next() - 0.5);
      const k = compileWasmLinear(X, n, d);
      expect(k).not.toBeNull();
      k!.w.set(w);
      k!.grad.fill(0);
      const z = new Float64Array(n);
      for (let b0 = 0; b0 < n; b0 += 16) {
        const bl = Math.min(16, n - b0);
        k!.scores(b0, bl);
        z.set(k!.z.subarray(0, bl), b0);
        k!.g.set(g.subarray(b0, b0 + bl));
        k!.gradient(b0, bl);
      }
      const ref = reference(X, n, d, w, g);
      for (let r = 0; r < n; r++) expect(relClose(z[r]!, ref.z[r]!), `z[${r}]`).toBe(true);
      for (let c = 0; c < d; c++) expect(relClose(k!.grad[c]!, ref.grad[c]!), `grad[${c}]`).toBe(true);
      // Not trivially equal: the gradient is far from zero somewhere.
      expect(Math.max(...Array.from(ref.grad, Math.abs))).toBeGreaterThan(0.1);
    });
  }
});

describe('linearDesignMatrix', () => {
  it('is used in place, not copied, by compileWasmLinear', () => {
    const X = linearDesignMatrix(5, 3, 'auto');
    X.set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    const k = compileWasmLinear(X, 5, 3)!;
    expect(k.w.buffer).toBe(X.buffer);
    k.w.set([1, 0, 0, 0.5]);
    X[3] = 100; // row 1, feature 0: seen by the kernel because it is the same memory
    k.scores(0, 5);
    expect(Array.from(k.z.subarray(0, 5))).toEqual([1.5, 100.5, 7.5, 10.5, 13.5]);
    // With the JavaScript kernels chosen: a plain array, no WebAssembly memory.
    const plain = linearDesignMatrix(5, 3, 'js');
    expect(plain.buffer.byteLength).toBe(5 * 3 * 8);
  });
});

describe('the WebAssembly log-loss pass', () => {
  it('gives the log-loss gradients and loss of Math.exp and Math.log1p to 1e-12', () => {
    // Scores from −800 (past exp's clamp) through 0 to 800, odd row count (a JavaScript last row).
    const n = 301;
    const rng = createRng(7);
    const zs = Float64Array.from({ length: n }, (_, i) =>
      i < 4 ? [-800, -30, 0, 800][i]! : (rng.next() - 0.5) * 40,
    );
    const y = Float64Array.from({ length: n }, () => (rng.next() < 0.4 ? 1 : 0));
    const weight = 1.7;
    // The formulas the pass implements (those of training/objective.ts), with the runtime's exp and log1p.
    const gRef = new Float64Array(n);
    let lossRef = 0;
    for (let r = 0; r < n; r++) {
      const e = Math.exp(-Math.abs(zs[r]!));
      gRef[r] = weight * ((zs[r]! >= 0 ? 1 : e) / (1 + e) - y[r]!);
      lossRef += weight * (Math.max(zs[r]!, 0) - y[r]! * zs[r]! + Math.log1p(e));
    }
    // X = the wanted scores as one feature: d = 1, w = 1, b = 0 gives z = x.
    const k = compileWasmLinear(zs, n, 1, { y, weight });
    expect(k).not.toBeNull();
    k!.w.set([1, 0]);
    let loss = 0;
    const g = new Float64Array(n);
    for (let b0 = 0; b0 < n; b0 += WASM_BLOCK) {
      const bl = Math.min(WASM_BLOCK, n - b0);
      k!.scores(b0, bl);
      loss += k!.logistic(b0, bl);
      g.set(k!.g.subarray(0, bl), b0);
    }
    expect(relClose(loss, lossRef)).toBe(true);
    for (let r = 0; r < n; r++)
      expect(Math.abs(g[r]! - gRef[r]!), `g[${r}]`).toBeLessThanOrEqual(1e-12 * Math.abs(gRef[r]!) + 1e-300);
    // The exact values at z = 0 (p = 1/2) and z = 800 (p = 1): −½ or ½ times the weight, or 0.
    expect(g[2]).toBe(weight * (0.5 - y[2]!));
    expect(g[3]).toBe(weight * (1 - y[3]!));
  });
});
