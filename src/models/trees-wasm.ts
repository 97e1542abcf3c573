/**
 * The batch tree kernel in WebAssembly: the complete-layout trees of trees-fast.ts copied into a
 * WebAssembly memory as 16-byte records (threshold, feature byte offset), with a table of the
 * trees (records, leaves, depth, output column). One call scores a block of rows with every tree,
 * in tree order: for each tree it walks eight rows at once, `a = 2a + 16 − recs + 16·(x[f] > t)`
 * on record addresses, levels unrolled for the tree's depth, with no bounds checks. (One call per block instead of one per tree: the
 * JS → WebAssembly call and the per-tree lookups cost more than a 128-row tree walk saves.) Rows
 * go through the memory in chunks (copied in and out unless the caller wrote them there); a
 * 128-row block holding a NaN uses the JavaScript kernel on the same memory, and rows left over
 * after the groups of eight are padded to a group with zero rows (four or more) or walked one row
 * at a time by the JavaScript row kernel; every path adds leaves in the same order, so results
 * are bit-identical either way.
 * When WebAssembly is unavailable (or a synchronous compile is refused, as some browsers do),
 * `compileWasmTrees` returns null and the JS kernel runs.
 */

import { type FastTrees, scoreBlockMissing, scoreRowsApart } from './trees-fast.js';
import { assemble, type Op, op, simdOp, type WasmFunction } from './wasm-asm.js';

