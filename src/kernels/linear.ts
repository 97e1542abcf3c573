/**
 * Single-output linear training in WebAssembly SIMD (f64x2): the raw scores z = X·w + b of a block
 * of rows, the log-loss gradients and loss of the block (logistic-wasm.ts), and grad += Xᵀ·g over
 * the same block. The design matrix lives in a WebAssembly memory that also holds w, the gradient,
 * one block of z and g, and the labels, so an objective evaluation touches no JavaScript array;
 * `linearDesignMatrix` gives training a matrix already there (else it is copied in once). The
 * module is generated for the feature count d (every feature offset an immediate, no inner loop),
 * a pure function of d. Summation order is fixed by the code, so results are deterministic; they
 * differ from the JavaScript kernel's (training/linear-trainer.ts) only by rounding. When
 * WebAssembly SIMD is unavailable, the module does not validate or the data does not fit a 32-bit
 * memory, `compileWasmLinear` returns null and the caller uses its JavaScript kernel.
 */
import { FlywheelError } from '../core/index.js';
import { LOGISTIC_TABLE_BYTES, logisticPass } from './logistic.js';
import { type KernelChoice, kernelChoice, type WasmApi, wasmApi } from './wasm-api.js';
import { assemble, type Instr, type Local, op, simdOp as v, WasmFunction } from './wasm-asm.js';

type Pass = (x: number, rows: number, vector: number) => void;

/** Widest feature count the unrolled kernels are generated for (code grows linearly with d). */
const MAX_FEATURES = 4096;
/** Bytes below 2 GiB: every address stays a non-negative i32. */
const MAX_BYTES = 2 ** 31 - 65536;

/** A design matrix in WebAssembly memory with its passes. */
export interface WasmLinear {
  /** Weights then bias (d + 1 values): write them before `scores`. */
  readonly w: Float64Array;
  /** The gradient with respect to the weights (d values) that `gradient` adds to. */
  readonly grad: Float64Array;
  /** Raw scores of the current block (`WASM_BLOCK` values). */
  readonly z: Float64Array;
  /** Per-row gradients of the current block, read by `gradient`. */
  readonly g: Float64Array;
  /** z[j] = b + Σ_c X[row0 + j, c]·w[c] for j < rows (rows ≤ WASM_BLOCK). */
  scores(row0: number, rows: number): void;
  /** grad[c] += Σ_j g[j]·X[row0 + j, c] for j < rows (rows ≤ WASM_BLOCK). */
  gradient(row0: number, rows: number): void;
  /**
   * With labels given to `compileWasmLinear`: g of the block's rows from z (log loss, as
   * objective.ts's logisticGradients) and the weighted loss sum, which it returns.
   */
  logistic(row0: number, rows: number): number;
}

/** 0/1 labels and the one weight every row's log loss carries. */
export interface LogisticLabels {
  y: Float64Array;
  weight: number;
}

const align16 = (bytes: number): number => Math.ceil(bytes / 16) * 16;

/** Rows per block of the passes (z and g hold one block). */
export const WASM_BLOCK = 512;

/** Byte layout: X first (so a matrix written there needs no copy), then w, grad, z, g, y and C = (s, s, loss). */
function layoutOf(n: number, d: number) {
  const W = align16(n * d * 8);
  const G = W + align16((d + 1) * 8);
  const Z = G + align16(d * 8);
  const Gv = Z + WASM_BLOCK * 8;
  const Y = Gv + WASM_BLOCK * 8;
  const C = Y + align16(n * 8);
  return { W, G, Z, Gv, Y, C, total: C + 32 + LOGISTIC_TABLE_BYTES };
}

type Memory = InstanceType<WasmApi['Memory']>;

/**
 * Memories made by `linearDesignMatrix`, by their buffer: how `compileWasmLinear` finds one to
 * reuse (a buffer does not lead back to its Memory). Weak, so it holds nothing alive.
 */
const memories = new WeakMap<ArrayBuffer, Memory>();

/**
 * A zeroed row-major n×d matrix at the start of a fresh WebAssembly memory laid out for
 * `compileWasmLinear`, which then uses it in place; a plain Float64Array when that is not possible
 * or the JavaScript kernels are chosen.
 */
export function linearDesignMatrix(
  n: number,
  d: number,
  kernels: KernelChoice = kernelChoice(),
): Float64Array {
  const api = kernels === 'js' ? null : wasmApi();
  const { total } = layoutOf(n, d);
  if (api === null || d > MAX_FEATURES || total > MAX_BYTES) return new Float64Array(n * d);
  try {
    const memory = new api.Memory({ initial: Math.ceil(total / 65536) });
    memories.set(memory.buffer, memory);
    return new Float64Array(memory.buffer, 0, n * d);
  } catch {
    return new Float64Array(n * d);
  }
}

