/**
 * The tree kernel: the trees of an ensemble laid out in a WebAssembly memory for tree-code.ts's
 * functions, and the loop that feeds them rows. Each tree of depth ≤ 10 without categorical
 * splits becomes a complete binary tree (node i has children 2i+1 and 2i+2; a leaf above the
 * bottom is padded with "always left" nodes: threshold +Infinity, NaN left), so a row takes
 * exactly `depth` steps. Other trees are left to the caller's walker (the reference), in their
 * place in tree order, so the sums are the reference's bit for bit.
 *
 * Rows go through the memory in chunks (copied in and out unless the caller wrote them there,
 * see `x`), in 128-row blocks: a SIMD scan finds whether a block holds a NaN; a block without
 * runs `forest` over its groups of eight rows and `rows` over the rest, a block with runs
 * `rowsMissing` over every row. Single rows use `rows`/`rowsMissing` from a slot of their own.
 * Where WebAssembly is unavailable (or a synchronous compile is refused, as some browsers do),
 * `compileTreeKernel` returns null and the caller walks every tree itself.
 */
import {
  forestKernel,
  GROUP_ENTRY,
  groupKey,
  LANES,
  nanScanKernel,
  rowsKernel,
  TREE_ENTRY,
} from './tree-code.js';
import { wasmApi } from './wasm-api.js';
import { assemble, type WasmFunction } from './wasm-asm.js';

/** The arrays of a tree ensemble the kernel reads (models/trees.ts's TreeEnsembleData has them). */
export interface TreeArrays {
  features: number;
  outputs: number;
  treeStart: Int32Array;
  treeOutput: Int32Array;
  feature: Int32Array;
  threshold: Float64Array;
  value: Float64Array;
  left: Int32Array;
  right: Int32Array;
  missingLeft: Uint8Array;
  /** ≥ 0 on categorical nodes. */
  catStart: Int32Array;
}

/** Adds tree `t`'s leaf for rows r0..r1 of row-major `x` to row-major `out` (the caller's walker). */
export type TreeWalker = (t: number, x: Float64Array, r0: number, r1: number, out: Float64Array) => void;

/** The compiled kernel of one ensemble. */
export interface TreeKernel {
  /** The kernel's input memory: rows written here (from its start) are scored without a copy. */
  readonly x: Float64Array;
  /** Add every tree's leaf to `out` (row-major n × outputs, holding the base score). */
  scoreBatch(X: Float64Array, n: number, out: Float64Array): void;
  /** The same for one row. */
  scoreRow(x: Float64Array, out: Float64Array): void;
}

const MAX_DEPTH = 10;
const BLOCK = 128;
const CHUNK_BYTES = 1 << 21;

/** Trees of the kernel in a row (the table and groups of the run) or one tree left to the walker. */
type Segment = { table: number; trees: number; groups: number; count: number } | { walk: number };

type Fn = (...args: number[]) => void;
type Exports = Record<'forest' | 'rows' | 'rowsMissing' | 'nanScan', Fn>;

/** Depth of every tree, −1 for trees the kernel does not take. */
function depths(e: TreeArrays): Int32Array {
  const T = e.treeOutput.length;
  const out = new Int32Array(T);
  for (let t = 0; t < T; t++) {
    const base = e.treeStart[t]!;
    const size = e.treeStart[t + 1]! - base;
    const level = new Int32Array(size);
    let max = 0;
    for (let i = 0; i < size && max <= MAX_DEPTH; i++) {
      if (e.catStart[base + i]! >= 0) max = MAX_DEPTH + 1;
      if (e.feature[base + i]! < 0) continue;
      level[e.left[base + i]!] = level[i]! + 1;
      level[e.right[base + i]!] = level[i]! + 1;
      max = Math.max(max, level[i]! + 1);
    }
    out[t] = max <= MAX_DEPTH ? max : -1;
  }
  return out;
}

