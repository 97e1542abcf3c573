/**
 * A gradient-boosted tree ensemble as one ai.onnx.ml TreeEnsembleRegressor (opset 3) giving the raw
 * scores (n_targets = the model's outputs, aggregate SUM, post_transform NONE; the link is applied
 * after it, in float64, by head.ts). Thresholds, leaf values and the base score go in as double
 * tensors (`nodes_values_as_tensor`, `target_weights_as_tensor`, `base_values_as_tensor`), so a
 * value on a threshold goes the way it goes in Flywheel (x ≤ t: no float32 rounding of t).
 * Routing, node by node as src/models/trees.ts walks:
 * - numeric node: BRANCH_LEQ, true → left; NaN → `nodes_missing_value_tracks_true` = missingLeft;
 * - categorical node "code ∈ S → left": a chain of BRANCH_EQ nodes, one per code of S, each
 *   true → the left child (the same node: ONNX Runtime merges such chains into one set test),
 *   false → the next test, the last false → the right child; NaN (a missing or unknown category)
 *   follows missingLeft on every test of the chain. An empty S is one test of code −1.
 * ONNX Runtime gives the regressor's output as float32 (the spec's type); it is cast to float64.
 */
import type { TreeEnsembleData } from '../../models/index.js';
import type { GraphBuilder } from './graph.js';
import { doubleTensor } from './graph.js';

/** The ONNX node arrays of an ensemble. */
interface Nodes {
  treeIds: number[];
  nodeIds: number[];
  featureIds: number[];
  modes: string[];
  values: number[];
  trueIds: number[];
  falseIds: number[];
  missingTrue: number[];
  targetTree: number[];
  targetNode: number[];
  targetId: number[];
  targetWeight: number[];
}

/** The codes of a categorical node's set (the bits of its words). */
function categorySet(d: TreeEnsembleData, i: number): number[] {
  const out: number[] = [];
  const start = d.catStart[i]!;
  for (let w = 0; w < d.catLength[i]!; w++) {
    const word = d.catWords[start + w]!;
    for (let b = 0; b < 32; b++) if ((word >>> b) & 1) out.push(w * 32 + b);
  }
  return out;
}

function treeNodes(d: TreeEnsembleData): Nodes {
  const n: Nodes = {
    treeIds: [],
    nodeIds: [],
    featureIds: [],
    modes: [],
    values: [],
    trueIds: [],
    falseIds: [],
    missingTrue: [],
    targetTree: [],
    targetNode: [],
    targetId: [],
    targetWeight: [],
  };
  const push = (
    t: number,
    id: number,
    f: number,
    mode: string,
    v: number,
    yes: number,
    no: number,
    miss: number,
  ) => {
    n.treeIds.push(t);
    n.nodeIds.push(id);
    n.featureIds.push(f);
    n.modes.push(mode);
    n.values.push(v);
    n.trueIds.push(yes);
    n.falseIds.push(no);
    n.missingTrue.push(miss);
  };
  for (let t = 0; t < d.treeOutput.length; t++) {
    const start = d.treeStart[t]!;
    const size = d.treeStart[t + 1]! - start;
    let extra = size; // ids of the chain nodes a categorical split adds
    for (let local = 0; local < size; local++) {
      const i = start + local;
      const f = d.feature[i]!;
      if (f < 0) {
        push(t, local, 0, 'LEAF', 0, 0, 0, 0);
        n.targetTree.push(t);
        n.targetNode.push(local);
        n.targetId.push(d.treeOutput[t]!);
        n.targetWeight.push(d.value[i]!);
        continue;
      }
      const miss = d.missingLeft[i]!;
      if (d.catStart[i]! < 0) {
        push(t, local, f, 'BRANCH_LEQ', d.threshold[i]!, d.left[i]!, d.right[i]!, miss);
        continue;
      }
      const codes = categorySet(d, i);
      if (codes.length === 0) codes.push(-1);
      codes.forEach((code, k) => {
        const id = k === 0 ? local : extra++;
        const next = k === codes.length - 1 ? d.right[i]! : extra;
        push(t, id, f, 'BRANCH_EQ', code, d.left[i]!, next, miss);
      });
    }
  }
  return n;
}

/** The TreeEnsembleRegressor node over X; returns the raw scores (double [N, outputs]). */
export function treeNodesOnnx(g: GraphBuilder, d: TreeEnsembleData, x: string, prefix: string): string {
  const n = treeNodes(d);
  const scores = g.op(
    'TreeEnsembleRegressor',
    [x],
    {
      n_targets: { int: d.outputs },
      aggregate_function: { string: 'SUM' },
      post_transform: { string: 'NONE' },
      base_values_as_tensor: { tensor: doubleTensor('base_values', d.baseScore, [d.outputs]) },
      nodes_treeids: { ints: n.treeIds },
      nodes_nodeids: { ints: n.nodeIds },
      nodes_featureids: { ints: n.featureIds },
      nodes_modes: { strings: n.modes },
      nodes_values_as_tensor: { tensor: doubleTensor('nodes_values', n.values, [n.values.length]) },
      nodes_truenodeids: { ints: n.trueIds },
      nodes_falsenodeids: { ints: n.falseIds },
      nodes_missing_value_tracks_true: { ints: n.missingTrue },
      target_treeids: { ints: n.targetTree },
      target_nodeids: { ints: n.targetNode },
      target_ids: { ints: n.targetId },
      target_weights_as_tensor: {
        tensor: doubleTensor('target_weights', n.targetWeight, [n.targetWeight.length]),
      },
    },
    { domain: 'ai.onnx.ml', base: `${prefix}tree_scores` },
  );
  return g.op('Cast', [scores], { to: { int: 11 } }, { base: `${prefix}raw` });
}
