/**
 * `exportOnnx(model)`: a Flywheel model as one ONNX graph (ai.onnx opset 17, ai.onnx.ml opset 3,
 * IR version 8 — what ONNX 1.12's checker, Debian 12's python3-onnx, knows) that takes the raw
 * columns `flywheel predict` takes and gives what it gives:
 * - inputs: one per feature, numeric double [N,1] (NaN: missing), categorical string [N,1];
 * - outputs: classification `label` [N] (int64 when every class is an integer, else string) and
 *   `probabilities` double [N,K] (binary: [1 − p, p], p = P(classes[1])); regression `value`
 *   double [N,1]. Plain tensors, no ZipMap.
 * Each member of an ensemble becomes its own preprocessing and core on the shared inputs, its
 * predicted values weighted by weight/total and summed (the ensemble's weighted mean), then one head.
 * The binary label uses the version's stored threshold (`flywheel.threshold`, else 0.5), as
 * serving and batch scoring do. Families and parts it cannot write are refused, naming them.
 */
import { FlywheelError, TAG_PREFIX, TAGS } from '../../core/index.js';
import {
  type ClassLabel,
  decisionThreshold,
  ensembleMembers,
  LinearScorer,
  MlpScorer,
  type Model,
  TreeEnsembleScorer,
} from '../../models/index.js';
import { encodeModel } from '../proto.js';
import { linearOnnx, mlpOnnx } from './dense.js';
import { type ElemType, GraphBuilder } from './graph.js';
import { declareInputs, preprocessNodes } from './preprocess.js';
import { treeNodesOnnx } from './trees.js';

/** The operator sets an exported model imports. */
export const ONNX_OPSETS = [
  { domain: '', version: 17 },
  { domain: 'ai.onnx.ml', version: 3 },
] as const;

/** The IR version written (ONNX 1.12 reads up to 8). */
export const ONNX_IR_VERSION = 8;

/** A graph input or output as the export reports it. */
export interface OnnxValue {
  name: string;
  type: 'double' | 'string' | 'int64';
  shape: (number | string)[];
}

/** An exported model. */
export interface OnnxExport {
  bytes: Uint8Array;
  opsets: { domain: string; version: number }[];
  inputs: OnnxValue[];
  outputs: OnnxValue[];
}

/** Deepest nesting of ensembles written (the registry allows 3). */
const MAX_DEPTH = 4;

/** Export a model (any family Flywheel trains, or an ensemble of them) as ONNX bytes. */
export function exportOnnx(
  model: Model,
  options: { name?: string; producerVersion?: string } = {},
): OnnxExport {
  const g = new GraphBuilder();
  const inputs = declareInputs(g, model.schema.features);
  const values = predictedValues(g, model, inputs, '', 0);
  const outputs = head(g, model, values);
  const feature: OnnxValue[] = [...inputs.keys()].map((name) => ({
    name,
    type: model.schema.features.find((f) => f.name === name)!.type === 'numeric' ? 'double' : 'string',
    shape: ['N', 1],
  }));
  const { task, target, classes } = model.schema.output;
  const bytes = encodeModel({
    ir_version: ONNX_IR_VERSION,
    producer_name: 'flywheel',
    producer_version: options.producerVersion ?? '',
    domain: 'flywheel',
    model_version: 1,
    doc_string: `Flywheel ${model.family} model (${task}, target "${target}")`,
    opset_import: ONNX_OPSETS.map((o) => ({ ...o })),
    metadata_props: [
      { key: `${TAG_PREFIX}family`, value: model.family },
      { key: `${TAG_PREFIX}task`, value: task },
      { key: `${TAG_PREFIX}target`, value: target },
      ...(classes === null ? [] : [{ key: `${TAG_PREFIX}classes`, value: JSON.stringify(classes) }]),
      ...(task === 'binary' ? [{ key: TAGS.threshold, value: String(decisionThreshold(model)) }] : []),
    ],
    graph: g.graph(
      options.name ?? 'flywheel',
      `Inputs: the raw feature columns; outputs: ${outputs.map((o) => o.name).join(', ')}`,
    ),
  });
  return { bytes, opsets: ONNX_OPSETS.map((o) => ({ ...o })), inputs: feature, outputs };
}

