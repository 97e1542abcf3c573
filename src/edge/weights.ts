/**
 * model.bin, the edge bundle's weights: "FWEB", a u32 (little-endian) header length, a small JSON
 * header (schema, preprocessing steps, decision, the core's sizes and where each array lies), then
 * typed arrays, little-endian, each 8-byte aligned — no JSON per node. Trees are stored compactly
 * (the reason the 200-tree bundle fits a phone's budget): integer arrays in the narrowest type that
 * holds them, each split's threshold as an index into its feature's table of distinct thresholds (a byte:
 * histogram binning leaves at most 255 per feature), leaves' values in node order, leaf values once each at float64, so the runtime's sums are Flywheel's own.
 * The reader is src/edge/runtime/runtime.ts; the format is defined here and there only.
 */
import { FlywheelError } from '../core/index.js';
import {
  LinearScorer,
  MlpScorer,
  type Model,
  modelDecision,
  optionalFeatures,
  TreeEnsembleScorer,
} from '../models/index.js';

/** The families an edge bundle scores. */
export const EDGE_FAMILIES = ['gbdt', 'linear', 'mlp'] as const;

type SectionType = 'f64' | 'i8' | 'i16' | 'i32' | 'u8' | 'u16' | 'u32';
const SIZES: Record<SectionType, number> = { f64: 8, i8: 1, i16: 2, i32: 4, u8: 1, u16: 2, u32: 4 };
const MAGIC = 0x42455746; // "FWEB" read as a little-endian u32

interface Array_ {
  name: string;
  type: SectionType;
  values: ArrayLike<number>;
}

/** The narrowest integer type holding every value. */
function narrow(values: ArrayLike<number>): SectionType {
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < values.length; i++) {
    lo = Math.min(lo, values[i]!);
    hi = Math.max(hi, values[i]!);
  }
  if (lo >= 0) return hi < 256 ? 'u8' : hi < 65536 ? 'u16' : 'u32';
  return lo >= -128 && hi < 128 ? 'i8' : lo >= -32768 && hi < 32768 ? 'i16' : 'i32';
}

function ints(name: string, values: ArrayLike<number>): Array_ {
  return { name, type: narrow(values), values };
}

/** The weights file of a model, or UNSUPPORTED naming the family. */
export function encodeWeights(model: Model): Uint8Array {
  const { core, arrays } = coreOf(model);
  const decision = modelDecision(model);
  let offset = 0;
  const sections = arrays.map((a) => {
    const s = { name: a.name, type: a.type, offset, length: a.values.length };
    offset += Math.ceil((a.values.length * SIZES[a.type]) / 8) * 8;
    return s;
  });
  const header = {
    format: 1,
    family: model.family,
    link: model.link,
    schema: model.schema,
    steps: model.preprocessor.steps,
    optional: optionalFeatures(model.schema, model.info),
    decision: { threshold: decision.threshold, policy: decision.policy ?? null },
    core,
    sections,
  };
  // Offsets are relative to the data start; the header is padded so that start is 8-aligned.
  let json = JSON.stringify(header);
  const start = (n: number) => Math.ceil((8 + n) / 8) * 8;
  let bytes = new TextEncoder().encode(json);
  const dataStart = start(bytes.length + 16 * sections.length + 8);
  for (const s of sections) s.offset += dataStart;
  json = JSON.stringify(header);
  bytes = new TextEncoder().encode(json.padEnd(dataStart - 8, ' '));
  if (bytes.length !== dataStart - 8)
    throw new FlywheelError('INTERNAL', 'model.bin header did not fit its slot');
  const out = new Uint8Array(dataStart + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, bytes.length, true);
  out.set(bytes, 8);
  for (const [i, a] of arrays.entries()) writeSection(view, sections[i]!.offset, a);
  return out;
}

