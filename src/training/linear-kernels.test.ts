/** Linear training with the WebAssembly kernels (src/kernels) against the JavaScript kernel. */
import { describe, expect, it } from 'vitest';
import { createRng } from '../core/index.js';
import { compileWasmLinear } from '../kernels/index.js';
import type { LinearScorer } from '../models/index.js';
import { trainLinear } from './linear-trainer.js';
import { createObjective } from './objective.js';
import { parseFamilyParams } from './params.js';

const relClose = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));

describe('trainLinear with the WebAssembly kernels', () => {
  // A random problem: 300 rows × 7 features, labels from a noisy linear rule (and a real target for
  // ridge). The WebAssembly passes only reorder sums, so both kernels take the same steps.
  const n = 300;
  const d = 7;
  const rng = createRng(11);
  const X = Float64Array.from({ length: n * d }, () => rng.next() * 2 - 1);
  const t = Float64Array.from({ length: n }, (_, r) => X[r * d]! - 2 * X[r * d + 3]! + rng.next() - 0.5);
  const labels = Float64Array.from(t, (v) => (v > 0 ? 1 : 0));
  const fitWith = (kind: 'logloss' | 'squared', kernel: 'auto' | 'js') => {
    const target = kind === 'logloss' ? labels : t;
    const objective = createObjective([{ kind, weight: 1, column: 'y', target }], null);
    const params = parseFamilyParams('linear', { penalty: 'l2', alpha: 1, tol: 1e-8 });
    return trainLinear(
      { X, n, d, categories: new Int32Array(d), objective, valid: null },
      params,
      { seed: 0 },
      kernel,
    );
  };

  for (const kind of ['logloss', 'squared'] as const) {
    it(`fits the same ${kind} model as the JavaScript kernel`, async () => {
      expect(compileWasmLinear(X, n, d)).not.toBeNull(); // so 'auto' does run in WebAssembly
      const [a, b] = [await fitWith(kind, 'auto'), await fitWith(kind, 'js')];
      expect(a.iterations).toBe(b.iterations);
      expect(a.info.evaluations).toBe(b.info.evaluations);
      expect(relClose(a.info.objective as number, b.info.objective as number)).toBe(true);
      const wa = a.scorer as LinearScorer;
      const wb = b.scorer as LinearScorer;
      for (let c = 0; c < d; c++) expect(relClose(wa.weights[c]!, wb.weights[c]!), `w[${c}]`).toBe(true);
      expect(relClose(wa.bias[0]!, wb.bias[0]!)).toBe(true);
      // The rule's two features carry the model: not a trivial (all-zero) fit.
      expect(Math.abs(wa.weights[3]!)).toBeGreaterThan(0.5);
    });
  }
});
