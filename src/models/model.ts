/**
 * The `Model` interface every family implements the same way (and models trained elsewhere will
 * too): an input/output schema, preprocessing that travels with it, a numeric scorer, and the link
 * that turns raw scores into predictions. `predict(table)` scores a batch; `predictRow` scores one
 * row without allocating when given an output buffer.
 */
import { FlywheelError } from '../core/errors.js';
import { type Column, createTable, type Table } from '../data/table.js';
import { FeatureNames, featureNamesError } from './feature-names.js';
import { type FeatureRow, Preprocessor, type PreprocessStep } from './preprocess.js';
import type { ClassLabel, ModelSchema, Task } from './schema.js';

/** The model families Flywheel trains. */
export type ModelFamily = 'linear' | 'gbdt' | 'mlp';

/** How raw scores become predictions. */
export type OutputLink = 'identity' | 'sigmoid' | 'softmax';

/** A family's numeric core: raw scores from preprocessed rows. */
export interface Scorer {
  /** Columns of a preprocessed row. */
  readonly inputs: number;
  /** Raw scores per row. */
  readonly outputs: number;
  /** Raw scores of `n` row-major rows into `out` (row-major n×outputs). */
  scoreBatch(X: Float64Array, n: number, out: Float64Array): void;
  /** Raw scores of one preprocessed row into `out[0..outputs)`, without allocating. */
  scoreRow(x: Float64Array, out: Float64Array): void;
  /**
   * A buffer for up to `rows` preprocessed rows that `scoreBatch` reads without copying (the tree
   * kernel's WebAssembly memory), or null when the scorer has none; it may hold fewer rows.
   */
  batchBuffer(rows: number): Float64Array | null;
}

/** Predictions for a batch: regression values, P(classes[1]) for binary, class probabilities for multiclass. */
export interface Prediction {
  task: Task;
  classes: ClassLabel[] | null;
  rowCount: number;
  /** Values per row: 1 for regression and binary, the class count for multiclass. */
  width: number;
  /** Row-major rowCount×width. */
  values: Float64Array;
}

/** A trained model. */
export interface Model {
  /** `onnx`: a model made elsewhere, imported as an ONNX graph and scored by ONNX Runtime (src/onnx/import). */
  readonly family: ModelFamily | 'ensemble' | 'onnx';
  readonly schema: ModelSchema;
  readonly preprocessor: Preprocessor;
  readonly scorer: Scorer;
  readonly link: OutputLink;
  /** Family-specific facts kept in model.json (sizes, best iteration, feature importance…). */
  readonly info: Record<string, unknown>;
  /**
   * Predict a table (columns found by name; other columns are ignored). A feature without a column
   * is refused (SCHEMA_MISMATCH naming every one), unless the model declares it optional.
   */
  predict(table: Table): Prediction;
  /**
   * Predict one row; pass `out` (length `outputWidth`) to avoid allocating. A feature without a key
   * is refused like a missing column (a null value is a missing value, scored as such).
   */
  predictRow(row: FeatureRow, out?: Float64Array): Float64Array;
  /** Values per predicted row (see Prediction.width). */
  readonly outputWidth: number;
}

/** Rows preprocessed and scored at a time by `predict`. */
const PREDICT_CHUNK = 8192;

/** Assemble a model from its parts. */
export function createModel(parts: {
  family: ModelFamily | 'onnx';
  schema: ModelSchema;
  steps: readonly PreprocessStep[];
  scorer: Scorer;
  info?: Record<string, unknown>;
  /** The link, where the task's own does not fit (an imported graph that outputs probabilities). */
  link?: OutputLink;
}): Model {
  const preprocessor = new Preprocessor(parts.steps);
  const { scorer, schema } = parts;
  if (preprocessor.width !== scorer.inputs) {
    throw new FlywheelError(
      'DATA_INVALID',
      `Model preprocessing writes ${preprocessor.width} columns but its ${parts.family} core reads ${scorer.inputs}`,
    );
  }
  const task = schema.output.task;
  const link: OutputLink =
    parts.link ?? (task === 'regression' ? 'identity' : task === 'binary' ? 'sigmoid' : 'softmax');
  const width = task === 'multiclass' ? scorer.outputs : 1;
  const xRow = new Float64Array(scorer.inputs);
  const zRow = new Float64Array(scorer.outputs);
  let scratch: Float64Array | undefined;
  const names = featureNamesOf(schema, parts.info ?? {});
  return {
    family: parts.family,
    schema,
    preprocessor,
    scorer,
    link,
    info: parts.info ?? {},
    outputWidth: width,
    predict(this: Model | undefined, input) {
      const table = withOptionalColumns(names(this?.info), input);
      const n = table.rowCount;
      const K = scorer.outputs;
      const scores = new Float64Array(n * K);
      // Rows go a chunk at a time through the kernel's own input memory when it has one large
      // enough (no copy there), else through a reused buffer: no table-sized copy of the features.
      for (let c0 = 0; c0 < n; c0 += PREDICT_CHUNK) {
        const c1 = Math.min(n, c0 + PREDICT_CHUNK);
        const size = (c1 - c0) * preprocessor.width;
        const direct = scorer.batchBuffer(c1 - c0);
        if ((direct === null || direct.length < size) && (scratch === undefined || scratch.length < size))
          scratch = new Float64Array(Math.min(n, PREDICT_CHUNK) * preprocessor.width);
        const x = direct !== null && direct.length >= size ? direct : scratch!;
        preprocessor.transformRows(table, c0, c1, x);
        scorer.scoreBatch(x, c1 - c0, scores.subarray(c0 * K, c1 * K));
      }
      const values = applyLink(link, scores, n, K);
      return { task, classes: schema.output.classes, rowCount: n, width, values };
    },
    predictRow(this: Model | undefined, row, out = new Float64Array(width)) {
      const check = names(this?.info);
      if (check.lacksRequired(row))
        throw featureNamesError(check.checkRow(row), check.features, 'The row', 'key');
      preprocessor.transformRow(row, xRow);
      scorer.scoreRow(xRow, zRow);
      applyLinkRow(link, zRow, out);
      for (let k = 0; k < width; k++) if (!Number.isFinite(out[k]!)) throw nanPrediction(0);
      return out;
    },
  };
}

