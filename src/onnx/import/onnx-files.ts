/**
 * An imported model's files, as the registry stores them under a version's artifact path:
 * `model.onnx` (the graph, byte for byte as given), `signature.json` (the resolved signature, the
 * graph's size and SHA-256, and where it came from) and `CHECKSUMS` (sha256sum format, as native
 * model folders have). Loading verifies both digests before ONNX Runtime reads a byte, parses
 * signature.json with zod, opens the session and checks that the graph still has the inputs and
 * outputs the signature names. Nothing here is executed but the ONNX graph, by ONNX Runtime.
 */
import { z } from 'zod';
import { FlywheelError, sha256 } from '../../core/index.js';
import { checksumsText, type Model, modelSchemaSchema, verifyChecksums } from '../../models/index.js';
import type { OnnxRuntimeConfig } from './onnx-config.js';
import { createOnnxModel } from './onnx-model.js';
import { openOrtSession } from './ort-session.js';
import { INPUT_TYPES, OUTPUT_TYPES, type Signature } from './signature.js';

/** The files of an imported model's artifact folder. */
export const ONNX_FILES = {
  model: 'model.onnx',
  signature: 'signature.json',
  checksums: 'CHECKSUMS',
} as const;

const FORMAT = 'flywheel-onnx';

const descriptorSchema = z
  .object({
    format: z.literal(FORMAT),
    format_version: z.literal(1),
    model: z.object({
      file: z.literal(ONNX_FILES.model),
      bytes: z.number().int().min(1),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
    }),
    inputs: z.array(
      z.object({
        name: z.string(),
        type: z.enum(INPUT_TYPES),
        columns: z.array(z.string().min(1)).min(1),
        rank: z.union([z.literal(1), z.literal(2)]),
        batch: z.number().int().min(1).nullable(),
      }),
    ),
    output: z.object({
      name: z.string(),
      type: z.enum(OUTPUT_TYPES),
      kind: z.enum(['probabilities', 'logits', 'values']),
      width: z.number().int().min(1),
    }),
    schema: modelSchemaSchema,
    source: z.record(z.string(), z.string()),
  })
  .strict();

/** True when a version's files are an imported ONNX model rather than a native model folder. */
export function isOnnxFiles(files: Readonly<Record<string, Uint8Array>>): boolean {
  return files[ONNX_FILES.model] !== undefined && files[ONNX_FILES.signature] !== undefined;
}

/** The files of an imported model; `source` records where it came from (file name, producer). */
export function onnxModelToFiles(
  bytes: Uint8Array,
  signature: Signature,
  source: Record<string, string>,
): Record<string, Uint8Array> {
  const descriptor = {
    format: FORMAT,
    format_version: 1,
    model: { file: ONNX_FILES.model, bytes: bytes.length, sha256: sha256(bytes) },
    inputs: signature.inputs,
    output: signature.output,
    schema: signature.schema,
    source,
  };
  const json = new TextEncoder().encode(`${JSON.stringify(descriptor, null, 1)}\n`);
  const checksums = checksumsText({ [ONNX_FILES.model]: bytes, [ONNX_FILES.signature]: json });
  return {
    [ONNX_FILES.model]: bytes,
    [ONNX_FILES.signature]: json,
    [ONNX_FILES.checksums]: new TextEncoder().encode(checksums),
  };
}

/** Open an imported model from its files, verifying them first. */
export async function onnxModelFromFiles(
  files: Readonly<Record<string, Uint8Array>>,
  config: OnnxRuntimeConfig,
  where = 'model',
): Promise<Model> {
  const bytes = need(files, ONNX_FILES.model, where);
  const json = need(files, ONNX_FILES.signature, where);
  verifyChecksums(
    new TextDecoder().decode(need(files, ONNX_FILES.checksums, where)),
    { [ONNX_FILES.model]: bytes, [ONNX_FILES.signature]: json },
    where,
    CORRUPT_HINT,
  );
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder().decode(json));
  } catch (error) {
    throw invalid(where, `${ONNX_FILES.signature} is not JSON`, error);
  }
  const parsed = descriptorSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw invalid(where, `${ONNX_FILES.signature}: ${issue.path.join('.')}: ${issue.message}`);
  }
  const d = parsed.data;
  if (d.model.bytes !== bytes.length || d.model.sha256 !== sha256(bytes))
    throw new FlywheelError(
      'OBJECT_CORRUPT',
      `Model ${where}: ${ONNX_FILES.model} does not match the digest recorded in ${ONNX_FILES.signature}`,
      { where: { file: where }, hint: CORRUPT_HINT },
    );
  const session = await openOrtSession(bytes, config, `${where} (${ONNX_FILES.model})`);
  for (const input of d.inputs) {
    if (!session.inputs.some((i) => i.name === input.name))
      throw invalid(where, `the graph has no input "${input.name}" that its signature names`);
  }
  if (!session.outputs.some((o) => o.name === d.output.name))
    throw invalid(where, `the graph has no output "${d.output.name}" that its signature names`);
  return createOnnxModel(
    session,
    { inputs: d.inputs, output: d.output, schema: d.schema },
    { onnx_source: d.source },
    files,
  );
}

const CORRUPT_HINT =
  'The model files were changed or damaged after registration. Register the ONNX file again.';

function need(files: Readonly<Record<string, Uint8Array>>, name: string, where: string): Uint8Array {
  const f = files[name];
  if (f === undefined) throw invalid(where, `the model has no ${name}`);
  return f;
}

function invalid(where: string, message: string, cause?: unknown): FlywheelError {
  return new FlywheelError('DATA_INVALID', `Model ${where}: ${message}`, {
    where: { file: where },
    hint: 'An imported model is model.onnx, signature.json and CHECKSUMS as flywheel models register --onnx wrote them.',
    cause,
  });
}