/**
 * The passes over row-major n×d `X` (used in place when `linearDesignMatrix` made it, else copied
 * into a new memory); null when WebAssembly SIMD is unavailable or the data does not fit.
 */
export function compileWasmLinear(
  X: Float64Array,
  n: number,
  d: number,
  labels: LogisticLabels | null = null,
): WasmLinear | null {
  const api = wasmApi();
  if (api === null || d < 1 || d > MAX_FEATURES) return null;
  const layout = layoutOf(n, d);
  if (layout.total > MAX_BYTES) return null;
  try {
    const pass = logisticPass(layout.Z, layout.Gv, layout.C);
    const bytes = assemble([...linearKernelFunctions(d, layout.W, layout.G), pass.fn]);
    if (!api.validate(bytes)) return null;
    const own = X.byteOffset === 0 && X.length === n * d ? memories.get(X.buffer as ArrayBuffer) : undefined;
    const memory = own ?? new api.Memory({ initial: Math.ceil(layout.total / 65536) });
    const exports = new api.Instance(new api.Module(bytes), { env: { memory } }).exports as Record<
      string,
      Pass
    >;
    if (own === undefined) new Float64Array(memory.buffer, 0, n * d).set(X.subarray(0, n * d));
    new Float64Array(memory.buffer, layout.C + 32, pass.table.length).set(pass.table);
    if (labels !== null) {
      new Float64Array(memory.buffer, layout.Y, n).set(labels.y.subarray(0, n));
      new Float64Array(memory.buffer, layout.C, 2).fill(labels.weight);
    }
    return bind(memory.buffer, exports, layout, d, labels);
  } catch {
    return null;
  }
}

/** The passes as methods on views of the memory. */
function bind(
  buffer: ArrayBuffer,
  exports: Record<string, Pass>,
  { W, G, Z, Gv, Y, C }: ReturnType<typeof layoutOf>,
  d: number,
  labels: LogisticLabels | null,
): WasmLinear {
  const { scores, gradient } = exports as Record<'scores' | 'gradient', Pass>;
  const logistic = exports.logistic as (y: number, pairs: number) => void;
  const rowBytes = d * 8;
  const z = new Float64Array(buffer, Z, WASM_BLOCK);
  const g = new Float64Array(buffer, Gv, WASM_BLOCK);
  const loss = new Float64Array(buffer, C + 16, 1);
  return {
    w: new Float64Array(buffer, W, d + 1),
    grad: new Float64Array(buffer, G, d),
    z,
    g,
    scores: (row0, rows) => scores(row0 * rowBytes, rows, Z),
    gradient: (row0, rows) => gradient(row0 * rowBytes, rows, Gv),
    logistic(row0, rows) {
      if (labels === null)
        throw new FlywheelError('INTERNAL', 'The WebAssembly log-loss pass was compiled without labels', {
          hint: 'Pass the labels to compileWasmLinear, or use the objective in JavaScript.',
        });
      logistic(Y + row0 * 8, rows >> 1);
      // An odd last row, in JavaScript with the same formulas.
      return rows & 1 ? loss[0]! + lastRow(z, g, labels, row0, rows - 1) : loss[0]!;
    },
  };
}

function lastRow(z: Float64Array, g: Float64Array, labels: LogisticLabels, row0: number, j: number): number {
  const zj = z[j]!;
  const e = Math.exp(-Math.abs(zj));
  const yj = labels.y[row0 + j]!;
  const s = labels.weight;
  g[j] = s * ((zj >= 0 ? 1 : e) / (1 + e) - yj);
  return s * (Math.max(zj, 0) - yj * zj + Math.log1p(e));
}

/** The matrix passes for rows of `d` features, w at byte `W` and the gradient at `G` (a pure function of these). */
export function linearKernelFunctions(d: number, W: number, G: number): WasmFunction[] {
  return [scoresPass(d, W), gradientPass(d, G)];
}

/** The product of feature pair `i` of the row at `x` (`row` rows on) with the vector `by` leaves on the stack. */
const pairTimes = (x: Local, row: number, d: number, i: number, by: Instr[]): Instr[] => [
  op.get(x),
  v.load(row * d * 8 + i * 16),
  ...by,
  v.mulF64,
];

/**
 * scores(x, rows, z): two partial sums (even and odd feature pairs), then
 * z = (b + lane 0 + lane 1) + the odd last feature.
 */
