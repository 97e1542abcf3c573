/**
 * The edge bundle's runtime: a dependency-free module (no imports, no network, no Node or DOM
 * APIs beyond `fetch` in `load`) that scores rows from a model.bin weights file with the same
 * float64 arithmetic as Flywheel's own predict (src/models: preprocess.ts, trees.ts leafValue,
 * linear.ts, mlp.ts, model.ts's links, decision.ts's threshold and policy), in the same order, so
 * results are bit-identical. It is compiled by esbuild into runtime-asset.ts (build.ts) and written
 * as model.js by the export. model.bin: "FWEB", u32 LE header length, a JSON header (schema, steps,
 * decision, the sections' offsets), then typed arrays, little-endian, 8-byte aligned.
 */

type Cell = number | string | boolean | null | undefined | Date;
type Step =
  | { kind: 'numeric'; source: string; impute: number | null; center: number; scale: number }
  | { kind: 'onehot'; source: string; categories: string[] }
  | { kind: 'ordinal'; source: string; categories: string[] }
  | { kind: 'target'; source: string; categories: string[]; values: number[]; prior: number[] };
interface Section {
  name: string;
  type: 'f64' | 'i8' | 'i16' | 'i32' | 'u8' | 'u16' | 'u32';
  offset: number;
  length: number;
}
interface Header {
  format: 1;
  family: 'gbdt' | 'linear' | 'mlp';
  link: 'identity' | 'sigmoid' | 'softmax';
  schema: {
    features: { name: string; type: string; optional?: boolean }[];
    output: { task: 'binary' | 'multiclass' | 'regression'; target: string; classes: unknown[] | null };
  };
  steps: Step[];
  optional: string[];
  decision: { threshold: number; policy: { below: number; action: string } | null };
  core: Record<string, number | number[] | string[]>;
  sections: Section[];
}

/** The error answer, shaped like the server's body (`error_code`, `message`, `flywheel`). */
export interface EdgeErrorBody {
  error_code: string;
  message: string;
  flywheel: { code: string; message: string; hint: string; where?: Record<string, unknown> };
}

/** Thrown by `predict` for a row the model refuses; `body` is what the server would answer. */
export class EdgeError extends Error {
  readonly code: string;
  readonly body: EdgeErrorBody;
  constructor(code: string, message: string, hint: string, where?: Record<string, unknown>) {
    super(message);
    this.name = 'EdgeError';
    this.code = code;
    const flywheel = where === undefined ? { code, message, hint } : { code, message, hint, where };
    this.body = { error_code: 'INVALID_PARAMETER_VALUE', message, flywheel };
  }
}

/** One prediction: the decided label (classification) or value, probabilities, and the policy's action. */
export interface EdgePrediction {
  label: unknown;
  value?: number;
  probabilities?: number[];
  /** Classification: the raw scores before the link (the sigmoid's or softmax's input). */
  scores?: number[];
  confidence?: number;
  action: string;
}

const SIZES = { f64: 8, i8: 1, i16: 2, i32: 4, u8: 1, u16: 2, u32: 4 } as const;

/** Typed arrays of the section's own type: narrow node arrays keep the trees' working set in cache. */
type Numbers = Float64Array | Int32Array | Int16Array | Int8Array | Uint32Array | Uint16Array | Uint8Array;
const KINDS = {
  f64: Float64Array,
  i8: Int8Array,
  i16: Int16Array,
  i32: Int32Array,
  u8: Uint8Array,
  u16: Uint16Array,
  u32: Uint32Array,
} as const;

function readSection(view: DataView, s: Section): Numbers {
  const out = new KINDS[s.type](s.length);
  const size = SIZES[s.type];
  for (let i = 0, o = s.offset; i < s.length; i++, o += size) {
    if (s.type === 'f64') out[i] = view.getFloat64(o, true);
    else if (s.type === 'i8') out[i] = view.getInt8(o);
    else if (s.type === 'i16') out[i] = view.getInt16(o, true);
    else if (s.type === 'i32') out[i] = view.getInt32(o, true);
    else if (s.type === 'u8') out[i] = view.getUint8(o);
    else if (s.type === 'u16') out[i] = view.getUint16(o, true);
    else out[i] = view.getUint32(o, true);
  }
  return out;
}

function corrupt(what: string): EdgeError {
  return new EdgeError(
    'OBJECT_CORRUPT',
    `model.bin is not a Flywheel web model: ${what}`,
    'Export it again.',
  );
}