/** Byte layout: 16 bytes of flag, records, leaves, tree table, group table, a row slot, the chunk. */
function layoutOf(e: TreeArrays, depth: Int32Array) {
  const d = e.features;
  const K = e.outputs;
  const recs = new Int32Array(depth.length);
  const leaves = new Int32Array(depth.length);
  let bytes = 16;
  for (let t = 0; t < depth.length; t++) {
    recs[t] = bytes;
    if (depth[t]! > 0) bytes += ((1 << depth[t]!) - 1) * 16;
  }
  for (let t = 0; t < depth.length; t++) {
    leaves[t] = bytes;
    if (depth[t]! >= 0) bytes += (1 << depth[t]!) * 8;
  }
  const fast = depth.filter((D) => D >= 0).length;
  const table = bytes;
  const groups = table + fast * TREE_ENTRY;
  const rowX = groups + fast * GROUP_ENTRY;
  const rowOut = rowX + d * 8;
  const chunkRows = Math.max(BLOCK, Math.floor(CHUNK_BYTES / (8 * Math.max(d, K)) / BLOCK) * BLOCK);
  const x = rowOut + K * 8;
  const out = x + chunkRows * d * 8;
  return { recs, leaves, table, groups, rowX, rowOut, chunkRows, x, out, total: out + chunkRows * K * 8 };
}

type Layout = ReturnType<typeof layoutOf>;

/** Write tree `t`'s node `node` (local index) at complete-layout position `pos`, and its subtree. */
function place(e: TreeArrays, t: number, node: number, pos: number, D: number, lay: Layout, m: Views): void {
  const i = e.treeStart[t]! + node;
  const level = 31 - Math.clz32(pos + 1);
  if (level === D) {
    m.f64[(lay.leaves[t]! >>> 3) + pos - ((1 << D) - 1)] = e.value[i]!;
    return;
  }
  const at = lay.recs[t]! + pos * 16;
  const leaf = e.feature[i]! < 0;
  // A leaf above the bottom becomes an always-left node: x > +Infinity is false, and NaN goes left.
  m.f64[at >>> 3] = leaf ? Infinity : e.threshold[i]!;
  m.i32[(at + 8) >>> 2] = leaf ? 0 : e.feature[i]! * 8;
  m.i32[(at + 12) >>> 2] = leaf || e.missingLeft[i] === 1 ? 0 : 1;
  place(e, t, leaf ? node : e.left[i]!, 2 * pos + 1, D, lay, m);
  if (!leaf) place(e, t, e.right[i]!, 2 * pos + 2, D, lay, m);
}

interface Views {
  f64: Float64Array;
  i32: Int32Array;
}

/**
 * The tree table (in tree order), the group table and the segments: runs of the kernel's trees,
 * each with its groups (eight consecutive trees of one depth, else one), and the trees between them.
 */
function tables(e: TreeArrays, depth: Int32Array, lay: Layout, m: Views): Segment[] {
  const segments: Segment[] = [];
  let entry = lay.table;
  let group = lay.groups;
  let t = 0;
  while (t < depth.length) {
    if (depth[t]! < 0) {
      segments.push({ walk: t++ });
      continue;
    }
    const run = { table: entry, trees: 0, groups: group, count: 0 };
    for (; t < depth.length && depth[t]! >= 0; t++, run.trees++, entry += TREE_ENTRY) {
      const D = depth[t]!;
      m.i32.set([lay.recs[t]!, lay.leaves[t]! - ((1 << D) - 1) * 8, D, e.treeOutput[t]! * 8], entry >>> 2);
    }
    for (let g = 0; g < run.trees; run.count++, group += GROUP_ENTRY) {
      const D = m.i32[((run.table + g * TREE_ENTRY) >>> 2) + 2]!;
      let lanes = LANES;
      for (let j = 1; j < LANES && lanes === LANES; j++)
        if (g + j >= run.trees || m.i32[((run.table + (g + j) * TREE_ENTRY) >>> 2) + 2] !== D) lanes = 1;
      m.i32.set([run.table + g * TREE_ENTRY, groupKey(lanes, D)], group >>> 2);
      g += lanes;
    }
    segments.push(run);
  }
  return segments;
}

/** The kernel's functions for these trees (a pure function of the depths present, d and K). */
export function treeKernelFunctions(depthsPresent: readonly number[], d: number, K: number): WasmFunction[] {
  return [
    forestKernel(depthsPresent, d, K),
    rowsKernel(depthsPresent, d, K, false),
    rowsKernel(depthsPresent, d, K, true),
    nanScanKernel(),
  ];
}

