/**
 * Request and answer shapes of the wire protocols, turned into rows and back: the plain
 * `{"rows": [...]}` body, the Open Inference
 * Protocol v2 (typed tensors, one per feature or one [n, features] matrix) and MLflow's
 * `/invocations` (`dataframe_split`, `dataframe_records`, `instances`, `inputs`). Anything that is
 * not the expected shape becomes a problem list (a 400), never an exception from deep inside.
 */
import { FlywheelError } from '../core/index.js';
import type { ModelSchema } from '../models/index.js';
import type { PredictResult } from './pipeline/index.js';
import { describeValue, type RequestProblem } from './pipeline/index.js';

const NUMERIC_TYPES = new Set([
  'BOOL',
  'UINT8',
  'UINT16',
  'UINT32',
  'UINT64',
  'INT8',
  'INT16',
  'INT32',
  'INT64',
  'FP16',
  'FP32',
  'FP64',
]);
const MAX_DEPTH = 8;

function bad(problems: RequestProblem[]): FlywheelError {
  return new FlywheelError(
    'INVALID_ARGUMENT',
    `the request is malformed: ${problems.map((p) => `${p.field} expected ${p.expected}, got ${p.got}`).join('; ')}`,
    {
      hint: 'See docs/serving.md for the request shapes.',
      details: { problems },
    },
  );
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A shape that is not one, briefly: its numbers when it holds only numbers, else what it holds
 * (never serialised whole: a shape nested 200,000 deep would overflow the stack).
 */
function describeShape(shape: unknown[]): string {
  if (shape.length <= 8 && shape.every((d) => typeof d === 'number')) return `[${shape.join(', ')}]`;
  const other = shape.find((d) => typeof d !== 'number');
  return `${describeValue(shape)}${other === undefined ? '' : `, one of them ${describeValue(other)}`}`;
}

/** Flatten nested tensor data (row-major), refusing deep nesting. */
function flatten(data: unknown, out: unknown[], depth = 0): boolean {
  if (!Array.isArray(data)) {
    out.push(data);
    return true;
  }
  if (depth > MAX_DEPTH) return false;
  for (const d of data) if (!flatten(d, out, depth + 1)) return false;
  return true;
}

/** The rows of a plain predict body, `{"rows": [...]}` (checked by the pipeline's check stage). */
export function predictRows(body: unknown): unknown {
  if (isObject(body) && Object.hasOwn(body, 'rows')) return body.rows;
  throw new FlywheelError('INVALID_ARGUMENT', 'the body has no "rows"', {
    hint: 'Send {"rows": [{"feature": value, ...}, ...]}.',
    details: { problems: [{ field: 'rows', expected: 'an array of objects', got: 'nothing' }] },
  });
}

/** The rows of an OIP v2 infer request. */
export function oipRows(schema: ModelSchema, body: unknown): Record<string, unknown>[] {
  if (!isObject(body) || !Array.isArray(body.inputs) || body.inputs.length === 0) {
    throw bad([
      {
        field: 'inputs',
        expected: 'a non-empty array of tensors',
        got: describeValue(isObject(body) ? body.inputs : body),
      },
    ]);
  }
  const problems: RequestProblem[] = [];
  const columns = new Map<string, unknown[]>();
  let rows = -1;
  for (const [i, t] of body.inputs.entries()) {
    const field = `inputs[${i}]`;
    if (
      !isObject(t) ||
      typeof t.name !== 'string' ||
      typeof t.datatype !== 'string' ||
      !Array.isArray(t.shape)
    ) {
      problems.push({ field, expected: 'a tensor {name, shape, datatype, data}', got: describeValue(t) });
      continue;
    }
    const shape = t.shape;
    if (
      shape.length === 0 ||
      shape.length > 2 ||
      !shape.every((d) => Number.isInteger(d) && (d as number) >= 0)
    ) {
      problems.push({
        field: `${field}.shape`,
        expected: '[rows] or [rows, columns]',
        got: describeShape(shape),
      });
      continue;
    }
    const flat: unknown[] = [];
    const size = (shape as number[]).reduce((a, b) => a * b, 1);
    if (!flatten(t.data, flat) || flat.length !== size) {
      problems.push({
        field: `${field}.data`,
        expected: `${size} values (shape ${JSON.stringify(shape)})`,
        got: `${flat.length}`,
      });
      continue;
    }
    const numeric = NUMERIC_TYPES.has(t.datatype);
    if (!numeric && t.datatype !== 'BYTES') {
      problems.push({
        field: `${field}.datatype`,
        expected: 'BOOL, INT*, UINT*, FP* or BYTES',
        got: describeValue(t.datatype),
      });
      continue;
    }
    const n = shape[0] as number;
    if (rows >= 0 && n !== rows)
      problems.push({ field: `${field}.shape`, expected: `${rows} rows like the other inputs`, got: `${n}` });
    rows = n;
    const width = shape.length === 2 ? (shape[1] as number) : 1;
    if (width === 1) columns.set(t.name, flat);
    else if (width === schema.features.length) {
      for (const [k, f] of schema.features.entries()) {
        columns.set(
          f.name,
          flat.filter((_, j) => j % width === k),
        );
      }
    } else {
      problems.push({
        field: `${field}.shape`,
        expected: `[rows, ${schema.features.length}] (one column per feature)`,
        got: JSON.stringify(shape),
      });
    }
  }
  if (problems.length > 0) throw bad(problems);
  const out: Record<string, unknown>[] = [];
  for (let r = 0; r < rows; r++) {
    // No prototype: a tensor named `__proto__` or `constructor` is a key like any other.
    const row: Record<string, unknown> = Object.create(null);
    for (const [name, values] of columns) row[name] = values[r];
    out.push(row);
  }
  return out;
}

/** The datatype of predicted labels. */
function labelType(values: unknown[]): string {
  if (values.every((v) => typeof v === 'boolean')) return 'BOOL';
  if (values.every((v) => typeof v === 'number'))
    return values.every((v) => Number.isInteger(v)) ? 'INT64' : 'FP64';
  return 'BYTES';
}

/** An OIP v2 infer response. */
export function oipResponse(result: PredictResult, id: unknown): Record<string, unknown> {
  const n = result.predictions.length;
  const outputs: Record<string, unknown>[] = [
    {
      name: 'predict',
      shape: [n],
      datatype: labelType(result.predictions),
      data: result.predictions.map((p) => (labelType([p]) === 'BYTES' ? String(p) : p)),
    },
  ];
  if (result.probabilities) {
    const k = result.probabilities[0]?.length ?? 0;
    outputs.push({
      name: 'predict_proba',
      shape: [n, k],
      datatype: 'FP64',
      data: result.probabilities.flat(),
    });
  }
  const answer: Record<string, unknown> = {
    model_name: result.model,
    model_version: String(result.model_version),
    outputs,
    parameters: { request_id: result.request_id, actions: result.actions.join(',') },
  };
  if (typeof id === 'string') answer.id = id;
  return answer;
}

/** The model metadata answer (OIP v2). */
export function oipModelMetadata(
  name: string,
  versions: number[],
  schema: ModelSchema,
  family: string,
): Record<string, unknown> {
  const classification = schema.output.task !== 'regression';
  const outputs = [{ name: 'predict', datatype: classification ? 'BYTES' : 'FP64', shape: [-1] }];
  if (classification)
    outputs.push({
      name: 'predict_proba',
      datatype: 'FP64',
      shape: [-1, schema.output.classes?.length ?? -1],
    });
  return {
    name,
    versions: versions.map(String),
    platform: `flywheel-${family}`,
    inputs: schema.features.map((f) => ({
      name: f.name,
      datatype: f.type === 'numeric' ? 'FP64' : 'BYTES',
      shape: [-1],
    })),
    outputs,
  };
}

/** The rows of an MLflow `/invocations` body. */
export function invocationRows(body: unknown): unknown {
  if (!isObject(body)) throw bad([{ field: '(body)', expected: 'a JSON object', got: describeValue(body) }]);
  if ('dataframe_records' in body) return body.dataframe_records;
  if ('dataframe_split' in body) {
    const split = body.dataframe_split;
    if (!isObject(split) || !Array.isArray(split.columns) || !Array.isArray(split.data)) {
      throw bad([
        {
          field: 'dataframe_split',
          expected: '{columns: [...], data: [[...], ...]}',
          got: describeValue(split),
        },
      ]);
    }
    const columns = split.columns.map(String);
    return split.data.map((row) =>
      Array.isArray(row) ? Object.fromEntries(columns.map((c, i) => [c, row[i]])) : row,
    );
  }
  const rows = 'instances' in body ? body.instances : 'inputs' in body ? body.inputs : undefined;
  if (rows === undefined) {
    throw bad([
      {
        field: '(body)',
        expected: 'one of dataframe_split, dataframe_records, instances, inputs',
        got: Object.keys(body).slice(0, 5).join(', ') || 'an empty object',
      },
    ]);
  }
  if (isObject(rows)) {
    // Columnar {"inputs": {"x": [..], "c": [..]}}.
    const entries = Object.entries(rows).filter(([, v]) => Array.isArray(v)) as [string, unknown[]][];
    const n = entries[0]?.[1].length ?? 0;
    return Array.from({ length: n }, (_, r) => Object.fromEntries(entries.map(([k, v]) => [k, v[r]])));
  }
  return rows;
}
