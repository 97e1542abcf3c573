/**
 * Saving and loading models as a folder: `model.json` (schema, preprocessing, the core's JSON and a
 * table of the arrays in weights.bin), `weights.bin` (the arrays, little-endian, 8-byte aligned) and
 * `CHECKSUMS` (sha256sum format, so `sha256sum -c CHECKSUMS` works too). Loading verifies both
 * digests before parsing anything, parses model.json with zod and rebuilds the model through a
 * fixed codec table: no code is stored and nothing is evaluated. Saving the same model twice gives
 * the same bytes; loading gives back the same numbers bit for bit.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { endianness } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { sha256 } from '../core/digest.js';
import { FlywheelError, fromSystemError } from '../core/errors.js';
import { decodeCore, encodeCore, type StoredArray } from './codecs.js';
import { createModel, type Model } from './model.js';
import { preprocessStepSchema } from './preprocess.js';
import { modelSchemaSchema } from './schema.js';

/** The files of a model folder. */
export const MODEL_FILES = { json: 'model.json', weights: 'weights.bin', checksums: 'CHECKSUMS' } as const;

const FORMAT = 'flywheel.model';
const DTYPES = { float64: Float64Array, int32: Int32Array, uint32: Uint32Array, uint8: Uint8Array } as const;
type DType = keyof typeof DTYPES;

const modelFileSchema = z.object({
  format: z.literal(FORMAT),
  format_version: z.literal(1),
  family: z.enum(['linear', 'gbdt', 'mlp']),
  schema: modelSchemaSchema,
  preprocess: z.array(preprocessStepSchema),
  core: z.unknown(),
  info: z.record(z.string(), z.unknown()),
  weights: z.object({
    file: z.literal(MODEL_FILES.weights),
    bytes: z.number().int().min(0),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    arrays: z.array(
      z.object({
        name: z.string(),
        dtype: z.enum(['float64', 'int32', 'uint32', 'uint8']),
        offset: z.number().int().min(0),
        length: z.number().int().min(0),
      }),
    ),
  }),
});

/** The bytes of each file of a model folder. */
export function modelToFiles(model: Model): Record<string, Uint8Array> {
  if (endianness() !== 'LE')
    throw new FlywheelError('UNSUPPORTED', 'Saving models needs a little-endian machine');
  if (model.family === 'ensemble') {
    throw new FlywheelError(
      'UNSUPPORTED',
      'An ensemble is not saved as a folder: it is a registry version naming its members',
      {
        hint: 'Save or register each member; `flywheel models set-weights` records the combination.',
      },
    );
  }
  if (model.family === 'onnx') {
    // An imported graph keeps the files it was registered with (model.onnx, signature.json, CHECKSUMS):
    // batch jobs digest and store those; they are opened by the registry's loader (async), not here.
    const files = (model.scorer as Partial<{ files: Record<string, Uint8Array> }>).files;
    if (files !== undefined) return files;
    throw new FlywheelError('UNSUPPORTED', 'This imported ONNX model has no files to save', {
      hint: 'Register the ONNX file with flywheel models register NAME --onnx FILE and load it from the registry.',
    });
  }
  const { core, arrays } = encodeCore(model.family, model.scorer);
  const table: Array<{ name: string; dtype: DType; offset: number; length: number }> = [];
  let bytes = 0;
  for (const [name, a] of Object.entries(arrays)) {
    table.push({ name, dtype: dtypeOf(a), offset: bytes, length: a.length });
    bytes += Math.ceil(a.byteLength / 8) * 8;
  }
  const weights = new Uint8Array(bytes);
  table.forEach((t, i) => {
    const a = Object.values(arrays)[i]!;
    weights.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), t.offset);
  });
  const json = JSON.stringify(
    {
      format: FORMAT,
      format_version: 1,
      family: model.family,
      schema: model.schema,
      preprocess: model.preprocessor.steps,
      core,
      info: model.info,
      weights: { file: MODEL_FILES.weights, bytes, sha256: sha256(weights), arrays: table },
    },
    null,
    1,
  );
  const jsonBytes = new TextEncoder().encode(`${json}\n`);
  const checksums = checksumsText({ [MODEL_FILES.json]: jsonBytes, [MODEL_FILES.weights]: weights });
  return {
    [MODEL_FILES.json]: jsonBytes,
    [MODEL_FILES.weights]: weights,
    [MODEL_FILES.checksums]: new TextEncoder().encode(checksums),
  };
}

function dtypeOf(a: StoredArray): DType {
  if (a instanceof Float64Array) return 'float64';
  if (a instanceof Int32Array) return 'int32';
  if (a instanceof Uint32Array) return 'uint32';
  return 'uint8';
}

