/**
 * A tiny WebAssembly assembler: just enough to emit Flywheel's kernels (trees.ts, linear.ts,
 * logistic.ts) from readable instruction lists. Every instruction carries its bytes and its text
 * form, and every local has a name, so a kernel can be printed as WAT (wat.ts) for review. The
 * module bytes are a pure function of the kernel's shape (tree depths, feature count), generated
 * by this code; nothing is read from files or requests. Encoding: the WebAssembly binary format
 * (1.0 plus fixed-width SIMD): LEB128 integers, sections by id, one function type per function.
 */
import { FlywheelError } from '../core/index.js';

/** The value types the kernels use. */
export type ValType = 'i32' | 'f64' | 'v128';

/** The binary code of each value type. */
export const VALTYPE_CODE: Readonly<Record<ValType, number>> = { i32: 0x7f, f64: 0x7c, v128: 0x7b };

/** A named parameter or local of one function; its index is its place among the function's. */
export interface Local {
  readonly name: string;
  readonly type: ValType;
  readonly index: number;
}

/** One instruction: its bytes and its text (WAT) form. */
export interface Instr {
  readonly bytes: readonly number[];
  readonly text: string;
}

/** Unsigned LEB128. */
export function uleb(value: number): number[] {
  const out: number[] = [];
  let n = value >>> 0;
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 of a 32-bit integer. */
export function sleb(value: number): number[] {
  const out: number[] = [];
  let n = value | 0;
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

const instr = (text: string, ...bytes: number[]): Instr => ({ text, bytes });
const local = (text: string, code: number) => (l: Local) =>
  instr(`${text} $${l.name}`, code, ...uleb(l.index));

/** A load or store with its alignment exponent (`natural` for the type) and offset. */
function memory(text: string, code: number[], natural: number, align = natural) {
  return (offset = 0): Instr => {
    const args = `${offset ? ` offset=${offset}` : ''}${align === natural ? '' : ` align=${2 ** align}`}`;
    return instr(text + args, ...code, align, ...uleb(offset));
  };
}

/** The scalar instructions the kernels use (i32 unless the name says f64). */
export const op = {
  get: local('local.get', 0x20),
  set: local('local.set', 0x21),
  tee: local('local.tee', 0x22),
  i32: (v: number): Instr => instr(`i32.const ${v | 0}`, 0x41, ...sleb(v)),
  select: instr('select', 0x1b),
  add: instr('i32.add', 0x6a),
  sub: instr('i32.sub', 0x6b),
  mul: instr('i32.mul', 0x6c),
  and: instr('i32.and', 0x71),
  or: instr('i32.or', 0x72),
  shl: instr('i32.shl', 0x74),
  shrU: instr('i32.shr_u', 0x76),
  eqz: instr('i32.eqz', 0x45),
  eq: instr('i32.eq', 0x46),
  ltU: instr('i32.lt_u', 0x49),
  loadI32: memory('i32.load', [0x28], 2),
  loadF64: memory('f64.load', [0x2b], 3),
  storeI32: memory('i32.store', [0x36], 2),
  storeF64: memory('f64.store', [0x39], 3),
  neF64: instr('f64.ne', 0x62),
  gtF64: instr('f64.gt', 0x64),
  addF64: instr('f64.add', 0xa0),
  mulF64: instr('f64.mul', 0xa2),
  block: instr('block', 0x02, 0x40),
  loop: instr('loop', 0x03, 0x40),
  if: instr('if', 0x04, 0x40),
  end: instr('end', 0x0b),
  br: (depth: number): Instr => instr(`br ${depth}`, 0x0c, ...uleb(depth)),
  /** A line of the text form only (no bytes): what the code below it does. */
  comment: (text: string): Instr => ({ text: `;; ${text}`, bytes: [] }),
  brIf: (depth: number): Instr => instr(`br_if ${depth}`, 0x0d, ...uleb(depth)),
};

const simd = (text: string, code: number): Instr => instr(text, 0xfd, ...uleb(code));

/**
 * The fixed-width SIMD instructions (prefix 0xfd, LEB128 sub-opcodes). Loads and stores carry the
 * 8-byte alignment hint: rows of an odd feature count are not 16-aligned.
 */
export const simdOp = {
  load: memory('v128.load', [0xfd, ...uleb(0x00)], 4, 3),
  store: memory('v128.store', [0xfd, ...uleb(0x0b)], 4, 3),
  splatF64: simd('f64x2.splat', 0x14),
  lane: (i: number): Instr => instr(`f64x2.extract_lane ${i}`, 0xfd, ...uleb(0x21), i),
  and: simd('v128.and', 0x4e),
  or: simd('v128.or', 0x50),
  bitselect: simd('v128.bitselect', 0x52),
  anyTrue: simd('v128.any_true', 0x53),
  neF64: simd('f64x2.ne', 0x48),
  gtF64: simd('f64x2.gt', 0x4a),
  geF64: simd('f64x2.ge', 0x4c),
  nearestF64: simd('f64x2.nearest', 0x94),
  shlI64: simd('i64x2.shl', 0xcb),
  absF64: simd('f64x2.abs', 0xec),
  negF64: simd('f64x2.neg', 0xed),
  addF64: simd('f64x2.add', 0xf0),
  subF64: simd('f64x2.sub', 0xf1),
  mulF64: simd('f64x2.mul', 0xf2),
  divF64: simd('f64x2.div', 0xf3),
  maxF64: simd('f64x2.max', 0xf5),
};

/** A function under construction: named params (i32), then named locals, then its code; no results. */
export class WasmFunction {
  readonly params: Local[] = [];
  readonly locals: Local[] = [];
  readonly code: Instr[] = [];

  constructor(readonly name: string) {}

  /** An i32 parameter (all parameters come before the first local). */
  param(name: string): Local {
    if (this.locals.length > 0) throw internal(`${this.name}: parameter ${name} after a local`);
    return this.add(this.params, name, 'i32');
  }

  /** i32 parameters, by name (all parameters come before the first local). */
  takes<const N extends string>(...names: N[]): Record<N, Local> {
    return Object.fromEntries(names.map((n) => [n, this.param(n)])) as Record<N, Local>;
  }

  /** A local of `type`. */
  local(name: string, type: ValType = 'i32'): Local {
    return this.add(this.locals, name, type);
  }

  /** Locals of `type`, by name. */
  uses<const N extends string>(type: ValType, ...names: N[]): Record<N, Local> {
    return Object.fromEntries(names.map((n) => [n, this.local(n, type)])) as Record<N, Local>;
  }

  /** Append instructions (lists are flattened). */
  emit(...code: Array<Instr | readonly Instr[]>): void {
    for (const c of code) {
      if ('bytes' in c) this.code.push(c);
      else this.code.push(...c);
    }
  }

  private add(to: Local[], name: string, type: ValType): Local {
    if ([...this.params, ...this.locals].some((l) => l.name === name))
      throw internal(`${this.name}: two locals named ${name}`);
    const l = { name, type, index: this.params.length + this.locals.length };
    to.push(l);
    return l;
  }
}

function internal(message: string): FlywheelError {
  return new FlywheelError('INTERNAL', `WebAssembly kernel: ${message}`, {
    hint: 'This is a bug in a kernel generator under src/kernels/; please report it.',
  });
}

const vec = (items: readonly number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, bytes: number[]): number[] => [id, ...uleb(bytes.length), ...bytes];
const name = (s: string): number[] => vec([...new TextEncoder().encode(s)].map((b) => [b]));

/** Section ids of the binary format. */
export const SECTION = { type: 1, import: 2, function: 3, export: 7, code: 10 } as const;

/** The locals of a body as runs of one type: (count, type) pairs. */
function localRuns(locals: readonly Local[]): number[][] {
  const runs: number[][] = [];
  let i = 0;
  while (i < locals.length) {
    let j = i;
    while (j < locals.length && locals[j]!.type === locals[i]!.type) j++;
    runs.push([...uleb(j - i), VALTYPE_CODE[locals[i]!.type]]);
    i = j;
  }
  return runs;
}

/** A module importing its memory as `env.memory` (at least one page) and exporting the functions by name. */
export function assemble(functions: readonly WasmFunction[]): Uint8Array {
  // One type per distinct signature (i32 parameters, no results), in order of first use.
  const arities = [...new Set(functions.map((f) => f.params.length))];
  const types = arities.map((n) => [
    0x60,
    ...vec(Array.from({ length: n }, () => [VALTYPE_CODE.i32])),
    ...vec([]),
  ]);
  const bodies = functions.map((f) => {
    const body = [...vec(localRuns(f.locals)), ...f.code.flatMap((c) => c.bytes), 0x0b];
    return [...uleb(body.length), ...body];
  });
  const memoryImport = [...name('env'), ...name('memory'), 0x02, 0x00, ...uleb(1)];
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(SECTION.type, vec(types)),
    ...section(SECTION.import, vec([memoryImport])),
    ...section(SECTION.function, vec(functions.map((f) => uleb(arities.indexOf(f.params.length))))),
    ...section(SECTION.export, vec(functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]))),
    ...section(SECTION.code, vec(bodies)),
  ]);
}
