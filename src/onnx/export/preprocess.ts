/**
 * A model's preprocessing steps as ONNX nodes, so the exported graph takes the raw columns
 * `flywheel predict` takes: one input per feature (numeric: double [N,1], NaN for a missing value;
 * categorical: string [N,1], any string not seen in training — "" for a missing value — is unknown).
 * The arithmetic is Flywheel's, in float64 (src/models/preprocess.ts, the table path):
 * - numeric: Where(IsNaN(x), impute, x), then (x − center) · (1/scale) with the same constants;
 *   a tree model's step (no imputation, centre 0, scale 1) passes NaN through for the trees;
 * - ordinal: ai.onnx.ml LabelEncoder (category → code, unknown → C) then Gather from
 *   [0, 1, …, C−1, NaN]: unknown and missing become NaN, the trees' missing value;
 * - one-hot: ai.onnx.ml OneHotEncoder (zeros=1: an unknown category is all zeros), as float64;
 * - target: LabelEncoder then Gather from the table of encodings with the prior as row C.
 * Every step's columns are concatenated in the model's order into X (double [N, width]).
 */
import type { FeatureSpec, PreprocessStep } from '../../models/index.js';
import type { GraphBuilder } from './graph.js';

const ML = 'ai.onnx.ml';

/** Declare one graph input per feature; returns the input name of each feature. */
export function declareInputs(g: GraphBuilder, features: readonly FeatureSpec[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const f of features) {
    if (names.has(f.name)) continue;
    names.set(f.name, g.input(f.name, f.type === 'numeric' ? 'DOUBLE' : 'STRING', ['N', 1]));
  }
  return names;
}

/** The nodes of `steps`, reading the inputs named in `inputs`; returns X (double [N, width]). */
export function preprocessNodes(
  g: GraphBuilder,
  steps: readonly PreprocessStep[],
  inputs: ReadonlyMap<string, string>,
  prefix: string,
): string {
  const parts = steps.map((step) => stepNodes(g, step, inputs.get(step.source)!, prefix));
  return parts.length === 1 ? parts[0]! : g.op('Concat', parts, { axis: { int: 1 } }, { base: `${prefix}X` });
}

function stepNodes(g: GraphBuilder, step: PreprocessStep, x: string, prefix: string): string {
  const base = `${prefix}${step.source}`;
  if (step.kind === 'numeric') {
    let v = x;
    if (step.impute !== null) {
      const missing = g.op('IsNaN', [v], {}, { base: `${base}_isnan` });
      v = g.op(
        'Where',
        [missing, g.doubles(`${base}_impute`, [step.impute], []), v],
        {},
        { base: `${base}_imputed` },
      );
    }
    if (step.center !== 0)
      v = g.op('Sub', [v, g.doubles(`${base}_center`, [step.center], [])], {}, { base: `${base}_centered` });
    // The table path multiplies by 1/scale (preprocess.ts numericColumn): the same constant here.
    const inv = 1 / step.scale;
    if (inv !== 1)
      v = g.op('Mul', [v, g.doubles(`${base}_inv_scale`, [inv], [])], {}, { base: `${base}_scaled` });
    return v;
  }
  const C = step.categories.length;
  if (step.kind === 'onehot') {
    const hot = g.op(
      'OneHotEncoder',
      [x],
      { cats_strings: { strings: step.categories }, zeros: { int: 1 } },
      { domain: ML, base: `${base}_onehot` },
    );
    g.valueInfo(hot, 'FLOAT', ['N', 1, C]);
    const flat = g.op(
      'Reshape',
      [hot, g.int64s(`${base}_onehot_shape`, [-1, C])],
      {},
      { base: `${base}_onehot2d` },
    );
    return g.op('Cast', [flat], { to: { int: 11 } }, { base: `${base}_onehot_f64` });
  }
  const code = g.op(
    'LabelEncoder',
    [x],
    {
      keys_strings: { strings: step.categories },
      values_int64s: { ints: step.categories.map((_, i) => i) },
      default_int64: { int: C },
    },
    { domain: ML, base: `${base}_code` },
  );
  if (step.kind === 'ordinal') {
    const table = g.doubles(`${base}_codes`, [...step.categories.map((_, i) => i), Number.NaN], [C + 1]);
    return g.op('Gather', [table, code], { axis: { int: 0 } }, { base: `${base}_ordinal` });
  }
  const K = step.prior.length;
  const table = g.doubles(`${base}_te_table`, [...step.values, ...step.prior], [C + 1, K]);
  const rows = g.op('Gather', [table, code], { axis: { int: 0 } }, { base: `${base}_te` });
  return g.op('Reshape', [rows, g.int64s(`${base}_te_shape`, [-1, K])], {}, { base: `${base}_te2d` });
}
