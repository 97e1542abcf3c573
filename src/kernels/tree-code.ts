/**
 * The tree kernels' code (trees.ts lays out the memory they walk). A tree is a complete binary
 * tree of 16-byte records (f64 threshold, i32 feature byte offset, i32 1 when NaN goes right), and
 * a node is named by its record's address `a`: its children's records are at `2a + 16 − recs` and
 * 16 bytes after, so one level is `a = x[f] > t ? right : left`, a `select` (a conditional move):
 * no branch on the data, no bounds checks. Levels are unrolled for each tree depth present, and
 * the code dispatches on a tree's depth. Leaves are added to the outputs in tree order everywhere,
 * so every entry point gives the reference walker's sums, bit for bit.
 *
 * - `forest(x, rows, table, trees, out)`: a run of trees over rows holding no NaN, eight rows at a
 *   time (rows a multiple of 8), each tree's root read once. The batch path.
 * - `rows` / `rowsMissing(x, rows, groups, count, out)`: rows one at a time, each walking a run of
 *   trees eight at a time where eight consecutive trees share a depth (a group of the group
 *   table), else one by one; `rowsMissing` sends NaN the node's missing direction. Single rows,
 *   the rows after the groups of eight, and blocks holding a NaN.
 * - `nanScan(addr, pairs)`: whether `pairs` × 2 doubles from `addr` hold a NaN (x ≠ x, two lanes at
 *   a time), written as an i32 to address 0. Needs pairs ≥ 1.
 */
import { type Instr, type Local, op, simdOp, WasmFunction } from './wasm-asm.js';

/** Rows (forest) or trees (rows) walked side by side. */
export const LANES = 8;
/** Bytes per tree in the tree table: records, leaf base, depth, output byte offset. */
export const TREE_ENTRY = 16;
/** Bytes per group in the group table: the tree table address of its first tree, then its key. */
export const GROUP_ENTRY = 8;

/** The key of a group of `lanes` trees (1 or LANES) of depth `depth`. */
export const groupKey = (lanes: number, depth: number): number => (lanes === LANES ? 16 : 0) + depth;

/** One level down from node `a`: n scratch, c = 16 − recs, x at xBase + xOffset, `missing` f64 scratch or null. */
interface Level {
  a: Local;
  n: Local;
  c: Local;
  xBase: Local;
  xOffset: number;
  missing: Local | null;
}

/** `a = x[f] > t ? 2a + c + 16 : 2a + c`; with `missing`, `(x[f] > t) | (x[f] ≠ x[f] & NaN-goes-right)`. */
function level({ a, n, c, xBase, xOffset, missing }: Level): Instr[] {
  const code = [op.get(a), op.i32(1), op.shl, op.get(c), op.add, op.tee(n), op.i32(16), op.add, op.get(n)];
  code.push(op.get(xBase), op.get(a), op.loadI32(8), op.add, op.loadF64(xOffset));
  if (missing === null) code.push(op.get(a), op.loadF64(), op.gtF64);
  else {
    code.push(op.tee(missing), op.get(a), op.loadF64(), op.gtF64);
    code.push(op.get(missing), op.get(missing), op.neF64, op.get(a), op.loadI32(12), op.and, op.or);
  }
  code.push(op.select, op.set(a));
  return code;
}

/** out[at + offset] += the leaf of node `a` (its leaf is at leafBase + a / 2: leafBase is less recs / 2). */
function addLeaf(at: Instr[], offset: number, leafBase: Local, a: Local): Instr[] {
  const leaf = [op.get(leafBase), op.get(a), op.i32(1), op.shrU, op.add, op.loadF64()];
  return [...at, ...at, op.loadF64(offset), ...leaf, op.addF64, op.storeF64(offset)];
}

