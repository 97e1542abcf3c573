/**
 * Collects trees grown on bins into the model's flat TreeEnsembleData: bin thresholds become raw
 * thresholds (the upper edge of the last bin on the left), category bitsets are appended to one
 * word array, and node gains are kept for feature importance.
 */
import type { TreeEnsembleData } from '../models/index.js';
import type { BinLayout } from './gbdt-bins.js';
import type { BinnedTree } from './gbdt-tree.js';

/** Trees appended one by one, then frozen into typed arrays. */
export class EnsembleBuilder {
  private readonly treeStart: number[] = [0];
  private readonly treeOutput: number[] = [];
  private readonly feature: number[] = [];
  private readonly threshold: number[] = [];
  private readonly value: number[] = [];
  private readonly left: number[] = [];
  private readonly right: number[] = [];
  private readonly missingLeft: number[] = [];
  private readonly catStart: number[] = [];
  private readonly catLength: number[] = [];
  private readonly catWords: number[] = [];
  private readonly gain: number[] = [];

  constructor(
    private readonly layout: BinLayout,
    private readonly outputs: number,
    private readonly baseScore: Float64Array,
  ) {}

  /** The number of trees so far. */
  get size(): number {
    return this.treeOutput.length;
  }

  /** Append a tree that adds to output `k`. */
  add(tree: BinnedTree, k: number): void {
    const size = tree.feature.length;
    for (let i = 0; i < size; i++) {
      const f = tree.feature[i]!;
      const cats = tree.cats[i] ?? null;
      this.feature.push(f);
      this.value.push(tree.value[i]!);
      this.left.push(tree.left[i]!);
      this.right.push(tree.right[i]!);
      this.missingLeft.push(tree.defaultLeft[i]!);
      this.gain.push(tree.gain[i]!);
      this.threshold.push(f >= 0 && cats === null ? this.layout.upper[f]![tree.bin[i]! - 1]! : 0);
      this.catStart.push(cats === null ? -1 : this.catWords.length);
      this.catLength.push(cats === null ? 0 : cats.length);
      if (cats !== null) this.catWords.push(...cats);
    }
    this.treeOutput.push(k);
    this.treeStart.push(this.feature.length);
  }

  /** The first `trees` trees as model data, and their node gains. */
  build(trees = this.size): { data: TreeEnsembleData; gain: Float64Array } {
    const N = this.treeStart[trees]!;
    const words = N === 0 ? 0 : this.wordsUsed(N);
    return {
      data: {
        features: this.layout.features,
        outputs: this.outputs,
        baseScore: Float64Array.from(this.baseScore),
        treeStart: Int32Array.from(this.treeStart.slice(0, trees + 1)),
        treeOutput: Int32Array.from(this.treeOutput.slice(0, trees)),
        feature: Int32Array.from(this.feature.slice(0, N)),
        threshold: Float64Array.from(this.threshold.slice(0, N)),
        value: Float64Array.from(this.value.slice(0, N)),
        left: Int32Array.from(this.left.slice(0, N)),
        right: Int32Array.from(this.right.slice(0, N)),
        missingLeft: Uint8Array.from(this.missingLeft.slice(0, N)),
        catStart: Int32Array.from(this.catStart.slice(0, N)),
        catLength: Int32Array.from(this.catLength.slice(0, N)),
        catWords: Uint32Array.from(this.catWords.slice(0, words)),
      },
      gain: Float64Array.from(this.gain.slice(0, N)),
    };
  }

  private wordsUsed(N: number): number {
    let words = 0;
    for (let i = 0; i < N; i++) if (this.catStart[i]! >= 0) words = this.catStart[i]! + this.catLength[i]!;
    return words;
  }
}
