/**
 * The gradient-boosted trees family's core: an ensemble of binary trees in flat typed arrays
 * (feature, threshold, children, leaf value, missing direction, category sets), scored from a base
 * score plus the leaf of every tree. Numeric nodes send `x <= threshold` left; NaN goes the node's
 * missing direction; categorical nodes send the codes in their set left. Trees are validated on
 * load (children after parents, indices in range), so a crafted file cannot loop or read out of bounds.
 * `leafValue` here is the reference walker; the WebAssembly kernel (src/kernels/trees.ts) scores
 * batches and rows where it compiles, with the same sums bit for bit, and leaves it the trees it
 * does not take. `FLYWHEEL_KERNELS=js` (or `kernels: 'js'`) has this walker score everything.
 */
import { FlywheelError } from '../core/errors.js';
import {
  compileTreeKernel,
  type KernelChoice,
  kernelChoice,
  type TreeArrays,
  type TreeKernel,
} from '../kernels/index.js';
import type { Scorer } from './model.js';

/**
 * All trees of an ensemble, concatenated; child indices are local to their tree. The kernel's
 * `TreeArrays` (src/kernels) are the node arrays (`treeStart`: tree t holds nodes
 * treeStart[t]..treeStart[t+1]; `treeOutput`: the class each tree adds to; `feature`: −1 for a
 * leaf; `missingLeft`: 1 when missing values go left; `catStart`: a categorical node's first word
 * of its category bitset in `catWords`, else −1); the model adds the base score and the bitsets.
 */
export interface TreeEnsembleData extends TreeArrays {
  baseScore: Float64Array;
  catLength: Int32Array;
  catWords: Uint32Array;
}

/** Scores rows with a tree ensemble. */
export class TreeEnsembleScorer implements Scorer {
  readonly inputs: number;
  readonly outputs: number;
  private readonly kernels: KernelChoice;
  private kernel: TreeKernel | null | undefined;

  /** `kernels: 'js'` walks every tree here (the reference) instead of the WebAssembly kernel. */
  constructor(
    readonly data: TreeEnsembleData,
    options: { kernels?: KernelChoice } = {},
  ) {
    validateTrees(data);
    this.inputs = data.features;
    this.outputs = data.outputs;
    this.kernels = options.kernels ?? kernelChoice();
  }

  /** The number of trees. */
  get treeCount(): number {
    return this.data.treeOutput.length;
  }

  /** The WebAssembly kernel (compiled on first use), or null: then the reference walks every tree. */
  private compiled(): TreeKernel | null {
    if (this.kernel === undefined)
      this.kernel =
        this.kernels === 'js'
          ? null
          : compileTreeKernel(this.data, (t, x, r0, r1, out) => {
              addLeaves(this.data, t, x, r0, r1, out);
            });
    return this.kernel;
  }

  /** Raw scores of n row-major rows (row-major n×outputs). */
  scoreBatch(X: Float64Array, n: number, out: Float64Array): void {
    const K = this.outputs;
    for (let r = 0; r < n; r++) out.set(this.data.baseScore, r * K);
    const kernel = this.compiled();
    if (kernel !== null) kernel.scoreBatch(X, n, out);
    else for (let t = 0; t < this.treeCount; t++) addLeaves(this.data, t, X, 0, n, out);
  }

  /** The kernel's input memory (rows written there are scored without a copy), for batches it handles. */
  batchBuffer(): Float64Array | null {
    return this.compiled()?.x ?? null;
  }

  /** Raw scores of one row. */
  scoreRow(x: Float64Array, out: Float64Array): void {
    out.set(this.data.baseScore);
    const kernel = this.compiled();
    if (kernel !== null) kernel.scoreRow(x, out);
    else for (let t = 0; t < this.treeCount; t++) addLeaves(this.data, t, x, 0, 1, out);
  }
}

/** Add tree `t`'s leaf of rows r0..r1 of row-major `x` to row-major `out`: the reference walker. */
function addLeaves(
  d: TreeEnsembleData,
  t: number,
  x: Float64Array,
  r0: number,
  r1: number,
  out: Float64Array,
): void {
  const o = d.treeOutput[t]!;
  for (let r = r0; r < r1; r++) out[r * d.outputs + o]! += leafValue(d, t, x, r * d.features);
}