/** The part of the WebAssembly API used here (the project's TypeScript lib has no DOM types). */
interface WasmApi {
  Memory: new (descriptor: { initial: number }) => { buffer: ArrayBuffer };
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

type Kernel = (x: number, rows: number, table: number, trees: number, out: number) => void;

const ROWS = 8;
/** Leftover rows (after whole groups of eight) from which padding to eight beats row-wise walks. */
const PAD_FROM = 4;
const BLOCK = 128;
const CHUNK_BYTES = 1 << 21;

/** The trees in WebAssembly memory, with their kernel. */
export interface WasmTrees {
  forest: Kernel;
  /** Sets `flag[0]` to 1 when a range of doubles holds a NaN (see nanScanKernel). */
  nanScan: (addr: number, pairs: number) => void;
  flag: Int32Array;
  /** Where the tree table starts (16 bytes per tree: records, leaf base, depth, output byte offset). */
  tableOff: number;
  xOff: number;
  outOff: number;
  chunkRows: number;
  x: Float64Array;
  out: Float64Array;
}

/**
 * The kernel, for rows of `d` features and `K` outputs: params x, rows (a multiple of 8), table,
 * trees, out. For each tree of the table in order, for each group of eight rows: walk the levels
 * (unrolled: one copy of the row loop per depth in `depths`, chosen per tree), then add the leaf to
 * the row's output. Row and output strides are compile-time constants, so each row's feature and
 * output addresses are immediate offsets from one pointer per group; the root's feature and
 * threshold are loaded once per tree.
 */
function forestKernel(depths: readonly number[], d: number, K: number): WasmFunction {
  const [X, ROWS_, TABLE, TREES, OUT] = [0, 1, 2, 3, 4];
  const [T, C, RECS, LEAFB, COL, DEPTH, ROW, PROW, OROW, ROOTF, L0, L1] = [
    5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
  ];
  const A = (r: number) => 17 + r;
  const N = (r: number) => 17 + ROWS + r;
  const ROOTT = 17 + 2 * ROWS; // the f64 local
  const xAt = (r: number) => r * d * 8;
  const outAt = (r: number) => r * K * 8;
  const entry = (offset: number): Op[] => [
    op.get(TABLE),
    op.get(T),
    op.i32(4),
    op.shl,
    op.add,
    op.loadI32(offset),
  ];
  const rowLoop = (depth: number): Op[] => {
    const code: Op[] = [];
    if (depth > 0) {
      code.push(op.get(RECS), op.loadI32(8), op.set(ROOTF), op.get(RECS), op.loadF64(), op.setF64(ROOTT));
      code.push(op.get(RECS), op.i32(16), op.add, op.set(L0), op.get(RECS), op.i32(32), op.add, op.set(L1));
    }
    code.push(op.get(X), op.set(PROW), op.get(OUT), op.get(COL), op.add, op.set(OROW));
    code.push(op.i32(0), op.set(ROW), op.block, op.loop);
    code.push(op.get(ROW), op.get(ROWS_), op.ltU, op.eqz, op.brIf(1));
    for (let r = 0; r < ROWS; r++) {
      if (depth === 0) {
        code.push(op.get(RECS), op.set(A(r)));
        continue;
      }
      // Level 0: every row starts at the root.
      code.push(op.get(L1), op.get(L0), op.get(PROW), op.get(ROOTF), op.add, op.loadF64(xAt(r)));
      code.push(op.getF64(ROOTT), op.gtF64, op.select, op.set(A(r)));
    }
    for (let l = 1; l < depth; l++) {
      for (let r = 0; r < ROWS; r++) {
        // a' = x[f] > t ? 2a + c + 16 : 2a + c, as a select (a conditional move), not arithmetic on the bit.
        code.push(
          op.get(A(r)),
          op.i32(1),
          op.shl,
          op.get(C),
          op.add,
          op.tee(N(r)),
          op.i32(16),
          op.add,
          op.get(N(r)),
        );
        code.push(
          op.get(PROW),
          op.get(A(r)),
          op.loadI32(8),
          op.add,
          op.loadF64(xAt(r)),
          op.get(A(r)),
          op.loadF64(),
        );
        code.push(op.gtF64, op.select, op.set(A(r)));
      }
    }
    for (let r = 0; r < ROWS; r++) {
      code.push(op.get(OROW), op.get(OROW), op.loadF64(outAt(r)));
      code.push(op.get(LEAFB), op.get(A(r)), op.i32(1), op.shrU, op.add, op.loadF64());
      code.push(op.addF64, op.storeF64(outAt(r)));
    }
    code.push(op.get(PROW), op.i32(ROWS * d * 8), op.add, op.set(PROW));
    code.push(op.get(OROW), op.i32(ROWS * K * 8), op.add, op.set(OROW));
    code.push(op.get(ROW), op.i32(ROWS), op.add, op.set(ROW), op.br(0), op.end, op.end);
    return code;
  };
  const code: Op[] = [op.i32(0), op.set(T), op.block, op.loop];
  code.push(op.get(T), op.get(TREES), op.ltU, op.eqz, op.brIf(1));
  code.push(...entry(0), op.set(RECS), ...entry(8), op.set(DEPTH), ...entry(12), op.set(COL));
  // The leaf of record address a is at leafBase + (a − recs) / 2 = (leafBase − recs / 2) + a / 2.
  code.push(...entry(4), op.get(RECS), op.i32(1), op.shrU, op.sub, op.set(LEAFB));
  code.push(op.i32(16), op.get(RECS), op.sub, op.set(C));
  for (const depth of depths)
    code.push(op.get(DEPTH), op.i32(depth), op.eq, op.if, ...rowLoop(depth), op.end);
  code.push(op.get(T), op.i32(1), op.add, op.set(T), op.br(0), op.end, op.end);
  return { name: 'forest', params: 5, locals: 12 + 2 * ROWS, floats: 1, code };
}

/**
 * `nanScan(addr, pairs)`: whether any of the `pairs` × 2 doubles from `addr` is NaN (x ≠ x), two
 * lanes at a time, written as an i32 to address 0. Needs pairs ≥ 1.
 */
function nanScanKernel(): WasmFunction {
  const [ADDR, PAIRS, I, ACC] = [0, 1, 2, 3];
  const pair = (): Op[] => [op.get(ADDR), op.get(I), op.i32(4), op.shl, op.add, simdOp.load()];
  const code: Op[] = [
    op.i32(0),
    op.set(I),
    ...pair(),
    ...pair(),
    simdOp.neF64,
    op.set(ACC),
    op.i32(1),
    op.set(I),
  ];
  code.push(op.block, op.loop, op.get(I), op.get(PAIRS), op.ltU, op.eqz, op.brIf(1));
  code.push(op.get(ACC), ...pair(), ...pair(), simdOp.neF64, simdOp.or, op.set(ACC));
  code.push(op.get(I), op.i32(1), op.add, op.set(I), op.br(0), op.end, op.end);
  code.push(op.i32(0), op.get(ACC), simdOp.anyTrue, op.storeI32());
  return { name: 'nanScan', params: 2, locals: 1, vectors: 1, code };
}

/** Copy the fast trees into WebAssembly memory and compile their kernels; null when WebAssembly is unavailable. */
export function compileWasmTrees(ft: FastTrees, d: number, K: number): WasmTrees | null {
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (api === undefined || ft.depth.length === 0) return null;
  const T = ft.depth.length;
  const recs = new Int32Array(T);
  let bytes = 16;
  for (let t = 0; t < T; t++) {
    recs[t] = bytes;
    bytes += ((1 << ft.depth[t]!) - 1) * 16;
  }
  const leafStart = bytes;
  bytes += ft.leaf.length * 8;
  const tableOff = bytes;
  bytes += T * 16;
  const chunkRows = Math.max(BLOCK, Math.floor(CHUNK_BYTES / (8 * Math.max(d, K)) / BLOCK) * BLOCK);
  const xOff = bytes;
  const outOff = xOff + chunkRows * d * 8;
  const total = outOff + chunkRows * K * 8;
  try {
    const memory = new api.Memory({ initial: Math.ceil(total / 65536) });
    const module = new api.Module(assemble([forestKernel([...new Set(ft.depth)], d, K), nanScanKernel()]));
    const exports = new api.Instance(module, { env: { memory } }).exports as Record<string, Kernel>;
    writeTrees(ft, memory.buffer, recs, leafStart);
    const table = new Int32Array(memory.buffer, tableOff, T * 4);
    for (let t = 0; t < T; t++) {
      table[t * 4] = recs[t]!;
      table[t * 4 + 1] = leafStart + ft.leafOffset[t]! * 8 - ((1 << ft.depth[t]!) - 1) * 8;
      table[t * 4 + 2] = ft.depth[t]!;
      table[t * 4 + 3] = ft.output[t]! * 8;
    }
    return {
      forest: exports.forest!,
      nanScan: exports.nanScan as unknown as (addr: number, pairs: number) => void,
      flag: new Int32Array(memory.buffer, 0, 1),
      tableOff,
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

/** Whether values s…e-1 of the kernel's input hold a NaN: pairs in WebAssembly, an odd last one here. */
function hasNaN(w: WasmTrees, s: number, e: number): boolean {
  const pairs = (e - s) >> 1;
  if (pairs > 0) {
    w.nanScan(w.xOff + s * 8, pairs);
    if (w.flag[0] !== 0) return true;
  }
  return ((e - s) & 1) === 1 && Number.isNaN(w.x[e - 1]!);
}

function scoreChunkBlock(ft: FastTrees, w: WasmTrees, b0: number, b1: number, d: number, K: number): void {
  const T = ft.depth.length;
  if (hasNaN(w, b0 * d, b1 * d)) {
    for (let t = 0; t < T; t++) scoreBlockMissing(ft, t, w.x, b0, b1, d, K, w.out);
    return;
  }
  let whole = b0 + ((b1 - b0) & ~(ROWS - 1));
  const left = b1 - whole;
  // Four or more leftover rows: pad them to a group of eight with zero rows (the kernel's cost for
  // eight rows is below four single-row walks); the padding's outputs are never read.
  if (left >= PAD_FROM && whole + ROWS <= w.chunkRows) {
    w.x.fill(0, b1 * d, (whole + ROWS) * d);
    whole += ROWS;
  }
  if (whole > b0) w.forest(w.xOff + b0 * d * 8, whole - b0, w.tableOff, T, w.outOff + b0 * K * 8);
  // Fewer: each row walks all trees on its own.
  scoreRowsApart(ft, w.x, whole, b1, d, K, w.out);
}