/** The model's predicted values (double: [N,1] binary P(classes[1]) or regression, [N,K] multiclass). */
function predictedValues(
  g: GraphBuilder,
  model: Model,
  inputs: ReadonlyMap<string, string>,
  prefix: string,
  depth: number,
): string {
  const members = ensembleMembers(model);
  if (members !== null) {
    if (depth >= MAX_DEPTH) throw unsupported('an ensemble nested this deep', 'Flatten the ensemble.');
    const total = members.reduce((s, m) => s + m.weight, 0);
    const parts = members.map((m, i) => {
      const v = predictedValues(g, m.model, inputs, `${prefix}m${i}_`, depth + 1);
      return g.op(
        'Mul',
        [v, g.doubles(`${prefix}m${i}_weight`, [m.weight / total], [])],
        {},
        { base: `${prefix}m${i}_weighted` },
      );
    });
    return parts.length === 1 ? parts[0]! : g.op('Sum', parts, {}, { base: `${prefix}ensemble` });
  }
  const x = preprocessNodes(g, model.preprocessor.steps, inputs, prefix);
  const raw = coreNodes(g, model, x, prefix);
  if (model.link === 'sigmoid') {
    // 1 / (1 + exp(−z)) as Flywheel computes it: ONNX Runtime's Sigmoid kernel loses the relative
    // accuracy of small probabilities (1.5e-21 came out as 0 on breast_cancer).
    const e = g.op(
      'Exp',
      [g.op('Neg', [raw], {}, { base: `${prefix}neg_z` })],
      {},
      { base: `${prefix}exp_neg_z` },
    );
    const one = g.doubles(`${prefix}one`, [1], []);
    return g.op(
      'Div',
      [one, g.op('Add', [one, e], {}, { base: `${prefix}denominator` })],
      {},
      { base: `${prefix}p` },
    );
  }
  if (model.link === 'softmax') return g.op('Softmax', [raw], { axis: { int: 1 } }, { base: `${prefix}p` });
  return raw;
}

function coreNodes(g: GraphBuilder, model: Model, x: string, prefix: string): string {
  const s = model.scorer;
  if (model.family === 'gbdt' && s instanceof TreeEnsembleScorer) return treeNodesOnnx(g, s.data, x, prefix);
  if (model.family === 'linear' && s instanceof LinearScorer) return linearOnnx(g, s, x, prefix);
  if (model.family === 'mlp' && s instanceof MlpScorer) return mlpOnnx(g, s, x, prefix);
  if (model.family === 'onnx')
    throw unsupported(
      'an imported ONNX model',
      'It already is ONNX: its registered model.onnx is the file (flywheel models download, or the run artifact).',
    );
  throw unsupported(
    `the ${model.family} family with a ${s.constructor.name} core`,
    'ONNX export writes Flywheel-trained linear, gbdt and mlp models and ensembles of them.',
  );
}

/** The outputs: label and probabilities, or value. */
function head(g: GraphBuilder, model: Model, values: string): OnnxValue[] {
  const { task, classes } = model.schema.output;
  if (task === 'regression') {
    const name = g.op('Identity', [values], {}, { base: 'value' });
    g.output(name, 'DOUBLE', ['N', 1]);
    return [{ name, type: 'double', shape: ['N', 1] }];
  }
  const K = classes!.length;
  let probs: string;
  let index: string;
  if (task === 'binary') {
    const q = g.op('Sub', [g.doubles('one', [1], []), values], {}, { base: 'p_negative' });
    probs = g.op('Concat', [q, values], { axis: { int: 1 } }, { base: 'probabilities' });
    const positive = g.op(
      'GreaterOrEqual',
      [values, g.doubles('threshold', [decisionThreshold(model)], [])],
      {},
      { base: 'positive' },
    );
    const code = g.op('Cast', [positive], { to: { int: 7 } }, { base: 'class_code' });
    index = g.op('Reshape', [code, g.int64s('flat', [-1])], {}, { base: 'class_index' });
  } else {
    probs = g.op('Identity', [values], {}, { base: 'probabilities' });
    index = g.op('ArgMax', [probs], { axis: { int: 1 }, keepdims: { int: 0 } }, { base: 'class_index' });
  }
  const integers = classes!.every((c) => typeof c === 'number' && Number.isSafeInteger(c));
  const table = integers
    ? g.int64s('classes', classes as number[])
    : g.strings(
        'classes',
        classes!.map((c: ClassLabel) => String(c)),
      );
  const label = g.op('Gather', [table, index], { axis: { int: 0 } }, { base: 'label' });
  const labelType: ElemType = integers ? 'INT64' : 'STRING';
  g.output(label, labelType, ['N']);
  g.output(probs, 'DOUBLE', ['N', K]);
  return [
    { name: label, type: integers ? 'int64' : 'string', shape: ['N'] },
    { name: probs, type: 'double', shape: ['N', K] },
  ];
}

function unsupported(what: string, hint: string): FlywheelError {
  return new FlywheelError('UNSUPPORTED', `ONNX export does not support ${what}`, { hint });
}
