/**
 * The log-loss step of linear training in WebAssembly SIMD, two rows per step: from a block's raw
 * scores z and 0/1 labels y, the per-row gradients g = s(p − y) and the loss sum
 * Σ s(max(z, 0) − yz + log1p(e)), with e = exp(−|z|) and p = (z ≥ 0 ? 1 : e)/(1 + e) — the formulas
 * of objective.ts's logisticGradients. WebAssembly has no exp or log, so both are written here:
 * exp by k = round(x/ln 2), a degree-13 Taylor polynomial on |r| ≤ ln 2/2 and 2^k built in the
 * exponent bits; log1p(e) = log(u) + (e − (u − 1))/u with u = 1 + e, and log(u) as fdlibm's log
 * (its reduction to [√2/2, √2] and its minimax coefficients Lg1..Lg7). Both are within a few ulps of
 * Math.exp and Math.log1p. exp's argument is clamped at −708 (2^k stays normal): a row scored past
 * that gets e ≈ 3e−308 instead of a smaller number, which changes nothing at double precision.
 */
import { FlywheelError } from '../core/index.js';
import { type Instr, type Local, op, simdOp as v, WasmFunction } from './wasm-asm.js';

// fdlibm's constants (e_log.c), as the doubles their decimal expansions round to.
const LN2_HI = 0.6931471803691238;
const LN2_LO = 1.9082149292705877e-10;
const LG = [
  0.6666666666666735, 0.3999999999940942, 0.2857142874366239, 0.22222198432149784, 0.1818357216161805,
  0.15313837699209373, 0.14798198605116586,
];

const get = op.get;

/** The pass's two-lane locals: z, y, e = exp(−|z|), u = 1 + e, scratch k, f, s, s², hfsq, the loss sum and t. */
const VECTORS = ['z', 'y', 'e', 'u', 'k', 'f', 's', 's2', 'hfsq', 'acc', 't'] as const;
type Vectors = Record<(typeof VECTORS)[number], Local> & {
  /** x², x⁴, x⁸ of the polynomial being evaluated. */
  pow: Local[];
};

/**
 * The constants of the pass, read from a table in memory (two lanes each, from byte `at`) rather
 * than written as v128.const: V8 rebuilds such a constant at every use inside the loop, a load is
 * one instruction. `c(x)` gives the load of x, adding it to the table the first time.
 */
class Constants {
  readonly values: number[] = [];
  constructor(
    private readonly at: number,
    /** The locals of the pass the constants are for. */
    readonly l: Vectors,
  ) {}
  c = (x: number): Instr[] => {
    let i = this.values.indexOf(x);
    if (i < 0) i = this.values.push(x) - 1;
    return [op.i32(0), v.load(this.at + 16 * i)];
  };
}

/**
 * Σ a_i x^i for coefficients a_0..a_n and x in local `x`, by Estrin's scheme: halves joined by a
 * power of x, so the chains of dependent multiply-adds are short (log₂ n instead of n: the
 * evaluation is latency-bound) — first x², x⁴, x⁸ into the pow locals as far as needed.
 */
function polynomial(k: Constants, coefficients: number[], x: Local): Instr[] {
  const code: Instr[] = [];
  let from = x;
  for (let i = 0; 2 ** (i + 1) < coefficients.length; i++) {
    code.push(get(from), get(from), v.mulF64, op.set(k.l.pow[i]!));
    from = k.l.pow[i]!;
  }
  return [...code, ...estrin(k, coefficients, x)];
}

function estrin(k: Constants, a: number[], x: Local): Instr[] {
  const c = k.c;
  if (a.length === 1) return c(a[0]!);
  if (a.length === 2) return [...c(a[1]!), get(x), v.mulF64, ...c(a[0]!), v.addF64];
  let h = 2;
  while (h * 2 < a.length) h *= 2;
  const power = k.l.pow[Math.log2(h) - 1]!;
  return [...estrin(k, a.slice(0, h), x), ...estrin(k, a.slice(h), x), get(power), v.mulF64, v.addF64];
}

/** e = exp(max(−|z|, −708)) into local E. */
function expNegAbs(k: Constants): Instr[] {
  const { c, l } = k;
  const taylor = [1];
  for (let i = 1; i <= 13; i++) taylor.push(taylor[i - 1]! / i);
  return [
    get(l.z),
    v.absF64,
    v.negF64,
    ...c(-708),
    v.maxF64,
    op.set(l.t),
    get(l.t),
    ...c(Math.LOG2E),
    v.mulF64,
    v.nearestF64,
    op.set(l.k),
    // r = (x − k·ln2hi) − k·ln2lo into t
    get(l.t),
    get(l.k),
    ...c(LN2_HI),
    v.mulF64,
    v.subF64,
    get(l.k),
    ...c(LN2_LO),
    v.mulF64,
    v.subF64,
    op.set(l.t),
    ...polynomial(k, taylor, l.t),
    // 2^k: k + (2^52 + 1023) holds k + 1023 in its low bits; shifted up 52 they are the exponent.
    get(l.k),
    ...c(2 ** 52 + 1023),
    v.addF64,
    op.i32(52),
    v.shlI64,
    v.mulF64,
    op.set(l.e),
  ];
}

