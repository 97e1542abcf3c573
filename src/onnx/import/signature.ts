/**
 * An imported model's signature: which table columns feed which graph input, which output holds
 * the predictions and what they are (probabilities, logits or values), the task and its class
 * labels. It is read from the graph (input and output names, element types and shapes, as ONNX
 * Runtime reports them) and completed by an optional --signature file; whatever cannot be resolved
 * — a symbolic feature dimension with no column names, an input or output the graph does not have,
 * a column count that differs from the graph's — is refused here, at registration, naming the input
 * or output, rather than at the first request.
 */
import { z } from 'zod';
import { closestName, FlywheelError } from '../../core/index.js';
import type { ModelSchema, Task } from '../../models/index.js';
import type { ValueInfo } from './ort-session.js';

/** Input element types an imported model may take (numbers: text columns are not encoded here). */
export const INPUT_TYPES = ['float32', 'float64', 'int64', 'int32'] as const;
/** Output element types predictions are read from. */
export const OUTPUT_TYPES = ['float32', 'float64'] as const;

/** What the chosen output holds. */
export type OutputKind = 'probabilities' | 'logits' | 'values';

/** The --signature file (JSON), every key optional. */
export const signatureFileSchema = z
  .object({
    task: z.enum(['binary', 'multiclass', 'regression']).optional(),
    target: z.string().min(1).optional(),
    classes: z
      .array(z.union([z.string(), z.number(), z.boolean()]))
      .min(2)
      .optional(),
    /** Column names of the only input's features, in order (shorthand for `inputs`). */
    columns: z.array(z.string().min(1)).min(1).optional(),
    /** Graph input → the columns it takes, in order. */
    inputs: z.record(z.string(), z.array(z.string().min(1)).min(1)).optional(),
    output: z.string().min(1).optional(),
    output_kind: z.enum(['probabilities', 'logits', 'values']).optional(),
  })
  .strict();

/** A parsed --signature file. */
export type SignatureFile = z.output<typeof signatureFileSchema>;

/** One graph input: its tensor type, the columns it takes and a fixed batch size if it has one. */
export interface SignatureInput {
  name: string;
  type: (typeof INPUT_TYPES)[number];
  columns: string[];
  /** Rank of the tensor: 2 ([N,F]) or 1 ([N], one column). */
  rank: 1 | 2;
  /** The batch dimension when the graph fixes it (rows then go that many at a time), else null. */
  batch: number | null;
}

/** A resolved signature (stored in the version's signature.json). */
export interface Signature {
  inputs: SignatureInput[];
  output: { name: string; type: (typeof OUTPUT_TYPES)[number]; kind: OutputKind; width: number };
  schema: ModelSchema;
}

/** Resolve the signature of a graph with ONNX Runtime's view of it and an optional file. */
export function resolveSignature(
  graph: { inputs: readonly ValueInfo[]; outputs: readonly ValueInfo[] },
  file: SignatureFile = {},
  where = 'model.onnx',
): Signature {
  if (file.columns && file.inputs)
    throw mismatch(where, 'the signature gives both columns and inputs', 'Give one of them.');
  if (file.columns && graph.inputs.length !== 1)
    throw mismatch(
      where,
      `the signature gives columns for one input but the graph has ${graph.inputs.length} (${graph.inputs.map((i) => i.name).join(', ')})`,
      'Name each input\'s columns under "inputs": {"input": ["column", …]}.',
    );
  for (const name of Object.keys(file.inputs ?? {})) {
    if (!graph.inputs.some((i) => i.name === name))
      throw mismatch(
        where,
        `the signature names input "${name}", which the graph does not have`,
        namesHint(
          name,
          graph.inputs.map((i) => i.name),
          'inputs',
        ),
        { input: name },
      );
  }
  const inputs = graph.inputs.map((v) =>
    resolveInput(
      v,
      file.inputs?.[v.name] ?? (file.columns && graph.inputs.length === 1 ? file.columns : undefined),
      where,
    ),
  );
  const columns = inputs.flatMap((i) => i.columns);
  const dup = columns.find((c, i) => columns.indexOf(c) !== i);
  if (dup !== undefined)
    throw mismatch(where, `column "${dup}" feeds two inputs`, 'Each column feeds one input position.');
  const output = resolveOutput(graph.outputs, file, where);
  const { task, classes } = resolveTask(output, file, where);
  const kind: OutputKind = file.output_kind ?? (task === 'regression' ? 'values' : 'probabilities');
  if (task === 'regression' && kind !== 'values')
    throw mismatch(where, `a regression's output holds values, not ${kind}`, 'Set output_kind to values.');
  if (task !== 'regression' && kind === 'values')
    throw mismatch(where, `a ${task} classifier's output holds probabilities or logits`, 'Set output_kind.');
  return {
    inputs,
    output: { ...output, kind },
    schema: {
      features: columns.map((name) => ({ name, type: 'numeric' as const })),
      output: { task, target: file.target ?? 'target', classes },
    },
  };
}

