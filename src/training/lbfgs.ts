/**
 * L-BFGS for smooth objectives, and OWL-QN (Andrew & Gao, 2007) when an L1 term is present: the
 * same two-loop recursion, on the pseudo-gradient, with steps kept in the current orthant so
 * coefficients reach exactly zero. Line search: backtracking until the Armijo condition holds.
 */

/** Objective value at `w`, writing the gradient of its smooth part into `grad`. */
export type SmoothObjective = (w: Float64Array, grad: Float64Array) => number;

/** Options of `minimize`. */
export interface LbfgsOptions {
  maxIter: number;
  /** Stop when the largest (pseudo-)gradient component falls below this. */
  tol: number;
  /** Correction pairs kept. */
  history: number;
  /** Per-coordinate L1 strength (0 where unpenalised), or null for none. */
  l1: Float64Array | null;
  /** Called after each iteration with the objective; return false to stop. */
  onIteration?(iteration: number, value: number): Promise<boolean> | boolean;
}

/** The result of `minimize`. */
export interface LbfgsResult {
  w: Float64Array;
  /** Objective evaluations (line-search steps included). */
  evaluations: number;
  value: number;
  iterations: number;
  converged: boolean;
  stopped: boolean;
}

/** Minimise `f(w) + Σ l1_i |w_i|` from `w0`. */
export async function minimize(
  objective: SmoothObjective,
  w0: Float64Array,
  o: LbfgsOptions,
): Promise<LbfgsResult> {
  const n = w0.length;
  const counter = { n: 0 };
  const f: SmoothObjective = (w, g) => {
    counter.n++;
    return objective(w, g);
  };
  let w: Float64Array = Float64Array.from(w0);
  let g: Float64Array = new Float64Array(n);
  let value = f(w, g) + l1Norm(w, o.l1);
  const pg = new Float64Array(n);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const dir = new Float64Array(n);
  let it = 0;
  let converged = false;
  let stopped = false;
  for (; it < o.maxIter; it++) {
    pseudoGradient(w, g, o.l1, pg);
    if (maxAbs(pg) <= o.tol) {
      converged = true;
      break;
    }
    twoLoop(pg, S, Y, rho, dir);
    if (o.l1 !== null) for (let i = 0; i < n; i++) if (dir[i]! * pg[i]! >= 0) dir[i] = 0;
    const step = lineSearch(f, w, value, pg, dir, o.l1, it === 0 ? 1 / Math.max(1, norm(pg)) : 1);
    if (step === null) {
      converged = true;
      break;
    }
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = step.w[i]! - w[i]!;
      y[i] = step.g[i]! - g[i]!;
    }
    const sy = dot(s, y);
    if (sy > 1e-12) {
      S.push(s);
      Y.push(y);
      rho.push(1 / sy);
      if (S.length > o.history) {
        S.shift();
        Y.shift();
        rho.shift();
      }
    }
    const previous = value;
    w = step.w;
    g = step.g;
    value = step.value;
    if ((await o.onIteration?.(it + 1, value)) === false) {
      stopped = true;
      it++;
      break;
    }
    if (Math.abs(previous - value) <= 1e-12 * Math.max(1, Math.abs(value))) {
      converged = true;
      it++;
      break;
    }
  }
  return { w, value, iterations: it, converged, stopped, evaluations: counter.n };
}

function pseudoGradient(w: Float64Array, g: Float64Array, l1: Float64Array | null, out: Float64Array): void {
  if (l1 === null) {
    out.set(g);
    return;
  }
  for (let i = 0; i < w.length; i++) {
    const c = l1[i]!;
    if (c === 0 || w[i]! > 0) out[i] = g[i]! + (c === 0 ? 0 : c);
    else if (w[i]! < 0) out[i] = g[i]! - c;
    else if (g[i]! + c < 0) out[i] = g[i]! + c;
    else if (g[i]! - c > 0) out[i] = g[i]! - c;
    else out[i] = 0;
  }
}

/** dir = −H·pg by the two-loop recursion over the stored pairs. */
function twoLoop(
  pg: Float64Array,
  S: Float64Array[],
  Y: Float64Array[],
  rho: number[],
  dir: Float64Array,
): void {
  const m = S.length;
  for (let i = 0; i < dir.length; i++) dir[i] = -pg[i]!;
  const alpha = new Array<number>(m);
  for (let k = m - 1; k >= 0; k--) {
    alpha[k] = rho[k]! * dot(S[k]!, dir);
    axpy(-alpha[k]!, Y[k]!, dir);
  }
  if (m > 0) {
    const gamma = dot(S[m - 1]!, Y[m - 1]!) / dot(Y[m - 1]!, Y[m - 1]!);
    for (let i = 0; i < dir.length; i++) dir[i]! *= gamma;
  }
  for (let k = 0; k < m; k++) {
    const beta = rho[k]! * dot(Y[k]!, dir);
    axpy(alpha[k]! - beta, S[k]!, dir);
  }
}

function lineSearch(
  f: SmoothObjective,
  w: Float64Array,
  value: number,
  pg: Float64Array,
  dir: Float64Array,
  l1: Float64Array | null,
  initial: number,
): { w: Float64Array; g: Float64Array; value: number } | null {
  const n = w.length;
  const slope = dot(pg, dir);
  if (!(slope < 0)) return null;
  let t = initial;
  for (let tries = 0; tries < 40; tries++) {
    const next = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let v = w[i]! + t * dir[i]!;
      // OWL-QN: do not cross into another orthant; a coordinate that would stops at zero.
      if (l1 !== null && l1[i]! > 0) {
        const orthant = w[i]! !== 0 ? Math.sign(w[i]!) : -Math.sign(pg[i]!);
        if (Math.sign(v) !== orthant) v = 0;
      }
      next[i] = v;
    }
    const g = new Float64Array(n);
    const v = f(next, g) + l1Norm(next, l1);
    let decrease = 0;
    for (let i = 0; i < n; i++) decrease += pg[i]! * (next[i]! - w[i]!);
    if (v <= value + 1e-4 * decrease) return { w: next, g, value: v };
    t *= 0.5;
  }
  return null;
}

function l1Norm(w: Float64Array, l1: Float64Array | null): number {
  if (l1 === null) return 0;
  let s = 0;
  for (let i = 0; i < w.length; i++) s += l1[i]! * Math.abs(w[i]!);
  return s;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i]! += a * x[i]!;
}

function norm(a: Float64Array): number {
  return Math.sqrt(dot(a, a));
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}
