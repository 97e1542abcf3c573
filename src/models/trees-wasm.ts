/**
 * The batch tree kernel in WebAssembly: the complete-layout trees of trees-fast.ts copied into a
 * WebAssembly memory as 16-byte records (threshold, feature byte offset), scored by one generated
 * function per tree depth that walks eight rows at once with the levels unrolled and no bounds
 * checks: `a = 2a + 16 − recs + 16·(x[f] > t)` on record addresses. Rows go through the memory in
 * chunks (copied in and out); a 64-row block holding a NaN, leftover rows (fewer than eight) and
 * depth-0 trees use the JavaScript kernel on the same memory, which adds leaves in the same order,
 * so results are bit-identical either way. When WebAssembly is unavailable (or a synchronous
 * compile is refused, as some browsers do), `compileWasmTrees` returns null and the JS kernel runs.
 */

import { blockHasNaN, type FastTrees, scoreBlock, scoreBlockMissing } from './trees-fast.js';
import { assemble, type Op, op, type WasmFunction } from './wasm-asm.js';

/** The part of the WebAssembly API used here (the project's TypeScript lib has no DOM types). */
interface WasmApi {
  Memory: new (descriptor: { initial: number }) => { buffer: ArrayBuffer };
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

type Kernel = (
  x: number,
  rows: number,
  stride: number,
  recs: number,
  leafBase: number,
  out: number,
  outStride: number,
) => void;

const ROWS = 8;
const BLOCK = 128;
const CHUNK_BYTES = 1 << 21;

/** The trees in WebAssembly memory, with one kernel per depth. */
export interface WasmTrees {
  kernels: Map<number, Kernel>;
  recs: Int32Array;
  leafBase: Int32Array;
  xOff: number;
  outOff: number;
  chunkRows: number;
  x: Float64Array;
  out: Float64Array;
}

/** One depth's kernel: params x, rows (a multiple of 8), stride, recs, leafBase, out, outStride. */
function kernel(depth: number): WasmFunction {
  const A = (r: number) => 9 + r;
  const P = (r: number) => 9 + ROWS + r;
  const code: Op[] = [op.i32(16), op.get(3), op.sub, op.set(8), op.i32(0), op.set(7), op.block, op.loop];
  code.push(op.get(7), op.get(1), op.ltU, op.eqz, op.brIf(1));
  for (let r = 0; r < ROWS; r++) {
    code.push(
      op.get(0),
      op.get(7),
      op.i32(r),
      op.add,
      op.get(2),
      op.mul,
      op.add,
      op.set(P(r)),
      op.get(3),
      op.set(A(r)),
    );
  }
  for (let l = 0; l < depth; l++) {
    for (let r = 0; r < ROWS; r++) {
      code.push(op.get(A(r)), op.i32(1), op.shl, op.get(8), op.add);
      code.push(
        op.get(P(r)),
        op.get(A(r)),
        op.loadI32(8),
        op.add,
        op.loadF64(),
        op.get(A(r)),
        op.loadF64(),
        op.gtF64,
      );
      code.push(op.i32(4), op.shl, op.add, op.set(A(r)));
    }
  }
  for (let r = 0; r < ROWS; r++) {
    const address = [op.get(5), op.get(7), op.i32(r), op.add, op.get(6), op.mul, op.add];
    code.push(...address, ...address, op.loadF64());
    code.push(
      op.get(4),
      op.get(A(r)),
      op.get(3),
      op.sub,
      op.i32(1),
      op.shrU,
      op.add,
      op.loadF64(),
      op.addF64,
      op.storeF64(),
    );
  }
  code.push(op.get(7), op.i32(ROWS), op.add, op.set(7), op.br(0), op.end, op.end);
  return { name: `depth${depth}`, params: 7, locals: 2 + 2 * ROWS, code };
}

/** Copy the fast trees into WebAssembly memory and compile their kernels; null when WebAssembly is unavailable. */
export function compileWasmTrees(ft: FastTrees, d: number, K: number): WasmTrees | null {
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (api === undefined || ft.depth.length === 0) return null;
  const T = ft.depth.length;
  const recs = new Int32Array(T);
  const leafBase = new Int32Array(T);
  let bytes = 16;
  for (let t = 0; t < T; t++) {
    recs[t] = bytes;
    bytes += ((1 << ft.depth[t]!) - 1) * 16;
  }
  const leafStart = bytes;
  bytes += ft.leaf.length * 8;
  const chunkRows = Math.max(BLOCK, Math.floor(CHUNK_BYTES / (8 * Math.max(d, K)) / BLOCK) * BLOCK);
  const xOff = bytes;
  const outOff = xOff + chunkRows * d * 8;
  const total = outOff + chunkRows * K * 8;
  try {
    const memory = new api.Memory({ initial: Math.ceil(total / 65536) });
    const depths = [...new Set(ft.depth)].filter((x) => x > 0);
    const module = new api.Module(assemble(depths.map(kernel)));
    const exports = new api.Instance(module, { env: { memory } }).exports as Record<string, Kernel>;
    writeTrees(ft, memory.buffer, recs, leafStart);
    for (let t = 0; t < T; t++)
      leafBase[t] = leafStart + ft.leafOffset[t]! * 8 - ((1 << ft.depth[t]!) - 1) * 8;
    return {
      kernels: new Map(depths.map((x) => [x, exports[`depth${x}`]!])),
      recs,
      leafBase,
      xOff,
      outOff,
      chunkRows,
      x: new Float64Array(memory.buffer, xOff, chunkRows * d),
      out: new Float64Array(memory.buffer, outOff, chunkRows * K),
    };
  } catch {
    return null;
  }
}

function writeTrees(ft: FastTrees, buffer: ArrayBuffer, recs: Int32Array, leafStart: number): void {
  const f64 = new Float64Array(buffer);
  const i32 = new Int32Array(buffer);
  for (let t = 0; t < ft.depth.length; t++) {
    const nodes = (1 << ft.depth[t]!) - 1;
    for (let i = 0; i < nodes; i++) {
      const at = recs[t]! + i * 16;
      f64[at >>> 3] = ft.threshold[ft.nodeOffset[t]! + i]!;
      i32[(at + 8) >>> 2] = ft.feature[ft.nodeOffset[t]! + i]! * 8;
    }
  }
  f64.set(ft.leaf, leafStart >>> 3);
}

/** Add every fast tree's leaf to `out` (row-major n×K, holding the base score) through the kernels. */
export function scoreWasm(
  ft: FastTrees,
  w: WasmTrees,
  X: Float64Array,
  n: number,
  d: number,
  K: number,
  out: Float64Array,
): void {
  for (let c0 = 0; c0 < n; c0 += w.chunkRows) {
    const rows = Math.min(w.chunkRows, n - c0);
    // Rows already written into the kernel's memory (Model.predict does that) need no copy.
    if (!(X.buffer === w.x.buffer && X.byteOffset === w.x.byteOffset && n <= w.chunkRows))
      w.x.set(X.subarray(c0 * d, (c0 + rows) * d));
    w.out.set(out.subarray(c0 * K, (c0 + rows) * K));
    for (let b0 = 0; b0 < rows; b0 += BLOCK) scoreChunkBlock(ft, w, b0, Math.min(rows, b0 + BLOCK), d, K);
    out.set(w.out.subarray(0, rows * K), c0 * K);
  }
}

function scoreChunkBlock(ft: FastTrees, w: WasmTrees, b0: number, b1: number, d: number, K: number): void {
  const nan = blockHasNaN(w.x, b0 * d, b1 * d);
  const whole = b0 + ((b1 - b0) & ~(ROWS - 1));
  for (let t = 0; t < ft.depth.length; t++) {
    const depth = ft.depth[t]!;
    if (nan || depth === 0) {
      scoreBlockMissing(ft, t, w.x, b0, b1, d, K, w.out);
      continue;
    }
    if (whole > b0) {
      w.kernels.get(depth)!(
        w.xOff + b0 * d * 8,
        whole - b0,
        d * 8,
        w.recs[t]!,
        w.leafBase[t]!,
        w.outOff + (b0 * K + ft.output[t]!) * 8,
        K * 8,
      );
    }
    if (whole < b1) scoreBlock(ft, t, w.x, whole, b1, d, K, w.out);
  }
}