/** `while (i < end) { body; each local += its step }` */
function loop(i: Local, end: Local, body: Instr[], ...steps: Array<[Local, number]>): Instr[] {
  const code = [op.block, op.loop, op.get(i), op.get(end), op.ltU, op.eqz, op.brIf(1), ...body];
  for (const [l, by] of steps) code.push(op.get(l), op.i32(by), op.add, op.set(l));
  return [...code, op.br(0), op.end, op.end];
}

/** `end = from + count × size` */
const endOf = (end: Local, from: Local, count: Local, size: number): Instr[] =>
  [from, count].map(op.get).concat([op.i32(size), op.mul, op.add, op.set(end)]);

type TreeLocals = Record<'recs' | 'leafBase' | 'col' | 'c', Local>;

/** recs, leafBase (less recs / 2) and col of the tree entry at `entry + offset`, and c = 16 − recs. */
function readTree(entry: Local, offset: number, v: TreeLocals): Instr[] {
  const code = [op.get(entry), op.loadI32(offset), op.set(v.recs), op.get(entry), op.loadI32(offset + 4)];
  code.push(op.get(v.recs), op.i32(1), op.shrU, op.sub, op.set(v.leafBase), op.get(entry));
  code.push(op.loadI32(offset + 12), op.set(v.col), op.i32(16), op.get(v.recs), op.sub, op.set(v.c));
  return code;
}

/** The eight-row kernel for rows of `d` features and `K` outputs (row strides are immediates). */
export function forestKernel(depths: readonly number[], d: number, K: number): WasmFunction {
  const f = new WasmFunction('forest');
  const p = f.takes('x', 'rows', 'table', 'trees', 'out');
  const v = f.uses('i32', 'entry', 'end', 'recs', 'leafBase', 'col', 'c', 'depth', 'row', 'xRow', 'outRow');
  const root = f.uses('i32', 'rootF', 'left0', 'right0');
  const a = Array.from({ length: LANES }, (_, r) => f.local(`a${r}`));
  const n = Array.from({ length: LANES }, (_, r) => f.local(`n${r}`));
  const rootT = f.local('rootT', 'f64');
  const walkRows = (D: number): Instr[] => {
    const code = [op.comment(D === 0 ? 'each row takes the leaf' : 'level 0: each row from the root')];
    for (let r = 0; r < LANES; r++) {
      if (D === 0) code.push(op.get(v.recs), op.set(a[r]!));
      else code.push(op.get(root.right0), op.get(root.left0), op.get(v.xRow), op.get(root.rootF), op.add);
      if (D > 0) code.push(op.loadF64(r * d * 8), op.get(rootT), op.gtF64, op.select, op.set(a[r]!));
    }
    for (let l = 1; l < D; l++)
      for (let r = 0; r < LANES; r++) {
        code.push(op.comment(`level ${l}, row ${r}`));
        code.push(...level({ a: a[r]!, n: n[r]!, c: v.c, xBase: v.xRow, xOffset: r * d * 8, missing: null }));
      }
    code.push(op.comment("the leaves, added to the rows' output"));
    for (let r = 0; r < LANES; r++) code.push(...addLeaf([op.get(v.outRow)], r * K * 8, v.leafBase, a[r]!));
    return loop(v.row, p.rows, code, [v.xRow, LANES * d * 8], [v.outRow, LANES * K * 8], [v.row, LANES]);
  };
  // Per tree: its entry, its root (threshold, feature, children) once, then the rows at its depth.
  const tree = [op.comment('the tree at entry: records, leaves, output, depth'), ...readTree(v.entry, 0, v)];
  tree.push(op.get(v.entry), op.loadI32(8), op.set(v.depth), op.comment('its root and children, read once'));
  tree.push(op.get(v.recs), op.loadI32(8), op.set(root.rootF), op.get(v.recs), op.loadF64(), op.set(rootT));
  tree.push(op.get(v.recs), op.i32(16), op.add, op.set(root.left0));
  tree.push(op.get(v.recs), op.i32(32), op.add, op.set(root.right0));
  tree.push(op.get(p.x), op.set(v.xRow), op.get(p.out), op.get(v.col), op.add, op.set(v.outRow));
  tree.push(op.i32(0), op.set(v.row));
  for (const D of depths) {
    tree.push(op.comment(`trees of depth ${D}: the rows, eight at a time`));
    tree.push(op.get(v.depth), op.i32(D), op.eq, op.if, ...walkRows(D), op.end);
  }
  f.emit(endOf(v.end, p.table, p.trees, TREE_ENTRY), op.get(p.table), op.set(v.entry));
  f.emit(loop(v.entry, v.end, tree, [v.entry, TREE_ENTRY]));
  return f;
}