function scoresPass(d: number, W: number): WasmFunction {
  const f = new WasmFunction('scores');
  const { x, rows, z } = f.takes('x', 'rows', 'z');
  const { end } = f.uses('i32', 'end');
  const sum = Object.values(f.uses('v128', 'sumEven', 'sumOdd'));
  const pairs = d >> 1;
  const code: Instr[] = [
    op.get(x),
    op.get(rows),
    op.i32(d * 8),
    op.mul,
    op.add,
    op.set(end),
    op.block,
    op.loop,
  ];
  code.push(op.get(x), op.get(end), op.ltU, op.eqz, op.brIf(1));
  for (let i = 0; i < pairs; i++) {
    const acc = sum[i & 1]!;
    const product = pairTimes(x, 0, d, i, [op.i32(0), v.load(W + i * 16)]);
    code.push(...(i < 2 ? [...product, op.set(acc)] : [op.get(acc), ...product, v.addF64, op.set(acc)]));
  }
  code.push(op.get(z), op.i32(0), op.loadF64(W + d * 8));
  if (pairs > 0) {
    const [even, odd] = sum as [Local, Local];
    if (pairs > 1) code.push(op.get(even), op.get(odd), v.addF64, op.set(even));
    code.push(op.get(even), v.lane(0), op.addF64, op.get(even), v.lane(1), op.addF64);
  }
  if (d & 1) {
    const last = (d - 1) * 8;
    code.push(op.get(x), op.loadF64(last), op.i32(0), op.loadF64(W + last), op.mulF64, op.addF64);
  }
  code.push(op.storeF64(), op.get(x), op.i32(d * 8), op.add, op.set(x));
  code.push(op.get(z), op.i32(8), op.add, op.set(z), op.br(0), op.end, op.end);
  f.emit(code);
  return f;
}

/**
 * gradient(x, rows, g): four rows at a time (their g splatted into two lanes each),
 * grad[pair] += (g0x0 + g1x1) + (g2x2 + g3x3); then the leftover rows one at a time.
 */
function gradientPass(d: number, G: number): WasmFunction {
  const f = new WasmFunction('gradient');
  const { x, rows, g } = f.takes('x', 'rows', 'g');
  const { end, fourEnd } = f.uses('i32', 'end', 'fourEnd');
  const gs = Object.values(f.uses('v128', 'g0', 'g1', 'g2', 'g3'));
  const pairs = d >> 1;
  const last = (d - 1) * 8;
  const rowsEnd = (mask: number): Instr[] => [op.get(rows), op.i32(mask), op.and, op.i32(d * 8), op.mul];
  const code: Instr[] = [op.get(x), ...rowsEnd(-1), op.add, op.set(end)];
  code.push(op.get(x), ...rowsEnd(~3), op.add, op.set(fourEnd));
  const loop = (until: Local, R: number): void => {
    code.push(op.block, op.loop, op.get(x), op.get(until), op.ltU, op.eqz, op.brIf(1));
    for (let r = 0; r < R; r++) code.push(op.get(g), op.loadF64(r * 8), v.splatF64, op.set(gs[r]!));
    for (let i = 0; i < pairs; i++) {
      const terms = Array.from({ length: R }, (_, r) => pairTimes(x, r, d, i, [op.get(gs[r]!)]));
      code.push(op.i32(0), op.i32(0), v.load(G + i * 16), ...sumOf(terms, v.addF64), v.addF64);
      code.push(v.store(G + i * 16));
    }
    if (d & 1) {
      const terms = Array.from({ length: R }, (_, r): Instr[] => [
        op.get(x),
        op.loadF64(r * d * 8 + last),
        op.get(gs[r]!),
        v.lane(0),
        op.mulF64,
      ]);
      code.push(op.i32(0), op.i32(0), op.loadF64(G + last), ...sumOf(terms, op.addF64), op.addF64);
      code.push(op.storeF64(G + last));
    }
    code.push(op.get(x), op.i32(R * d * 8), op.add, op.set(x));
    code.push(op.get(g), op.i32(R * 8), op.add, op.set(g), op.br(0), op.end, op.end);
  };
  loop(fourEnd, 4);
  loop(end, 1);
  f.emit(code);
  return f;
}

/** Pairwise sum of 1, 2 or 4 terms: ((t0 + t1) + (t2 + t3)). */
function sumOf(terms: Instr[][], add: Instr): Instr[] {
  if (terms.length === 1) return terms[0]!;
  if (terms.length === 2) return [...terms[0]!, ...terms[1]!, add];
  return [...sumOf(terms.slice(0, 2), add), ...sumOf(terms.slice(2), add), add];
}
