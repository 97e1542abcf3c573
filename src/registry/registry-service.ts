/**
 * The model registry (`platform.registry`): registered models, versions that point to a run and
 * its artifact, and aliases that downstream code refers to (`churn@production`). Every alias move
 * is written to the audit log (who, when, from → to, why).
 */
import { FlywheelError, toFlywheelError } from '../core/index.js';
import type { OnnxRuntimeConfig } from '../onnx/import/index.js';
import type { ArtifactStore } from '../storage/artifacts/index.js';
import type {
  MetadataStore,
  ModelAlias,
  ModelRecord,
  ModelVersionRecord,
} from '../storage/metadata/index.js';
import { defaultActor, versionNotFound } from '../storage/metadata/index.js';
import { checkEnsembleTag } from './ensemble-tag.js';
import { aliasMoveOf, MODEL_EVENTS, modelSubject } from './events.js';
import { modelLineage } from './lineage.js';
import { loadVersion } from './loader.js';
import { checkAlias, checkModelName, parseModelRef, parseVersionNumber } from './model-ref.js';
import type { ModelView, RegistryService, VersionView } from './registry-api.js';
import { modelNotFound, moveAlias, registerVersion } from './versions.js';

/** Create the registry service over a metadata store and the object store holding the models. */
export function createRegistry(deps: {
  metadata: MetadataStore;
  artifacts: Pick<ArtifactStore, 'getBytes'>;
  /** ONNX Runtime's settings for imported ONNX versions (flywheel.yaml `onnx_runtime:`). */
  onnx?: OnnxRuntimeConfig;
}): RegistryService {
  const { metadata } = deps;
  const model = async (name: string) => {
    const m = await metadata.registry.getModel(name);
    if (!m) throw modelNotFound(name);
    return m;
  };
  const view = async (m: ModelRecord): Promise<ModelView> => {
    const [latest, aliases, all] = await Promise.all([
      metadata.registry.latestVersion(m.name),
      metadata.registry.aliases(m.name),
      metadata.registry.versions(m.name),
    ]);
    return { ...m, latestVersion: latest?.version ?? null, versionCount: all.length, aliases };
  };
  const withAliases = async (versions: ModelVersionRecord[]): Promise<VersionView[]> => {
    const byModel = new Map<string, ModelAlias[]>();
    for (const name of new Set(versions.map((v) => v.name)))
      byModel.set(name, await metadata.registry.aliases(name));
    return versions.map((v) => ({
      ...v,
      aliases: (byModel.get(v.name) ?? []).filter((a) => a.version === v.version).map((a) => a.alias),
    }));
  };
  const version = async (name: string, v: number | string) => {
    const n = typeof v === 'number' ? v : parseVersionNumber(v);
    const found = await metadata.registry.getVersion(checkModelName(name), n);
    if (!found) {
      await model(name);
      throw versionNotFound(name, n);
    }
    return found;
  };

  const service: RegistryService = {
    async createModel(name, options = {}) {
      checkModelName(name);
      const m = await metadata.transaction(async (tx) => {
        const created = await tx.registry.createModel({
          name,
          description: options.description ?? '',
          tags: options.tags ?? {},
          user: options.user ?? defaultActor(),
        });
        await tx.events.append({
          kind: MODEL_EVENTS.create,
          subject: modelSubject(name),
          actor: created.user,
          data: {},
        });
        return created;
      });
      return view(m);
    },
    getModel: async (name) => view(await model(checkModelName(name))),
    async listModels(options = {}) {
      const models = await metadata.registry.listModels({ ...options, limit: options.limit ?? 1000 });
      return Promise.all(models.map(view));
    },
    async versions(name) {
      await model(checkModelName(name));
      return withAliases(await metadata.registry.versions(name));
    },
    getVersion: async (name, v) => (await withAliases([await version(name, v)]))[0]!,
    async searchVersions(options = {}) {
      return withAliases(
        await metadata.registry.searchVersions({ ...options, limit: options.limit ?? 10_000 }),
      );
    },
    async resolve(ref) {
      const r = parseModelRef(ref);
      if (r.kind === 'version') return service.getVersion(r.name, r.version);
      await model(r.name);
      const n =
        r.kind === 'name' || r.alias === 'latest'
          ? (await metadata.registry.latestVersion(r.name))?.version
          : await metadata.registry.alias(r.name, r.alias);
      if (n === undefined) {
        throw new FlywheelError('NOT_FOUND', `model ${ref} does not exist`, {
          hint: `See the versions and aliases with \`flywheel models show ${r.name}\`.`,
          details: { ref },
        });
      }
      return service.getVersion(r.name, n);
    },
    registerVersion: (options) =>
      registerVersion(metadata, options).then(async (v) => (await withAliases([v]))[0]!),
    load: async (ref) => loadVersion(loader, await service.resolve(ref)),
    async setAlias(name, alias, v, change = {}) {
      checkAlias(alias);
      // An alias is what serving, batch and the CLI load: it only moves to a version that loads.
      const target = await service.getVersion(name, v);
      try {
        await loadVersion(loader, target);
      } catch (error) {
        const e = toFlywheelError(error);
        throw new FlywheelError(
          'CHECK_FAILED',
          `${name}@${alias} was not moved: ${name}:${target.version} does not load: ${e.message}`,
          {
            hint: `${e.hint ?? 'Fix or re-register the version.'} The alias still points where it did.`,
            details: { model: name, alias, version: target.version, reason: e.code },
            cause: error,
          },
        );
      }
      return moveAlias(metadata, name, alias, target.version, change, version);
    },
    deleteAlias: async (name, alias, change = {}) => moveAlias(metadata, name, alias, null, change, version),
    async setVersionTags(name, v, tags, change = {}) {
      const current = await version(name, v);
      checkEnsembleTag(tags, `${name}:${current.version}`);
      const merged = { ...current.tags, ...tags };
      for (const [k, value] of Object.entries(tags)) if (value === '') delete merged[k];
      await metadata.transaction(async (tx) => {
        await tx.registry.updateVersion(name, current.version, { tags: merged });
        await tx.events.append({
          kind: MODEL_EVENTS.versionTags,
          subject: modelSubject(name),
          actor: change.actor ?? defaultActor(),
          data: { version: current.version, tags, reason: change.reason ?? '' },
        });
      });
      return service.getVersion(name, current.version);
    },
    async history(name) {
      await model(checkModelName(name));
      return metadata.events.list({ subject: modelSubject(name) });
    },
    lineage: (ref) => modelLineage(metadata, ref, service.resolve),
    async aliasMoves(afterId) {
      const after = Math.max(afterId, 0);
      const events = [
        ...(await metadata.events.list({ kind: MODEL_EVENTS.aliasSet, afterId: after })),
        ...(await metadata.events.list({ kind: MODEL_EVENTS.aliasDelete, afterId: after })),
      ].sort((a, b) => a.id - b.id);
      const moves = events.flatMap((e) => aliasMoveOf(e) ?? []);
      return { cursor: events.at(-1)?.id ?? after, moves };
    },
    recordDeployment: async (name, kind, data, actor) =>
      metadata.events.append({ kind, subject: modelSubject(checkModelName(name)), actor, data }),
  };
  const loader = { metadata, artifacts: deps.artifacts, version: service.getVersion, onnx: deps.onnx };
  return service;
}
