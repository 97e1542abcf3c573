/**
 * An imported ONNX graph as a Flywheel `Model`: its columns pass through unchanged (the graph holds
 * its own preprocessing), and its scorer runs the ONNX Runtime session on a batch of rows — one
 * [N,F] tensor per graph input, or [N] for a rank-1 input — and reads the chosen output. With
 * that, serving (REST, OIP v2, hot swap), batch scoring, evaluation, explanations and the
 * prediction log use it as they use a native model. Graph outputs of probabilities keep the
 * identity link; logits get the task's own link (sigmoid, softmax), applied by createModel.
 * A missing value is refused with the column and row: an imported graph's handling of NaN is
 * unknown, so it is never fed one.
 */
import { FlywheelError } from '../../core/index.js';
import { createModel, type Model, type OutputLink, type Scorer } from '../../models/index.js';
import type { OrtSession, TensorValue } from './ort-session.js';
import type { Signature, SignatureInput } from './signature.js';

/** Rows per ONNX Runtime run when the graph's batch dimension is dynamic. */
const RUN_ROWS = 8192;

/** Make a Model of an open session and its signature; `files` are what the version stores. */
export function createOnnxModel(
  session: OrtSession,
  signature: Signature,
  info: Record<string, unknown> = {},
  files?: Readonly<Record<string, Uint8Array>>,
  options: { passMissing?: boolean } = {},
): Model {
  const { task } = signature.schema.output;
  const { kind } = signature.output;
  const link: OutputLink = kind === 'logits' ? (task === 'binary' ? 'sigmoid' : 'softmax') : 'identity';
  const scorer = new OnnxScorer(session, signature, files, options.passMissing === true);
  const model = createModel({
    family: 'onnx',
    schema: signature.schema,
    steps: signature.schema.features.map((f) => ({
      kind: 'numeric' as const,
      source: f.name,
      impute: null,
      center: 0,
      scale: 1,
    })),
    scorer,
    link,
    info: {
      ...info,
      onnx_inputs: signature.inputs.map((i) => ({ name: i.name, type: i.type, columns: i.columns.length })),
      onnx_output: signature.output,
    },
  });
  // A row with a missing value scores NaN (so in a served batch only its own request fails); here,
  // where one caller owns all the rows, the failure names the column instead of a NaN prediction.
  const named = (error: unknown): unknown => scorer.takeMissing() ?? error;
  return {
    ...model,
    predict(this: Model | undefined, table) {
      try {
        return model.predict.call(this ?? model, table);
      } catch (error) {
        throw named(error);
      }
    },
    predictRow(this: Model | undefined, row, out) {
      try {
        return model.predictRow.call(this ?? model, row, out);
      } catch (error) {
        throw named(error);
      }
    },
  };
}

/** Scores rows through an ONNX Runtime session. */
export class OnnxScorer implements Scorer {
  readonly inputs: number;
  readonly outputs: number;
  private readonly offsets: number[] = [];
  private readonly chunk: number;
  /** The first value of the last batch the graph could not take, if any (see takeMissing). */
  private missing: FlywheelError | null = null;

  constructor(
    private readonly session: OrtSession,
    private readonly signature: Signature,
    /** The version's files (model.onnx, signature.json, CHECKSUMS): what batch jobs store and digest. */
    readonly files?: Readonly<Record<string, Uint8Array>>,
    /** Feed NaN to the graph (an exported Flywheel graph handles missing values), rather than refuse it. */
    private readonly passMissing = false,
  ) {
    let offset = 0;
    for (const input of signature.inputs) {
      this.offsets.push(offset);
      offset += input.columns.length;
    }
    this.inputs = offset;
    const { width, kind } = signature.output;
    // A binary model scores one value per row: P(classes[1]), or its logit.
    this.outputs = signature.schema.output.task === 'binary' ? 1 : width;
    if (kind === 'values' && width !== 1)
      throw new FlywheelError('INTERNAL', 'regression output of width > 1');
    const fixed = signature.inputs.map((i) => i.batch).find((b) => b !== null);
    this.chunk = fixed ?? RUN_ROWS;
  }

  /** The error naming the first value of the last batch the graph could not take, once. */
  takeMissing(): FlywheelError | null {
    const m = this.missing;
    this.missing = null;
    return m;
  }