/** The row-at-a-time kernel (`rows`, or `rowsMissing` when `missing`), trees side by side. */
export function rowsKernel(depths: readonly number[], d: number, K: number, missing: boolean): WasmFunction {
  const f = new WasmFunction(missing ? 'rowsMissing' : 'rows');
  const p = f.takes('x', 'rows', 'groups', 'count', 'out');
  const v = f.uses('i32', 'xEnd', 'group', 'groupEnd', 'first', 'key');
  const lane = Array.from({ length: LANES }, (_, r) => {
    const at = (name: string) => f.local(`${name}${r}`);
    return { recs: at('recs'), leafBase: at('leafBase'), col: at('col'), c: at('c'), a: at('a'), n: at('n') };
  });
  const xv = missing ? f.local('xv', 'f64') : null;
  const walkTrees = (lanes: number, D: number): Instr[] => {
    const walk = lane.slice(0, lanes);
    const code: Instr[] = [];
    for (const [r, l] of walk.entries()) {
      code.push(op.comment(`tree ${r} of the group: its entry; start at its root`));
      code.push(...readTree(v.first, r * TREE_ENTRY, l), op.get(l.recs), op.set(l.a));
    }
    for (let depth = 0; depth < D; depth++)
      for (const [r, l] of walk.entries()) {
        code.push(op.comment(`level ${depth}, tree ${r}`));
        code.push(...level({ ...l, xBase: p.x, xOffset: 0, missing: xv }));
      }
    code.push(op.comment('the leaves, added in tree order'));
    for (const l of walk) code.push(...addLeaf([op.get(p.out), op.get(l.col), op.add], 0, l.leafBase, l.a));
    return code;
  };
  const group = [op.get(v.group), op.loadI32(0), op.set(v.first)];
  group.push(op.get(v.group), op.loadI32(4), op.set(v.key));
  for (const lanes of [LANES, 1])
    for (const D of depths) {
      group.push(op.comment(`${lanes} tree(s) of depth ${D}`), op.get(v.key), op.i32(groupKey(lanes, D)));
      group.push(op.eq, op.if, ...walkTrees(lanes, D), op.end);
    }
  const row = [op.get(p.groups), op.set(v.group)];
  row.push(...loop(v.group, v.groupEnd, group, [v.group, GROUP_ENTRY]));
  f.emit(endOf(v.xEnd, p.x, p.rows, d * 8), endOf(v.groupEnd, p.groups, p.count, GROUP_ENTRY));
  f.emit(loop(p.x, v.xEnd, row, [p.x, d * 8], [p.out, K * 8]));
  return f;
}

/** `nanScan(addr, pairs)` (see the file's comment). */
export function nanScanKernel(): WasmFunction {
  const f = new WasmFunction('nanScan');
  const p = f.takes('addr', 'pairs');
  const { i } = f.uses('i32', 'i');
  const { any } = f.uses('v128', 'any');
  const pair = [op.get(p.addr), op.get(i), op.i32(4), op.shl, op.add, simdOp.load()];
  f.emit(op.i32(0), op.set(i), pair, pair, simdOp.neF64, op.set(any), op.i32(1), op.set(i));
  f.emit(loop(i, p.pairs, [op.get(any), ...pair, ...pair, simdOp.neF64, simdOp.or, op.set(any)], [i, 1]));
  f.emit(op.i32(0), op.get(any), simdOp.anyTrue, op.storeI32());
  return f;
}