/** The leaf value tree `t` gives the row starting at `x[o]`. */
export function leafValue(d: TreeEnsembleData, t: number, x: Float64Array, o: number): number {
  const base = d.treeStart[t]!;
  let i = base;
  for (;;) {
    const f = d.feature[i]!;
    if (f < 0) return d.value[i]!;
    const v = x[o + f]!;
    let left: boolean;
    if (Number.isNaN(v)) left = d.missingLeft[i] === 1;
    else if (d.catStart[i]! < 0) left = v <= d.threshold[i]!;
    else left = inCategorySet(d, i, v);
    i = base + (left ? d.left[i]! : d.right[i]!);
  }
}

function inCategorySet(d: TreeEnsembleData, i: number, v: number): boolean {
  if (v < 0 || v !== Math.floor(v)) return false;
  const word = v >>> 5;
  if (word >= d.catLength[i]!) return false;
  return ((d.catWords[d.catStart[i]! + word]! >>> (v & 31)) & 1) === 1;
}

function corrupt(message: string): FlywheelError {
  return new FlywheelError('DATA_INVALID', `Invalid tree ensemble: ${message}`, {
    hint: 'The model files are damaged or were not written by Flywheel; retrain or restore the model.',
  });
}

/** Check an ensemble's structure so that scoring always terminates inside the arrays. */
export function validateTrees(d: TreeEnsembleData): void {
  const N = d.feature.length;
  const T = d.treeOutput.length;
  for (const [name, a] of Object.entries({
    threshold: d.threshold,
    value: d.value,
    left: d.left,
    right: d.right,
    missingLeft: d.missingLeft,
    catStart: d.catStart,
    catLength: d.catLength,
  })) {
    if (a.length !== N) throw corrupt(`${name} has ${a.length} entries for ${N} nodes`);
  }
  if (d.treeStart.length !== T + 1 || d.treeStart[0] !== 0 || d.treeStart[T] !== N)
    throw corrupt('tree offsets do not cover the nodes');
  if (d.baseScore.length !== d.outputs) throw corrupt('base score does not match the outputs');
  for (let t = 0; t < T; t++) {
    const s = d.treeStart[t]!;
    const e = d.treeStart[t + 1]!;
    if (e <= s) throw corrupt(`tree ${t} is empty`);
    if (d.treeOutput[t]! < 0 || d.treeOutput[t]! >= d.outputs)
      throw corrupt(`tree ${t} writes output ${d.treeOutput[t]}`);
    for (let i = s; i < e; i++) validateNode(d, i - s, i, e - s);
  }
}

function validateNode(d: TreeEnsembleData, local: number, i: number, size: number): void {
  const f = d.feature[i]!;
  if (f < 0) {
    if (!Number.isFinite(d.value[i]!)) throw corrupt(`leaf ${i} has a non-finite value`);
    return;
  }
  if (f >= d.features) throw corrupt(`node ${i} splits on feature ${f} of ${d.features}`);
  const l = d.left[i]!;
  const r = d.right[i]!;
  if (!(l > local && l < size && r > local && r < size)) throw corrupt(`node ${i} has children out of order`);
  const cs = d.catStart[i]!;
  if (cs >= 0 && cs + d.catLength[i]! > d.catWords.length)
    throw corrupt(`node ${i} has a category set out of range`);
  if (cs < 0 && Number.isNaN(d.threshold[i]!)) throw corrupt(`node ${i} has a NaN threshold`);
}

/** Split counts and total gain per feature (importance), from the node gains recorded at training. */
export function treeImportance(
  d: TreeEnsembleData,
  gain: Float64Array,
): { splits: number[]; gain: number[] } {
  const splits = new Array<number>(d.features).fill(0);
  const total = new Array<number>(d.features).fill(0);
  for (let i = 0; i < d.feature.length; i++) {
    const f = d.feature[i]!;
    if (f < 0) continue;
    splits[f]!++;
    total[f]! += gain[i]!;
  }
  return { splits, gain: total };
}