/** The model in a model.bin (its bytes as an ArrayBuffer or a view of one). */
export function createModel(
  bytes: ArrayBuffer | ArrayBufferView,
  options: { unknownKeys?: 'refuse' | 'ignore' } = {},
) {
  const buf = ArrayBuffer.isView(bytes) ? bytes : new Uint8Array(bytes);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (view.byteLength < 8 || view.getUint32(0, true) !== 0x42455746) throw corrupt('no FWEB magic');
  const hlen = view.getUint32(4, true);
  if (8 + hlen > view.byteLength) throw corrupt('header past the end');
  const header = JSON.parse(
    new TextDecoder().decode(new Uint8Array(view.buffer, view.byteOffset + 8, hlen)),
  ) as Header;
  if (header.format !== 1) throw corrupt(`format ${header.format}`);
  const arrays: Record<string, Numbers> = {};
  for (const s of header.sections) {
    if (s.offset + s.length * SIZES[s.type] > view.byteLength)
      throw corrupt(`section ${s.name} past the end`);
    arrays[s.name] = readSection(view, s);
  }
  const { schema, steps, decision } = header;
  const task = schema.output.task;
  const classes = schema.output.classes;
  const score = scorerOf(header, arrays);
  const inputs = steps.reduce(
    (w, s) => w + (s.kind === 'onehot' ? s.categories.length : s.kind === 'target' ? s.prior.length : 1),
    0,
  );
  const lookups = steps.map((s) =>
    s.kind === 'numeric' ? null : new Map(s.categories.map((c, i) => [c, i])),
  );
  const features = new Set(schema.features.map((f) => f.name));
  const optional = new Set(header.optional);
  const refuseUnknown = options.unknownKeys !== 'ignore';
  const x = new Float64Array(inputs);
  const K = Number(header.core.outputs);
  const z = new Float64Array(K);

  /** The error a row gets, or null when the model takes it. */
  function check(row: Record<string, Cell>): EdgeErrorBody | null {
    try {
      checkNames(row);
      for (const s of steps) if (s.kind === 'numeric') numericCell(s, row[s.source]);
      return null;
    } catch (e) {
      if (e instanceof EdgeError) return e.body;
      throw e;
    }
  }

  const names = schema.features.map((f) => f.name);

  /** True when the row has every feature and (refusing unknown keys) no other key: no allocation. */
  function namesOk(row: Record<string, Cell>): boolean {
    let keys = 0;
    for (const k in row) if (Object.hasOwn(row, k)) keys++;
    let present = 0;
    for (let j = 0; j < names.length; j++) {
      if (names[j]! in row) present++;
      else if (!optional.has(names[j]!)) return false;
    }
    return !refuseUnknown || keys === present;
  }

  function checkNames(row: Record<string, Cell>): void {
    if (namesOk(row)) return;
    const missing = schema.features
      .filter((f) => !(f.name in row) && !optional.has(f.name))
      .map((f) => f.name);
    const unknown = refuseUnknown ? Object.keys(row).filter((k) => !features.has(k)) : [];
    if (missing.length === 0 && unknown.length === 0) return;
    const parts = [];
    if (missing.length > 0)
      parts.push(
        `lacks the feature${missing.length > 1 ? 's' : ''} ${missing.map((n) => `"${n}"`).join(', ')}`,
      );
    if (unknown.length > 0)
      parts.push(
        `has the key${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `"${n}"`).join(', ')} that the model does not know`,
      );
    throw new EdgeError(
      'SCHEMA_MISMATCH',
      `The row ${parts.join(' and ')}`,
      `Send exactly the features ${[...features].map((n) => `"${n}"`).join(', ')} (null for a missing value).`,
      { missing, unknown },
    );
  }

  /** Score one row object: throws EdgeError (its `body` like the server's error) for a row it refuses. */
  function predict(row: Record<string, Cell>): EdgePrediction {
    checkNames(row);
    let o = 0;
    for (let s = 0; s < steps.length; s++) {
      const step = steps[s]!;
      const v = row[step.source];
      if (step.kind === 'numeric') x[o++] = numericCell(step, v);
      else {
        writeCategory(step, lookupCode(lookups[s]!, v), x, o);
        o += step.kind === 'onehot' ? step.categories.length : step.kind === 'target' ? step.prior.length : 1;
      }
    }
    score(x, z);
    return decide(z);
  }

  function decide(raw: Float64Array): EdgePrediction {
    const policy = decision.policy;
    const action = (top: number) => (policy !== null && top < policy.below ? policy.action : 'accept');
    if (task === 'regression') {
      if (!Number.isFinite(raw[0]!)) throw nonFinite();
      return { label: raw[0], value: raw[0], action: 'accept' };
    }
    if (task === 'binary') {
      const p = 1 / (1 + Math.exp(-raw[0]!));
      if (!Number.isFinite(p)) throw nonFinite();
      const top = Math.max(1 - p, p);
      return {
        label: classes![p >= decision.threshold ? 1 : 0],
        probabilities: [1 - p, p],
        scores: [raw[0]!],
        confidence: top,
        action: action(top),
      };
    }
    const probs = Array.from(raw);
    let max = -Infinity;
    for (let k = 0; k < K; k++) max = Math.max(max, probs[k]!);
    let sum = 0;
    for (let k = 0; k < K; k++) {
      const e = Math.exp(probs[k]! - max);
      probs[k] = e;
      sum += e;
    }
    let best = 0;
    for (let k = 0; k < K; k++) {
      probs[k]! /= sum;
      if (!Number.isFinite(probs[k]!)) throw nonFinite();
      if (probs[k]! > probs[best]!) best = k;
    }
    return {
      label: classes![best],
      probabilities: probs,
      scores: Array.from(raw),
      confidence: probs[best]!,
      action: action(probs[best]!),
    };
  }

  return { schema, decision, family: header.family, predict, check };
}