function writeSection(view: DataView, offset: number, a: Array_): void {
  const size = SIZES[a.type];
  for (let i = 0, o = offset; i < a.values.length; i++, o += size) {
    const v = a.values[i]!;
    if (a.type === 'f64') view.setFloat64(o, v, true);
    else if (a.type === 'i8') view.setInt8(o, v);
    else if (a.type === 'i16') view.setInt16(o, v, true);
    else if (a.type === 'i32') view.setInt32(o, v, true);
    else if (a.type === 'u8') view.setUint8(o, v);
    else if (a.type === 'u16') view.setUint16(o, v, true);
    else view.setUint32(o, v, true);
  }
}

function coreOf(model: Model): { core: Record<string, unknown>; arrays: Array_[] } {
  const { scorer } = model;
  if (model.family === 'gbdt' && scorer instanceof TreeEnsembleScorer) return treeCore(scorer);
  if (model.family === 'linear' && scorer instanceof LinearScorer)
    return {
      core: { outputs: scorer.outputs },
      arrays: [
        { name: 'weights', type: 'f64', values: scorer.weights },
        { name: 'bias', type: 'f64', values: scorer.bias },
      ],
    };
  if (model.family === 'mlp' && scorer instanceof MlpScorer)
    return {
      core: {
        outputs: scorer.outputs,
        dims: scorer.layers.map((l) => l.inputs),
        activations: scorer.layers.map((l) => l.activation),
        scale: scorer.scale,
        shift: scorer.shift,
      },
      arrays: scorer.layers.flatMap((l, i): Array_[] => [
        { name: `w${i}`, type: 'f64', values: l.weights },
        { name: `b${i}`, type: 'f64', values: l.bias },
      ]),
    };
  throw new FlywheelError('UNSUPPORTED', `A web bundle cannot be written for a ${model.family} model`, {
    hint: `Web bundles score ${EDGE_FAMILIES.join(', ')} models; export this one with --format onnx instead.`,
  });
}

function treeCore(scorer: TreeEnsembleScorer): { core: Record<string, unknown>; arrays: Array_[] } {
  const d = scorer.data;
  const N = d.feature.length;
  // Thresholds per feature (sorted, distinct): a split stores its index in its feature's table
  // (a byte with histogram binning), a leaf stores nothing (leaf values are in node order).
  const perFeature = Array.from({ length: d.features }, () => new Set<number>());
  for (let i = 0; i < N; i++) if (d.feature[i]! >= 0) perFeature[d.feature[i]!]!.add(d.threshold[i]!);
  const tables = perFeature.map((set) => [...set].sort((x, y) => x - y));
  const thrStart = new Int32Array(d.features + 1);
  tables.forEach((t, f) => {
    thrStart[f + 1] = thrStart[f]! + t.length;
  });
  const thresholds = tables.flat();
  const leaves: number[] = [];
  const param = new Int32Array(N);
  for (let i = 0; i < N; i++) {
    const f = d.feature[i]!;
    if (f < 0) leaves.push(d.value[i]!);
    else param[i] = tables[f]!.indexOf(d.threshold[i]!);
  }
  const left = Int32Array.from(d.left, (v) => Math.max(v, 0));
  const right = Int32Array.from(d.right, (v) => Math.max(v, 0));
  return {
    core: { outputs: d.outputs, features: d.features, trees: d.treeOutput.length },
    arrays: [
      { name: 'baseScore', type: 'f64', values: d.baseScore },
      ints('treeStart', d.treeStart),
      ints('treeOutput', d.treeOutput),
      ints('feature', d.feature),
      ints('left', left),
      ints('right', right),
      ints('missing', d.missingLeft),
      ints('param', param),
      ints('thrStart', thrStart),
      { name: 'thresholds', type: 'f64', values: thresholds },
      { name: 'leaves', type: 'f64', values: leaves },
      ints('catStart', d.catStart),
      ints('catLength', d.catLength),
      { name: 'catWords', type: 'u32', values: d.catWords },
    ],
  };
}