function resolveInput(v: ValueInfo, named: string[] | undefined, where: string): SignatureInput {
  const type = v.type;
  if (type === null || !(INPUT_TYPES as readonly string[]).includes(type))
    throw unsupported(
      where,
      `input "${v.name}" has element type ${type ?? 'non-tensor'}; imported models take numeric tensors (${INPUT_TYPES.join(', ')})`,
      'Export the model with numeric inputs (encode text and categories inside the graph from numbers, or before it).',
      { input: v.name },
    );
  if (v.shape.length < 1 || v.shape.length > 2)
    throw unsupported(
      where,
      `input "${v.name}" has shape [${v.shape.join(', ')}]; imported models take [batch, features] or [batch]`,
      'Export the model with a 2-D input (rows × features), or one [batch, 1] input per column.',
      { input: v.name },
    );
  const batch = typeof v.shape[0] === 'number' ? v.shape[0] : null;
  const width = v.shape.length === 1 ? 1 : v.shape[1]!;
  if (typeof width !== 'number' && named === undefined)
    throw unsupported(
      where,
      `input "${v.name}" has a dynamic feature dimension "${width || '?'}" that cannot be resolved`,
      `Name its columns in a --signature file: {"inputs": {"${v.name}": ["column", …]}}, or export it with a fixed feature count.`,
      { input: v.name },
    );
  const columns = named ?? defaultColumns(v.name, width as number);
  if (typeof width === 'number' && columns.length !== width)
    throw mismatch(
      where,
      `the signature names ${columns.length} column(s) for input "${v.name}", but the graph takes ${width}`,
      `Name exactly ${width} columns for "${v.name}", in the order the model was trained on.`,
      { input: v.name },
    );
  return {
    name: v.name,
    type: type as SignatureInput['type'],
    columns,
    rank: v.shape.length as 1 | 2,
    batch,
  };
}

function defaultColumns(input: string, width: number): string[] {
  return width === 1 ? [input] : Array.from({ length: width }, (_, j) => `${input}_${j}`);
}

function resolveOutput(outputs: readonly ValueInfo[], file: SignatureFile, where: string) {
  const numeric = (o: ValueInfo) => o.type !== null && (OUTPUT_TYPES as readonly string[]).includes(o.type);
  const names = outputs.map((o) => o.name);
  const chosen =
    file.output === undefined ? outputs.find(numeric) : outputs.find((o) => o.name === file.output);
  if (chosen === undefined) {
    throw file.output === undefined
      ? unsupported(
          where,
          `the graph has no float output (${names.join(', ')})`,
          'Export the scores or probabilities as a float tensor.',
        )
      : mismatch(
          where,
          `the signature names output "${file.output}", which the graph does not have`,
          namesHint(file.output, names, 'outputs'),
          { output: file.output },
        );
  }
  if (!numeric(chosen))
    throw unsupported(
      where,
      `output "${chosen.name}" is ${chosen.type ?? "not a tensor (a sequence or map, such as ZipMap's)"}; predictions are read from a float tensor`,
      'Name the probabilities or scores output in the signature ("output"), or export without ZipMap (skl2onnx: options={"zipmap": False}).',
      { output: chosen.name },
    );
  const last = chosen.shape.length <= 1 ? 1 : chosen.shape[chosen.shape.length - 1]!;
  const width =
    typeof last === 'number' ? last : (file.classes?.length ?? (file.task === 'regression' ? 1 : null));
  if (width === null || chosen.shape.length > 2)
    throw unsupported(
      where,
      `output "${chosen.name}" has shape [${chosen.shape.join(', ')}], whose width cannot be resolved`,
      'Give the task and classes in --signature, or export a [batch, classes] output.',
      { output: chosen.name },
    );
  return { name: chosen.name, type: chosen.type as (typeof OUTPUT_TYPES)[number], width };
}

function resolveTask(
  output: { name: string; width: number },
  file: SignatureFile,
  where: string,
): { task: Task; classes: ModelSchema['output']['classes'] } {
  const K = output.width;
  const task: Task =
    file.task ?? (file.classes?.length === 2 ? 'binary' : K === 1 ? 'regression' : 'multiclass');
  if (task === 'regression') {
    if (K !== 1)
      throw mismatch(
        where,
        `a regression reads one value per row, but output "${output.name}" has ${K}`,
        'Set task and output.',
        { output: output.name },
      );
    return { task, classes: null };
  }
  const classes = file.classes ?? Array.from({ length: Math.max(K, 2) }, (_, k) => k);
  const fits = task === 'binary' ? classes.length === 2 && (K === 1 || K === 2) : classes.length === K;
  if (!fits)
    throw mismatch(
      where,
      `a ${task} model with ${classes.length} classes cannot read output "${output.name}" of width ${K}`,
      task === 'binary'
        ? 'A binary output is [batch, 1] (the positive class) or [batch, 2].'
        : 'List one class per output column.',
      { output: output.name },
    );
  return { task, classes };
}

function mismatch(
  where: string,
  what: string,
  hint: string,
  details?: Record<string, unknown>,
): FlywheelError {
  return new FlywheelError('SCHEMA_MISMATCH', `${where}: ${what}`, { where: { file: where }, hint, details });
}

function unsupported(
  where: string,
  what: string,
  hint: string,
  details?: Record<string, unknown>,
): FlywheelError {
  return new FlywheelError('UNSUPPORTED', `${where}: ${what}`, { where: { file: where }, hint, details });
}

function namesHint(name: string, names: readonly string[], what: string): string {
  const close = closestName(names, name);
  return `${close === undefined ? '' : `Did you mean "${close}"? `}Its ${what} are ${names.join(', ')}.`;
}
