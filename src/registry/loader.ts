/**
 * The one loader of registered models: a reference (`name:3`, `name@production`, `name`) becomes
 * a `Model` through the registry only. A version's files are its run's artifacts under the
 * version's artifact path, read from the object store (which checks each object's bytes against
 * its SHA-256 address) and checked against the digests recorded when the version was registered.
 * An ensemble's members are pinned registry versions (ensemble-tag.ts); nothing a caller sends
 * becomes a file path. `openModel` is the one entry for a model argument (a reference, or a
 * model folder written as a path): the library, the CLI, batch, evaluation, explanations,
 * monitoring and serving load through it.
 */
import { existsSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { FlywheelError, isFlywheelTag } from '../core/index.js';
import {
  createEnsembleModel,
  loadModel as loadModelFolder,
  type Model,
  modelFromFiles,
} from '../models/index.js';
import {
  DEFAULT_ONNX_RUNTIME,
  isOnnxFiles,
  type OnnxRuntimeConfig,
  onnxModelFromFiles,
} from '../onnx/import/index.js';
import type { ArtifactStore } from '../storage/artifacts/index.js';
import type { MetadataStore } from '../storage/metadata/index.js';
import { artifactsUnder } from '../tracking/index.js';
import { ENSEMBLE_TAG, parseEnsembleTag } from './ensemble-tag.js';
import { modelLocation } from './model-ref.js';
import type { VersionView } from './registry-api.js';

/** How deep ensembles of ensembles may nest. */
const MAX_NESTING = 3;

/** What the loader reads: run artifacts from the metadata store, bytes from the object store. */
export interface LoaderDeps {
  metadata: MetadataStore;
  artifacts: Pick<ArtifactStore, 'getBytes'>;
  /** A version by name and number (the registry's lookup). */
  version(name: string, version: number): Promise<VersionView>;
  /** ONNX Runtime's settings for imported ONNX models (flywheel.yaml `onnx_runtime:`). */
  onnx?: OnnxRuntimeConfig;
}

/** Load a registered version as a Model; `flywheel.*` version tags join its info. */
export async function loadVersion(deps: LoaderDeps, v: VersionView, depth = 0): Promise<Model> {
  const where = `${v.name}:${v.version}`;
  const members = v.tags[ENSEMBLE_TAG];
  let model: Model;
  if (members !== undefined) {
    if (depth >= MAX_NESTING) {
      throw new FlywheelError('DATA_INVALID', `ensemble ${where} nests more than ${MAX_NESTING} deep`, {
        hint: 'Build ensembles of trained models.',
      });
    }
    const list = parseEnsembleTag(members, where);
    const loaded = await Promise.all(
      list.map(async (m) => ({
        ref: `${m.name}:${m.version}`,
        weight: m.weight,
        model: await loadVersion(deps, await deps.version(m.name, m.version), depth + 1),
      })),
    );
    model = createEnsembleModel(loaded);
  } else {
    // An imported ONNX model (model.onnx + signature.json) runs through ONNX Runtime; a native folder is read as JSON + weights.
    const files = await versionFiles(deps, v);
    model = isOnnxFiles(files)
      ? await onnxModelFromFiles(files, deps.onnx ?? DEFAULT_ONNX_RUNTIME, where)
      : modelFromFiles(files, where);
  }
  const tags = Object.entries(v.tags).filter(([k]) => isFlywheelTag(k) && k !== ENSEMBLE_TAG);
  return tags.length === 0 ? model : { ...model, info: { ...model.info, ...Object.fromEntries(tags) } };
}

/** The bytes of a version's files, by path inside its artifact folder. */
async function versionFiles(deps: LoaderDeps, v: VersionView): Promise<Record<string, Uint8Array>> {
  const where = `${v.name}:${v.version}`;
  if (!v.runId || !v.artifactPath) {
    throw new FlywheelError('UNSUPPORTED', `${where} does not point at a run artifact Flywheel can load`, {
      hint: `Its source is ${JSON.stringify(v.source)}, which Flywheel records but never fetches; register a version from a run (flywheel train --register, or runs:/RUN_ID/PATH).`,
      details: { model: v.name, version: v.version },
    });
  }
  const files = artifactsUnder(await deps.metadata.tracking.artifacts(v.runId), v.artifactPath);
  if (files.length === 0) {
    throw new FlywheelError('NOT_FOUND', `${where}: run ${v.runId} has no artifact "${v.artifactPath}"`, {
      hint: 'The run or its artifacts were deleted; register the model again from a run that has it.',
      details: { model: v.name, version: v.version },
    });
  }
  const registered = new Set(v.digests);
  const out: Record<string, Uint8Array> = {};
  const prefix = `${v.artifactPath}/`;
  for (const f of files) {
    // The files must be the ones registered: an artifact re-logged under the same path later is not this version.
    if (registered.size > 0 && !registered.has(f.digest)) {
      throw new FlywheelError(
        'OBJECT_CORRUPT',
        `${where}: ${f.path} (${f.digest}) is not one of the files registered with this version`,
        { hint: 'The run artifact changed after registration; register a new version from it instead.' },
      );
    }
    const name =
      f.path === v.artifactPath ? f.path.slice(f.path.lastIndexOf('/') + 1) : f.path.slice(prefix.length);
    out[name] = await deps.artifacts.getBytes(f.digest);
  }
  return out;
}

/** What `openModel` reads registered models through: the registry service's resolve and load. */
export interface RegisteredModels {
  resolve(ref: string): Promise<VersionView>;
  load(ref: string): Promise<Model>;
}

/** A model and where it came from. */
export interface OpenedModel {
  model: Model;
  /** `name:N` for a registered version (aliases pinned), the folder's absolute path for a path. */
  label: string;
  /** The registered version, or null for a model folder. */
  version: VersionView | null;
}

/**
 * The one loader of model arguments, used by the library, the CLI's eval, explain, predict and
 * monitor, batch jobs and serving. Registry references (`name:3`, `name@alias`, `name`) resolve
 * to a version, pinned, then loaded and verified by `loadVersion`; a model folder must be written
 * as one (`modelLocation`: `path:DIR`, `./DIR`, `/abs/DIR`) and is read only where `cwd` is given
 * (the CLI and the SDK, run by the workspace's user) — servers pass none, so nothing a request
 * sends becomes a path.
 */
export async function openModel(
  registry: RegisteredModels,
  text: string,
  options: { cwd?: string } = {},
): Promise<OpenedModel> {
  const at = modelLocation(text);
  if (at.kind === 'path') {
    if (options.cwd === undefined) {
      throw new FlywheelError(
        'USAGE',
        `${text} is a model folder, and only registered models are loaded here`,
        {
          hint: 'Register it (flywheel train --register, or flywheel models register) and name it as name:N or name@alias.',
        },
      );
    }
    const path = resolvePath(options.cwd, at.path);
    return { model: await loadModelFolder(path), label: path, version: null };
  }
  let version: VersionView;
  try {
    version = await registry.resolve(at.ref);
  } catch (error) {
    throw withFolderHint(error, at.ref, options.cwd);
  }
  const label = `${version.name}:${version.version}`;
  return { model: await registry.load(label), label, version };
}

/** A registry miss where a folder of that name exists: say how to load the folder instead. */
function withFolderHint(error: unknown, ref: string, cwd: string | undefined): unknown {
  const folder = cwd === undefined ? undefined : resolvePath(cwd, ref);
  if (!(error instanceof FlywheelError) || folder === undefined || !existsSync(folder)) return error;
  return new FlywheelError(error.code, error.message, {
    hint: `${error.hint ?? ''} There is a folder ${ref} here: model folders are written as ./${ref} or path:${ref}.`.trim(),
    where: error.where,
    details: error.details,
    cause: error,
  });
}