function nonFinite(): EdgeError {
  return new EdgeError(
    'INTERNAL',
    'The model produced a non-finite prediction',
    'Report the model and the row.',
  );
}

function numericCell(step: Extract<Step, { kind: 'numeric' }>, value: Cell): number {
  let v: number;
  if (value === null || value === undefined) v = Number.NaN;
  else if (typeof value === 'number') v = value;
  else if (typeof value === 'boolean') v = value ? 1 : 0;
  else if (value instanceof Date) v = value.getTime();
  else
    throw new EdgeError(
      'SCHEMA_MISMATCH',
      `Feature "${step.source}" is numeric but got the text "${String(value)}"`,
      'Send a number (or null for a missing value).',
      { field: step.source },
    );
  if (Number.isNaN(v)) {
    if (step.impute === null) return Number.NaN;
    v = step.impute;
  } else if (v === Infinity || v === -Infinity)
    throw new EdgeError(
      'DATA_INVALID',
      `Feature "${step.source}" has ${v > 0 ? '+' : '-'}Infinity`,
      'Replace infinite values (for example by null, which the model treats as missing) before predicting.',
      { field: step.source },
    );
  // × (1 / scale), as Preprocessor.transformRows (what `flywheel predict` runs) computes it: a
  // division (the single-row transformRow) differs from it in the last bit for some values.
  return (v - step.center) * (1 / step.scale);
}

function lookupCode(lookup: Map<string, number>, value: Cell): number {
  if (value === null || value === undefined) return -1;
  if (value instanceof Date) return lookup.get(value.toISOString()) ?? -1;
  return lookup.get(typeof value === 'string' ? value : String(value)) ?? -1;
}

function writeCategory(
  step: Exclude<Step, { kind: 'numeric' }>,
  code: number,
  out: Float64Array,
  o: number,
): void {
  if (step.kind === 'ordinal') out[o] = code < 0 ? Number.NaN : code;
  else if (step.kind === 'onehot')
    for (let c = 0; c < step.categories.length; c++) out[o + c] = c === code ? 1 : 0;
  else {
    const K = step.prior.length;
    for (let k = 0; k < K; k++) out[o + k] = code < 0 ? step.prior[k]! : step.values[code * K + k]!;
  }
}

type Arrays = Record<string, Numbers>;

/** The raw-score function of the model's core: writes `outputs` scores of one preprocessed row. */
function scorerOf(h: Header, a: Arrays): (x: Float64Array, out: Float64Array) => void {
  if (h.family === 'gbdt') return treeScorer(a);
  if (h.family === 'linear') {
    const W = a.weights as Float64Array;
    return denseScorer(
      [{ W, b: a.bias as Float64Array, din: W.length / a.bias!.length, act: 'identity' }],
      null,
    );
  }
  const dims = h.core.dims as number[];
  const acts = h.core.activations as string[];
  const layers = acts.map((act, i) => ({
    W: a[`w${i}`] as Float64Array,
    b: a[`b${i}`] as Float64Array,
    din: dims[i]!,
    act,
  }));
  return denseScorer(layers, { scale: Number(h.core.scale), shift: Number(h.core.shift) });
}

