/** Writing versions and moving aliases, each in one transaction with its audit-log entry. */
import { FlywheelError } from '../core/index.js';
import type { MetadataStore, ModelVersionRecord } from '../storage/metadata/index.js';
import { defaultActor, runNotFound } from '../storage/metadata/index.js';
import { artifactsUnder } from '../tracking/index.js';
import { checkEnsembleTag } from './ensemble-tag.js';
import { MODEL_EVENTS, modelSubject } from './events.js';
import { checkModelName } from './model-ref.js';
import {
  type AliasChange,
  type AliasMove,
  modelRefOwner,
  type RegisterVersionOptions,
} from './registry-api.js';

/** An error for a registered model that does not exist. */
export function modelNotFound(name: string): FlywheelError {
  return new FlywheelError('NOT_FOUND', `registered model "${name}" does not exist`, {
    hint: 'List models with `flywheel models list`.',
    details: { model: name },
  });
}

/** The artifact a version points at: a run's files under `artifact`, or an outside source as given. */
async function versionSource(metadata: MetadataStore, o: RegisterVersionOptions) {
  let artifact = o.artifact ?? null;
  let runId = o.runId ?? null;
  // `runs:/ID/PATH`, or the run's artifact URI as the MLflow API hands it out (`flywheel:/runs/ID/artifacts/PATH`).
  const fromRunsUri =
    /^runs:\/([^/]+)\/(.+)$/.exec(o.source ?? '') ??
    /^flywheel:\/runs\/([^/]+)\/artifacts\/(.+)$/.exec(o.source ?? '');
  if (fromRunsUri && artifact === null) {
    runId ??= fromRunsUri[1]!;
    artifact = fromRunsUri[2]!;
  }
  if (runId === null) {
    if (!o.source) {
      throw new FlywheelError(
        'INVALID_ARGUMENT',
        'a model version needs a run (and its artifact) or a source',
        {
          hint: 'Pass runId and artifact (the path given to run.logArtifact), or a source.',
        },
      );
    }
    return { runId, artifact, source: o.source, digests: [] as string[] };
  }
  if (!(await metadata.tracking.getRun(runId))) throw runNotFound(runId);
  const files = artifact === null ? [] : artifactsUnder(await metadata.tracking.artifacts(runId), artifact);
  // A source given by an MLflow client may name files stored elsewhere: kept as given, not fetched.
  if (artifact !== null && files.length === 0 && !o.source) {
    throw new FlywheelError('NOT_FOUND', `run ${runId} has no artifact "${artifact}"`, {
      hint: `See its artifacts with \`flywheel runs show ${runId}\`; log one with run.logArtifact(path, { name }).`,
      details: { runId, artifact },
    });
  }
  return {
    runId,
    artifact,
    source: o.source ?? `runs:/${runId}/${artifact ?? ''}`,
    digests: [...new Set(files.map((f) => f.digest))].sort(),
  };
}

/** Record the next version of a model (creating the model unless told not to). */
export async function registerVersion(
  metadata: MetadataStore,
  o: RegisterVersionOptions,
): Promise<ModelVersionRecord> {
  checkModelName(o.name);
  checkEnsembleTag(o.tags ?? {}, `a new version of ${o.name}`);
  const src = await versionSource(metadata, o);
  const user = o.user ?? defaultActor();
  return metadata.transaction(async (tx) => {
    if (!(await tx.registry.getModel(o.name))) {
      if (o.createModel === false) throw modelNotFound(o.name);
      await tx.registry.createModel({ name: o.name, description: '', tags: {}, user });
      await tx.events.append({
        kind: MODEL_EVENTS.create,
        subject: modelSubject(o.name),
        actor: user,
        data: {},
      });
    }
    const v = await tx.registry.createVersion({
      name: o.name,
      runId: src.runId,
      source: src.source,
      artifactPath: src.artifact,
      digests: src.digests,
      inputSchema: o.inputSchema ?? null,
      outputSchema: o.outputSchema ?? null,
      description: o.description ?? '',
      tags: o.tags ?? {},
      user,
    });
    await tx.refs.add(modelRefOwner(o.name, v.version), v.digests);
    await tx.events.append({
      kind: MODEL_EVENTS.versionCreate,
      subject: modelSubject(o.name),
      actor: user,
      data: { version: v.version, runId: v.runId, source: v.source },
    });
    return v;
  });
}

/** Point an alias at a version, or remove it (`to` null); audited. */
export async function moveAlias(
  metadata: MetadataStore,
  name: string,
  alias: string,
  to: number | string | null,
  change: AliasChange,
  version: (name: string, v: number | string) => Promise<ModelVersionRecord>,
): Promise<AliasMove> {
  if (!(await metadata.registry.getModel(checkModelName(name)))) throw modelNotFound(name);
  const target = to === null ? null : (await version(name, to)).version;
  return metadata.transaction(async (tx) => {
    const from =
      target === null
        ? await tx.registry.deleteAlias(name, alias)
        : await tx.registry.setAlias(name, alias, target);
    if (target === null && from === undefined) {
      throw new FlywheelError('NOT_FOUND', `model "${name}" has no alias "${alias}"`, {
        hint: `See its aliases with \`flywheel models show ${name}\`.`,
        details: { model: name, alias },
      });
    }
    await tx.events.append({
      kind: target === null ? MODEL_EVENTS.aliasDelete : MODEL_EVENTS.aliasSet,
      subject: modelSubject(name),
      actor: change.actor ?? defaultActor(),
      data: { alias, from: from ?? null, to: target, reason: change.reason ?? '' },
    });
    return { name, alias, from: from ?? null, to: target };
  });
}