  scoreBatch(X: Float64Array, n: number, out: Float64Array): void {
    this.missing = null;
    for (let r0 = 0; r0 < n; r0 += this.chunk) {
      const rows = Math.min(this.chunk, n - r0);
      this.scoreChunk(X, r0, rows, out);
    }
  }

  scoreRow(x: Float64Array, out: Float64Array): void {
    this.scoreBatch(x, 1, out);
  }

  batchBuffer(): Float64Array | null {
    return null;
  }

  private scoreChunk(X: Float64Array, r0: number, rows: number, out: Float64Array): void {
    // A graph with a fixed batch dimension takes exactly that many rows: pad the last run.
    const n = this.chunk !== RUN_ROWS ? this.chunk : rows;
    const feeds: Record<string, TensorValue> = {};
    // Rows with a value the graph cannot take are fed zeros and score NaN (their own failure only).
    const bad = new Set<number>();
    this.signature.inputs.forEach((input, i) => {
      feeds[input.name] = this.tensor(input, this.offsets[i]!, X, r0, rows, n, bad);
    });
    const { name, width } = this.signature.output;
    const result = this.session.run(feeds, [name])[name];
    if (result === undefined || result.data.length !== n * width) {
      throw new FlywheelError(
        'DATA_INVALID',
        `ONNX output "${name}" gave ${result?.data.length ?? 0} values for ${n} rows of width ${width}`,
        {
          hint: 'The graph does not output [batch, width] as its signature says; register it with a signature that fits.',
        },
      );
    }
    const data = result.data as Float32Array | Float64Array;
    const binary = this.outputs === 1 && width === 2;
    const logits = this.signature.output.kind === 'logits';
    for (let r = 0; r < rows; r++) {
      const o = (r0 + r) * this.outputs;
      if (bad.has(r)) out.fill(Number.NaN, o, o + this.outputs);
      else if (binary) out[o] = logits ? data[r * 2 + 1]! - data[r * 2]! : data[r * 2 + 1]!;
      else for (let k = 0; k < width; k++) out[o + k] = data[r * width + k]!;
    }
  }

  private tensor(
    input: SignatureInput,
    offset: number,
    X: Float64Array,
    r0: number,
    rows: number,
    n: number,
    bad: Set<number>,
  ): TensorValue {
    const F = input.columns.length;
    const d = this.inputs;
    const data = newArray(input.type, n * F);
    const integers = data instanceof BigInt64Array || data instanceof Int32Array;
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < F; j++) {
        const v = X[(r0 + r) * d + offset + j]!;
        if (this.passMissing && !integers) data[r * F + j] = v;
        else if (!Number.isFinite(v) || (integers && !Number.isInteger(v))) {
          bad.add(r);
          this.missing ??= Number.isFinite(v)
            ? notInteger(input, j, r0 + r, v)
            : missingValue(input, j, r0 + r, v);
        } else if (data instanceof BigInt64Array) data[r * F + j] = BigInt(v);
        else data[r * F + j] = v;
      }
    }
    return { type: input.type, data, dims: input.rank === 1 ? [n] : [n, F] };
  }
}

function newArray(type: SignatureInput['type'], length: number): TensorValue['data'] {
  if (type === 'float32') return new Float32Array(length);
  if (type === 'float64') return new Float64Array(length);
  if (type === 'int32') return new Int32Array(length);
  return new BigInt64Array(length);
}

function missingValue(input: SignatureInput, j: number, row: number, v: number): FlywheelError {
  const column = input.columns[j]!;
  return new FlywheelError(
    'DATA_INVALID',
    `Column "${column}" of row ${row} is ${Number.isNaN(v) ? 'missing' : String(v)}: the imported ONNX model (input "${input.name}") takes finite numbers only`,
    {
      where: { row, field: column },
      hint: 'Fill missing values before scoring, or export a graph that imputes them (e.g. an Imputer node) and send a number.',
      details: { input: input.name, column },
    },
  );
}

function notInteger(input: SignatureInput, j: number, row: number, v: number): FlywheelError {
  const column = input.columns[j]!;
  return new FlywheelError(
    'DATA_INVALID',
    `Column "${column}" of row ${row} is ${v}, but ONNX input "${input.name}" takes ${input.type} integers`,
    {
      where: { row, field: column },
      hint: 'Send whole numbers for this column.',
      details: { input: input.name, column },
    },
  );
}