/** Rebuild a model from its files' bytes, verifying the checksums first. */
export function modelFromFiles(files: Readonly<Record<string, Uint8Array>>, where = 'model'): Model {
  const json = need(files, MODEL_FILES.json, where);
  const weights = need(files, MODEL_FILES.weights, where);
  verifyChecksums(
    new TextDecoder().decode(need(files, MODEL_FILES.checksums, where)),
    { [MODEL_FILES.json]: json, [MODEL_FILES.weights]: weights },
    where,
  );
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder().decode(json));
  } catch (error) {
    throw invalid(where, `${MODEL_FILES.json} is not JSON`, error);
  }
  const parsed = modelFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw invalid(
      where,
      `${MODEL_FILES.json} is not a Flywheel model: ${issue.path.join('.')}: ${issue.message}`,
    );
  }
  const m = parsed.data;
  if (m.weights.bytes !== weights.length || m.weights.sha256 !== sha256(weights)) {
    throw corrupt(where, `${MODEL_FILES.weights} does not match the digest recorded in ${MODEL_FILES.json}`);
  }
  const arrays = new Map<string, StoredArray>();
  for (const t of m.weights.arrays) {
    const type = DTYPES[t.dtype];
    const size = t.length * type.BYTES_PER_ELEMENT;
    if (t.offset % 8 !== 0 || t.offset + size > weights.length)
      throw invalid(where, `array ${t.name} lies outside ${MODEL_FILES.weights}`);
    // Copy out (a Buffer's slice would be a view into a shared pool), so arrays are aligned and own their memory.
    const copy = new Uint8Array(size);
    copy.set(weights.subarray(t.offset, t.offset + size));
    arrays.set(t.name, new type(copy.buffer, 0, t.length));
  }
  const scorer = decodeCore(m.family, m.core, arrays);
  return createModel({ family: m.family, schema: m.schema, steps: m.preprocess, scorer, info: m.info });
}

function need(files: Readonly<Record<string, Uint8Array>>, name: string, where: string): Uint8Array {
  const f = files[name];
  if (f === undefined) throw invalid(where, `the model has no ${name}`);
  return f;
}

/** The `CHECKSUMS` text of a model's files (sha256sum format: `sha256sum -c CHECKSUMS` works). */
export function checksumsText(files: Readonly<Record<string, Uint8Array>>): string {
  return Object.entries(files)
    .map(([name, bytes]) => `${sha256(bytes)}  ${name}\n`)
    .join('');
}

const CORRUPT_HINT =
  'The model files were changed or damaged after saving. Restore them from the registry or retrain; do not edit model files by hand.';

/**
 * Check each of `files` against the `CHECKSUMS` text: OBJECT_CORRUPT naming the file when one is not
 * listed or does not match. Native model folders and imported ONNX models (onnx/import) both use it.
 */
export function verifyChecksums(
  text: string,
  files: Readonly<Record<string, Uint8Array>>,
  where: string,
  hint = CORRUPT_HINT,
): void {
  const listed = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line.trim());
    if (m) listed.set(m[2]!, m[1]!);
  }
  for (const [name, bytes] of Object.entries(files)) {
    const expected = listed.get(name);
    if (expected === undefined) throw corrupt(where, `${MODEL_FILES.checksums} does not list ${name}`, hint);
    if (expected !== sha256(bytes)) throw corrupt(where, `${name} does not match its checksum`, hint);
  }
}

function corrupt(where: string, message: string, hint = CORRUPT_HINT): FlywheelError {
  return new FlywheelError('OBJECT_CORRUPT', `Model ${where}: ${message}`, { where: { file: where }, hint });
}

function invalid(where: string, message: string, cause?: unknown): FlywheelError {
  return new FlywheelError('DATA_INVALID', `Model ${where}: ${message}`, {
    where: { file: where },
    hint: 'Point at a folder written by Flywheel (model.json, weights.bin, CHECKSUMS).',
    cause,
  });
}

/** Write a model folder (created if needed); each file appears atomically. */
export async function saveModel(model: Model, dir: string): Promise<void> {
  const files = modelToFiles(model);
  try {
    await mkdir(dir, { recursive: true });
    for (const [name, bytes] of Object.entries(files)) {
      const tmp = join(dir, `.${name}.tmp-${process.pid}`);
      await writeFile(tmp, bytes);
      await rename(tmp, join(dir, name));
    }
  } catch (error) {
    throw fromSystemError(error, dir, 'save the model to');
  }
}

/** Load a model folder, verifying its checksums. */
export async function loadModel(dir: string): Promise<Model> {
  const files: Record<string, Uint8Array> = {};
  for (const name of Object.values(MODEL_FILES)) {
    try {
      files[name] = new Uint8Array(await readFile(join(dir, name)));
    } catch (error) {
      throw fromSystemError(error, join(dir, name), 'read the model file');
    }
  }
  return modelFromFiles(files, dir);
}