/** Lay out the trees the kernel takes and compile it; null when none fits or WebAssembly is unavailable. */
export function compileTreeKernel(e: TreeArrays, walk: TreeWalker): TreeKernel | null {
  const api = wasmApi();
  const depth = depths(e);
  const present = [...new Set(depth.filter((D) => D >= 0))].sort((a, b) => a - b);
  if (api === null || present.length === 0) return null;
  const lay = layoutOf(e, depth);
  try {
    const memory = new api.Memory({ initial: Math.ceil(lay.total / 65536) });
    const module = new api.Module(assemble(treeKernelFunctions(present, e.features, e.outputs)));
    const fns = new api.Instance(module, { env: { memory } }).exports as Exports;
    const m = { f64: new Float64Array(memory.buffer), i32: new Int32Array(memory.buffer) };
    for (let t = 0; t < depth.length; t++) if (depth[t]! >= 0) place(e, t, 0, 0, depth[t]!, lay, m);
    return bind(fns, memory.buffer, lay, tables(e, depth, lay, m), e, walk);
  } catch {
    return null;
  }
}

/** The kernel's entry points over its memory: the loop over chunks and blocks, and the row slot. */
function bind(
  fns: Exports,
  buffer: ArrayBuffer,
  lay: Layout,
  segments: Segment[],
  e: TreeArrays,
  walk: TreeWalker,
) {
  const { forest, rows, rowsMissing, nanScan } = fns;
  const d = e.features;
  const K = e.outputs;
  const x = new Float64Array(buffer, lay.x, lay.chunkRows * d);
  const out = new Float64Array(buffer, lay.out, lay.chunkRows * K);
  const rowX = new Float64Array(buffer, lay.rowX, d);
  const rowOut = new Float64Array(buffer, lay.rowOut, K);
  const flag = new Int32Array(buffer, 0, 1);
  /** Whether values s…e-1 of the chunk hold a NaN: pairs in WebAssembly, an odd last one here. */
  const hasNaN = (s: number, end: number): boolean => {
    if (end - s >= 2) {
      nanScan(lay.x + s * 8, (end - s) >> 1);
      if (flag[0] !== 0) return true;
    }
    return ((end - s) & 1) === 1 && Number.isNaN(x[end - 1]!);
  };
  /** Rows b0..b1 of `xs` into `os` (the chunk, or the row slot), segment by segment in tree order. */
  const score = (b0: number, b1: number, nan: boolean, xs: Float64Array, os: Float64Array): void => {
    const xAt = xs.byteOffset + b0 * d * 8;
    const outAt = os.byteOffset + b0 * K * 8;
    const whole = nan ? 0 : (b1 - b0) & ~(LANES - 1);
    for (const s of segments) {
      if ('walk' in s) walk(s.walk, xs, b0, b1, os);
      else {
        if (whole > 0) forest(xAt, whole, s.table, s.trees, outAt);
        const rest = b1 - b0 - whole;
        if (rest > 0)
          (nan ? rowsMissing : rows)(xAt + whole * d * 8, rest, s.groups, s.count, outAt + whole * K * 8);
      }
    }
  };
  const kernel: TreeKernel = {
    x,
    scoreBatch(X, n, dest) {
      for (let c0 = 0; c0 < n; c0 += lay.chunkRows) {
        const size = Math.min(lay.chunkRows, n - c0);
        // Rows already written into the kernel's memory (Model.predict does that) need no copy.
        if (!(X.buffer === buffer && X.byteOffset === lay.x && n <= lay.chunkRows))
          x.set(X.subarray(c0 * d, (c0 + size) * d));
        out.set(dest.subarray(c0 * K, (c0 + size) * K));
        for (let b0 = 0; b0 < size; b0 += BLOCK) {
          const b1 = Math.min(size, b0 + BLOCK);
          score(b0, b1, hasNaN(b0 * d, b1 * d), x, out);
        }
        dest.set(out.subarray(0, size * K), c0 * K);
      }
    },
    scoreRow(row, dest) {
      let nan = false;
      for (let c = 0; c < d; c++) if (Number.isNaN(row[c]!)) nan = true;
      rowX.set(row.subarray(0, d));
      rowOut.set(dest.subarray(0, K));
      score(0, 1, nan, rowX, rowOut);
      dest.set(rowOut);
    },
  };
  return kernel;
}
