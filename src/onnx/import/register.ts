/**
 * `flywheel models register NAME --onnx FILE [--signature SIG]`: a model made elsewhere (PyTorch,
 * scikit-learn through skl2onnx, XGBoost/LightGBM through onnxmltools) becomes the next version of
 * NAME. The file is size-bounded (onnx_runtime.max_model_bytes), opened by ONNX Runtime (a
 * truncated file or an unknown operator is refused here), its signature resolved and tried on one
 * row; then it is logged as the `model` artifact of a run in the `onnx-import` experiment — the
 * object store writes each file atomically under its SHA-256 — and registered from that run with
 * the digests, like a trained model. The registry's one loader (registry/loader.ts) opens it again
 * from there, verified.
 */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import {
  FlywheelError,
  formatBytes,
  fromSystemError,
  sha256,
  TAGS,
  toFlywheelError,
} from '../../core/index.js';
import type { OnnxRuntimeConfig } from './onnx-config.js';
import { onnxModelToFiles } from './onnx-files.js';
import { createOnnxModel } from './onnx-model.js';
import { openOrtSession } from './ort-session.js';
import { resolveSignature, type Signature, type SignatureFile, signatureFileSchema } from './signature.js';

/** The experiment import runs are logged in. */
export const ONNX_IMPORT_EXPERIMENT = 'onnx-import';
/** The artifact an imported model is logged as (the same name training uses). */
export const ONNX_ARTIFACT = 'model';

/** What an import writes through: a run to log the files into, and the registry. */
export interface OnnxImportDeps<V> {
  config: OnnxRuntimeConfig;
  startRun(options: {
    experiment: string;
    name: string;
    tags: Record<string, string>;
    params: Record<string, string | number>;
    git: false;
  }): Promise<{
    readonly id: string;
    logArtifact(path: string, options: { name: string }): Promise<unknown>;
    end(options?: { status: 'FAILED'; reason: string }): Promise<unknown>;
  }>;
  registerVersion(options: {
    name: string;
    runId: string;
    artifact: string;
    inputSchema: Array<{ name: string; type: string }>;
    outputSchema: Array<{ name: string; type: string }>;
    description: string;
    tags: Record<string, string>;
  }): Promise<V>;
}

/** An ONNX file to register. */
export interface OnnxImportRequest {
  /** The registered model's name (created if missing). */
  name: string;
  /** The .onnx file (relative to `cwd`). */
  file: string;
  /** A signature file (JSON, relative to `cwd`) or its parsed content. */
  signature?: string | SignatureFile;
  description?: string;
  cwd: string;
}

/** Register an ONNX file as the next version of a model. */
export async function registerOnnxModel<V>(
  deps: OnnxImportDeps<V>,
  request: OnnxImportRequest,
): Promise<{ version: V; signature: Signature; bytes: number; sha256: string }> {
  const path = resolve(request.cwd, request.file);
  const bytes = await readBounded(path, deps.config.max_model_bytes);
  const sigFile =
    typeof request.signature === 'string'
      ? await readSignatureFile(resolve(request.cwd, request.signature))
      : (request.signature ?? {});
  const label = basename(path);
  const session = await openOrtSession(bytes, deps.config, label);
  let signature: Signature;
  try {
    signature = resolveSignature(session, sigFile, label);
    // One row of zeros through the graph: shapes the signature cannot satisfy fail here, not in serving.
    const model = createOnnxModel(session, signature);
    model.predictRow(Object.fromEntries(signature.schema.features.map((f) => [f.name, 0])));
  } finally {
    session.dispose();
  }
  const digest = sha256(bytes);
  const files = onnxModelToFiles(bytes, signature, { file: label, sha256: digest });
  const dir = await mkdtemp(join(tmpdir(), 'flywheel-onnx-'));
  try {
    for (const [name, data] of Object.entries(files)) await writeFile(join(dir, name), data);
    const run = await deps.startRun({
      experiment: ONNX_IMPORT_EXPERIMENT,
      name: `import ${label}`,
      tags: { [TAGS.modelFamily]: 'onnx' },
      params: { onnx_file: label, onnx_sha256: digest, onnx_bytes: bytes.length },
      git: false,
    });
    try {
      await run.logArtifact(dir, { name: ONNX_ARTIFACT });
      const { features, output } = signature.schema;
      const version = await deps.registerVersion({
        name: request.name,
        runId: run.id,
        artifact: ONNX_ARTIFACT,
        inputSchema: features.map((f) => ({ name: f.name, type: f.type })),
        outputSchema: [{ name: output.target, type: output.task }],
        description: request.description ?? `ONNX model imported from ${label}`,
        tags: { [TAGS.modelFamily]: 'onnx' },
      });
      await run.end();
      return { version, signature, bytes: bytes.length, sha256: digest };
    } catch (error) {
      await run.end({ status: 'FAILED', reason: toFlywheelError(error).message }).catch(() => undefined);
      throw error;
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function readBounded(path: string, max: number): Promise<Uint8Array> {
  try {
    const st = await stat(path);
    if (!st.isFile())
      throw new FlywheelError('INVALID_ARGUMENT', `${path} is not a file`, {
        where: { file: path },
        hint: 'Give the path of a .onnx file.',
      });
    if (st.size > max)
      throw new FlywheelError(
        'PAYLOAD_TOO_LARGE',
        `${path} is ${formatBytes(st.size)}, over the ${formatBytes(max)} limit`,
        {
          where: { file: path },
          hint: 'Raise onnx_runtime.max_model_bytes in flywheel.yaml if the model is meant to be this large.',
          details: { bytes: st.size, max },
        },
      );
    return await readFile(path);
  } catch (error) {
    throw error instanceof FlywheelError ? error : fromSystemError(error, path, 'read the ONNX model');
  }
}

async function readSignatureFile(path: string): Promise<SignatureFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw fromSystemError(error, path, 'read the signature');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new FlywheelError('INVALID_ARGUMENT', `${path} is not JSON: ${(error as Error).message}`, {
      where: { file: path },
      hint: 'A signature is a JSON object: {"columns": […], "task": …, "classes": […], "output": …, "output_kind": …}; see docs/onnx.md.',
    });
  }
  const parsed = signatureFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new FlywheelError(
      'INVALID_ARGUMENT',
      `${path}: ${issue.path.join('.') || '(top)'}: ${issue.message}`,
      {
        where: { file: path, path: issue.path.join('.') },
        hint: 'The signature keys are task, target, classes, columns, inputs, output and output_kind; see docs/onnx.md.',
      },
    );
  }
  return parsed.data;
}