/** linear.ts / mlp.ts's arithmetic: bias first, then inputs in order, zero inputs skipped. */
function denseScorer(
  layers: { W: Float64Array; b: Float64Array; din: number; act: string }[],
  target: { scale: number; shift: number } | null,
) {
  const bufs = layers.map((l) => new Float64Array(l.b.length));
  return (x: Float64Array, out: Float64Array) => {
    let A = x;
    for (let i = 0; i < layers.length; i++) {
      const { W, b, din, act } = layers[i]!;
      const Z = bufs[i]!;
      const dout = b.length;
      Z.set(b);
      for (let k = 0; k < din; k++) {
        const v = A[k]!;
        if (v === 0) continue;
        for (let j = 0; j < dout; j++) Z[j]! += v * W[k * dout + j]!;
      }
      if (act === 'relu') {
        for (let j = 0; j < dout; j++) if (Z[j]! < 0) Z[j] = 0;
      } else if (act === 'tanh') for (let j = 0; j < dout; j++) Z[j] = Math.tanh(Z[j]!);
      A = Z;
    }
    if (target === null) out.set(A);
    else for (let j = 0; j < out.length; j++) out[j] = A[j]! * target.scale + target.shift;
  };
}

/**
 * trees.ts's walker over the compact arrays: per node its feature (−1: leaf), local children,
 * missing direction and a parameter (a split's index into its feature's threshold table).
 */
function treeScorer(a: Arrays) {
  const { feature, left, right, missing, param, treeStart, treeOutput, catStart, catLength, catWords } =
    a as Record<string, Int32Array>;
  const thresholds = a.thresholds as Float64Array;
  const leaves = a.leaves as Float64Array;
  const base = a.baseScore as Float64Array;
  const N = feature!.length;
  const T = treeOutput!.length;
  const thr = new Float64Array(N);
  // A split's threshold from its feature's table, a leaf's value in node order, in one array.
  const thrStart = a.thrStart as Int32Array;
  let leaf = 0;
  for (let i = 0; i < N; i++) {
    const f = feature![i]!;
    thr[i] = f < 0 ? leaves[leaf++]! : thresholds[thrStart[f]! + param![i]!]!;
    if (f >= 0 && !(param![i]! < thrStart[f + 1]! - thrStart[f]!)) throw corrupt(`node ${i}`);
  }
  if (leaf !== leaves.length) throw corrupt('leaf count');
  // Children after parents and inside their tree, as trees.ts validates: scoring always ends.
  for (let t = 0; t < T; t++) {
    const s = treeStart![t]!;
    const e = treeStart![t + 1]!;
    for (let i = s; i < e; i++) {
      const ok =
        feature![i]! < 0 ||
        (left![i]! > i - s &&
          right![i]! > i - s &&
          s + left![i]! < e &&
          s + right![i]! < e &&
          !Number.isNaN(thr[i]!));
      if (!ok || e > N) throw corrupt(`node ${i}`);
    }
  }
  return (x: Float64Array, out: Float64Array) => {
    out.set(base);
    for (let t = 0; t < T; t++) {
      const s = treeStart![t]!;
      let i = s;
      for (;;) {
        const f = feature![i]!;
        if (f < 0) break;
        const v = x[f]!;
        let goLeft: boolean;
        if (Number.isNaN(v)) goLeft = missing![i] === 1;
        else if (catStart![i]! < 0) goLeft = v <= thr[i]!;
        else
          goLeft =
            v >= 0 &&
            v === Math.floor(v) &&
            v >>> 5 < catLength![i]! &&
            ((catWords![catStart![i]! + (v >>> 5)]! >>> (v & 31)) & 1) === 1;
        i = s + (goLeft ? left![i]! : right![i]!);
      }
      out[treeOutput![t]!]! += thr[i]!;
    }
  };
}

/**
 * The weights next to this module (model.bin), fetched once, as a model. The only network request
 * the bundle can make, and only when called; in Node read the file and call createModel instead.
 */
export async function load(url: string | URL = new URL('./model.bin', import.meta.url)) {
  const response = await fetch(url);
  if (!response.ok)
    throw new EdgeError(
      'IO_ERROR',
      `Could not fetch ${String(url)}: HTTP ${response.status}`,
      'Serve model.bin next to model.js.',
    );
  return createModel(await response.arrayBuffer());
}