/**
 * The name checker of a model's inputs for its `info` (the registry adds version tags such as
 * `flywheel.optional_features` to a copy of the model with its own `info`): built once per info.
 */
function featureNamesOf(
  schema: ModelSchema,
  info: Readonly<Record<string, unknown>>,
): (info: Readonly<Record<string, unknown>> | undefined) => FeatureNames {
  const base = new FeatureNames(schema, info, { refuseUnknown: false });
  const tagged = new WeakMap<object, FeatureNames>();
  return (other) => {
    if (other === undefined || other === info) return base;
    let names = tagged.get(other);
    if (names === undefined) {
      names = new FeatureNames(schema, other, { refuseUnknown: false });
      tagged.set(other, names);
    }
    return names;
  };
}

/** The table, refused when it lacks a required feature, with all-null columns for absent optional ones. */
function withOptionalColumns(names: FeatureNames, table: Table): Table {
  const check = names.checkColumns(table.names);
  if (check.missing.length > 0) throw featureNamesError(check, names.features, 'The table', 'column');
  if (check.imputed.length === 0) return table;
  const n = table.rowCount;
  const empty: Column = {
    kind: 'float64',
    values: new Float64Array(n).fill(Number.NaN),
    nulls: new Uint8Array(n).fill(1),
  };
  return createTable(
    [...table.names, ...check.imputed],
    [...table.columns, ...check.imputed.map(() => empty)],
    n,
  );
}

/** Apply the link to row-major raw scores in place (softmax per row); fails on a non-finite result. */
export function applyLink(link: OutputLink, scores: Float64Array, n: number, K: number): Float64Array {
  if (link === 'sigmoid') {
    for (let i = 0; i < n; i++) scores[i] = 1 / (1 + Math.exp(-scores[i]!));
  } else if (link === 'softmax') {
    for (let r = 0; r < n; r++) softmaxInPlace(scores, r * K, K);
  }
  for (let i = 0; i < scores.length; i++) {
    if (!Number.isFinite(scores[i]!)) throw nanPrediction(Math.floor(i / K));
  }
  return scores;
}

function applyLinkRow(link: OutputLink, z: Float64Array, out: Float64Array): void {
  // Identity keeps every value: an imported multiclass graph outputs its probabilities directly.
  if (link === 'identity') out.set(z);
  else if (link === 'sigmoid') out[0] = 1 / (1 + Math.exp(-z[0]!));
  else {
    out.set(z);
    softmaxInPlace(out, 0, z.length);
  }
}

function softmaxInPlace(v: Float64Array, o: number, K: number): void {
  let max = -Infinity;
  for (let k = 0; k < K; k++) max = Math.max(max, v[o + k]!);
  let sum = 0;
  for (let k = 0; k < K; k++) {
    const e = Math.exp(v[o + k]! - max);
    v[o + k] = e;
    sum += e;
  }
  for (let k = 0; k < K; k++) v[o + k]! /= sum;
}

function nanPrediction(row: number): FlywheelError {
  return new FlywheelError('INTERNAL', `The model produced a non-finite prediction for row ${row}`, {
    where: { row },
    hint: 'Inputs are checked before scoring, so for a Flywheel-trained model this is a bug: please report it with the model and the row. An imported ONNX model gives this for a missing value (null) its graph cannot take: send a number.',
  });
}

/** The predicted class index per row (argmax; 0.5 threshold for binary). */
export function predictedClasses(p: Prediction, threshold = 0.5): Int32Array {
  const out = new Int32Array(p.rowCount);
  if (p.task === 'regression')
    throw new FlywheelError('INVALID_ARGUMENT', 'A regression prediction has no classes');
  for (let r = 0; r < p.rowCount; r++) {
    if (p.width === 1) out[r] = p.values[r]! >= threshold ? 1 : 0;
    else {
      let best = 0;
      for (let k = 1; k < p.width; k++)
        if (p.values[r * p.width + k]! > p.values[r * p.width + best]!) best = k;
      out[r] = best;
    }
  }
  return out;
}
