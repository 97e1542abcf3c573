/**
 * `flywheel export MODEL --format onnx -o FILE` as one call: the model argument opened by the one
 * loader (registry `openModel`: `name:3`, `name@alias`, or a model folder as a path), exported,
 * the file written atomically, and — for a registered version trained in a run — the same bytes
 * stored as an artifact of that run beside the model folder (`<artifact path>.onnx`, e.g.
 * `model.onnx`, so the version's own files are unchanged and still verify) and recorded on the
 * version by the tag `flywheel.onnx_export` (JSON: path, digest, bytes, opsets). An ensemble
 * version (no run of its own) and a model folder are exported but not stored; the result says why.
 */
import { basename } from 'node:path';
import { FlywheelError, sha256, TAGS, writeFileAtomic } from '../../core/index.js';
import type { Model } from '../../models/index.js';
import { exportOnnx, type OnnxValue } from './export.js';

/** What the export reads and writes through (the platform's registry and tracking). */
export interface ExportDeps {
  open(
    ref: string,
    cwd: string,
  ): Promise<{
    model: Model;
    label: string;
    version: { name: string; version: number; runId?: string | null; artifactPath?: string | null } | null;
  }>;
  attachRun(
    runId: string,
  ): Promise<{ logArtifact(path: string, options: { name?: string }): Promise<unknown> }>;
  setVersionTags(name: string, version: number, tags: Record<string, string>): Promise<unknown>;
  producerVersion?: string;
}

/** An export request. */
export interface ExportRequest {
  model: string;
  format: string;
  output: string;
  cwd: string;
  /** Store the file with the registered version (default true). */
  store?: boolean;
}

/** What was exported, and where. */
export interface ExportResult {
  model: string;
  format: 'onnx';
  path: string;
  bytes: number;
  sha256: string;
  opsets: { domain: string; version: number }[];
  inputs: OnnxValue[];
  outputs: OnnxValue[];
  /** The run artifact the file was stored as, or null with the reason in `notStored`. */
  stored: { artifact: string; runId: string; tag: string } | null;
  notStored?: string;
}

/** The formats `flywheel export` writes. */
export const EXPORT_FORMATS = ['onnx'] as const;

/** Export a model argument as ONNX to a file (and store it with its registered version). */
export async function exportModel(deps: ExportDeps, request: ExportRequest): Promise<ExportResult> {
  if (!(EXPORT_FORMATS as readonly string[]).includes(request.format)) {
    throw new FlywheelError('INVALID_ARGUMENT', `Unknown export format "${request.format}"`, {
      where: { field: 'format' },
      hint: `Formats: ${EXPORT_FORMATS.join(', ')}.`,
    });
  }
  const opened = await deps.open(request.model, request.cwd);
  const exported = exportOnnx(opened.model, { name: opened.label, producerVersion: deps.producerVersion });
  await writeFileAtomic(request.output, exported.bytes);
  const digest = sha256(exported.bytes);
  const base: Omit<ExportResult, 'stored'> = {
    model: opened.label,
    format: 'onnx',
    path: request.output,
    bytes: exported.bytes.length,
    sha256: digest,
    opsets: exported.opsets,
    inputs: exported.inputs,
    outputs: exported.outputs,
  };
  const v = opened.version;
  if (request.store === false) return { ...base, stored: null, notStored: 'not asked (--no-store)' };
  if (v === null) return { ...base, stored: null, notStored: 'a model folder, not a registered version' };
  if (!v.runId || !v.artifactPath)
    return {
      ...base,
      stored: null,
      notStored: `${v.name}:${v.version} has no run artifact (an ensemble or an external source)`,
    };
  const artifact = `${v.artifactPath.replace(/\/+$/, '')}.onnx`;
  const run = await deps.attachRun(v.runId);
  await run.logArtifact(request.output, { name: artifact });
  const tag = JSON.stringify({
    path: artifact,
    digest: `sha256:${digest}`,
    bytes: exported.bytes.length,
    opsets: exported.opsets,
    file: basename(request.output),
  });
  await deps.setVersionTags(v.name, v.version, { [TAGS.onnxExport]: tag });
  return { ...base, stored: { artifact, runId: v.runId, tag: TAGS.onnxExport } };
}
