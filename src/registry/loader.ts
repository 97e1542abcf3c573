/**
 * The one loader of registered models: a reference (`name:3`, `name@production`, `name`) becomes
 * a `Model` through the registry only. A version's files are its run's artifacts under the
 * version's artifact path, read from the object store (which checks each object's bytes against
 * its SHA-256 address) and checked against the digests recorded when the version was registered.
 * An ensemble's members are pinned registry versions (ensemble-tag.ts); nothing a caller sends
 * becomes a file path. Serving, batch, evaluation and the alias-move check use this loader.
 */
import { FlywheelError } from '../core/index.js';
import { createEnsembleModel, type Model, modelFromFiles } from '../models/index.js';
import type { ArtifactStore } from '../storage/artifacts/index.js';
import type { MetadataStore } from '../storage/metadata/index.js';
import { artifactsUnder } from '../tracking/index.js';
import { ENSEMBLE_TAG, parseEnsembleTag } from './ensemble-tag.js';
import type { VersionView } from './registry-api.js';

/** How deep ensembles of ensembles may nest. */
const MAX_NESTING = 3;

/** What the loader reads: run artifacts from the metadata store, bytes from the object store. */
export interface LoaderDeps {
  metadata: MetadataStore;
  artifacts: Pick<ArtifactStore, 'getBytes'>;
  /** A version by name and number (the registry's lookup). */
  version(name: string, version: number): Promise<VersionView>;
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
    model = modelFromFiles(await versionFiles(deps, v), where);
  }
  const tags = Object.entries(v.tags).filter(([k]) => k.startsWith('flywheel.') && k !== ENSEMBLE_TAG);
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