/** log1p(e) on the stack, with u = 1 + e in local U. */
function log1pE(k: Constants): Instr[] {
  const { c, l } = k;
  return [
    // m = u > √2 ? u/2 : u into F, k = (u > √2) as 0/1 into K
    get(l.u),
    ...c(Math.SQRT2),
    v.gtF64,
    op.set(l.k),
    get(l.u),
    ...c(0.5),
    v.mulF64,
    get(l.u),
    get(l.k),
    v.bitselect,
    ...c(1),
    v.subF64,
    op.set(l.f),
    get(l.k),
    ...c(1),
    v.and,
    op.set(l.k),
    // s = f/(2 + f), s², hfsq = f²/2
    get(l.f),
    ...c(2),
    get(l.f),
    v.addF64,
    v.divF64,
    op.set(l.s),
    get(l.s),
    get(l.s),
    v.mulF64,
    op.set(l.s2),
    ...c(0.5),
    get(l.f),
    v.mulF64,
    get(l.f),
    v.mulF64,
    op.set(l.hfsq),
    // k·ln2hi + ((f − (hfsq − s(hfsq + R))) + (k·ln2lo + (e − (u − 1))/u)), R = s²·P(s²)
    get(l.k),
    ...c(LN2_HI),
    v.mulF64,
    get(l.f),
    get(l.hfsq),
    get(l.s),
    get(l.hfsq),
    get(l.s2),
    ...polynomial(k, LG, l.s2),
    v.mulF64,
    v.addF64,
    v.mulF64,
    v.subF64,
    v.subF64,
    get(l.k),
    ...c(LN2_LO),
    v.mulF64,
    get(l.e),
    get(l.u),
    ...c(1),
    v.subF64,
    v.subF64,
    get(l.u),
    v.divF64,
    v.addF64,
    v.addF64,
    v.addF64,
  ];
}

/** Bytes the pass's table of constants takes (it is written after the weight and the loss). */
export const LOGISTIC_TABLE_BYTES = 1024;

/**
 * logistic(y, pairs): rows 2·pairs of the block; z at `zAt`, g written at `gAt`, the row weight s
 * read as two lanes at `cAt`, the loss sum written at `cAt + 16`, the constants `table` (two lanes
 * each) to be written at `cAt + 32`.
 */
export function logisticPass(
  zAt: number,
  gAt: number,
  cAt: number,
): { fn: WasmFunction; table: Float64Array } {
  const f = new WasmFunction('logistic');
  const p = f.takes('yAt', 'pairs');
  const { off, end } = f.uses('i32', 'off', 'end');
  const l = { ...f.uses('v128', ...VECTORS), pow: Object.values(f.uses('v128', 'pow2', 'pow4', 'pow8')) };
  const k = new Constants(cAt + 32, l);
  const c = k.c;
  const code: Instr[] = [get(p.pairs), op.i32(16), op.mul, op.set(end), op.i32(0), op.set(off)];
  code.push(...c(0), op.set(l.acc), op.block, op.loop, get(off), get(end), op.ltU, op.eqz, op.brIf(1));
  code.push(get(off), v.load(zAt), op.set(l.z), get(p.yAt), get(off), op.add, v.load(), op.set(l.y));
  code.push(...expNegAbs(k), get(l.e), ...c(1), v.addF64, op.set(l.u));
  // g = s·(p − y), p = (z ≥ 0 ? 1 : e)/u
  code.push(get(off), ...c(1), get(l.e), get(l.z), ...c(0), v.geF64, v.bitselect, get(l.u), v.divF64);
  code.push(get(l.y), v.subF64, op.i32(0), v.load(cAt), v.mulF64, v.store(gAt));
  // acc += s·((max(z, 0) − yz) + log1p(e))
  code.push(
    get(l.acc),
    op.i32(0),
    v.load(cAt),
    get(l.z),
    ...c(0),
    v.maxF64,
    get(l.y),
    get(l.z),
    v.mulF64,
    v.subF64,
  );
  code.push(...log1pE(k), v.addF64, v.mulF64, v.addF64, op.set(l.acc));
  code.push(get(off), op.i32(16), op.add, op.set(off), op.br(0), op.end, op.end);
  code.push(op.i32(0), get(l.acc), v.lane(0), get(l.acc), v.lane(1), op.addF64, op.storeF64(cAt + 16));
  const table = new Float64Array(2 * k.values.length);
  for (const [i, x] of k.values.entries()) table.fill(x, 2 * i, 2 * i + 2);
  if (table.byteLength > LOGISTIC_TABLE_BYTES) {
    throw new FlywheelError('INTERNAL', 'The log-loss pass has more constants than its table holds', {
      hint: 'Raise LOGISTIC_TABLE_BYTES in src/kernels/logistic.ts.',
    });
  }
  f.emit(code);
  return { fn: f, table };
}
