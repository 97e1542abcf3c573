/**
 * Where serving gets models and learns of alias moves: the registry and the model artifacts in
 * production (`platformModelSource`), an in-memory source in tests. Deployments are recorded
 * through it too. The registry owns the audit log's events (registry/events.ts): serving asks it
 * for alias moves and hands it deployments, and never reads or writes event strings itself.
 */
import type { Model } from '../models/index.js';
import {
  DEPLOYMENT_EVENTS,
  isDeploymentKind,
  type AliasMoveEvent as RegistryAliasMove,
  type RegistryService,
} from '../registry/index.js';

/** An alias moved (from the registry's audit log, so other replicas' moves are seen too). */
export type AliasMoveEvent = Pick<RegistryAliasMove, 'id' | 'name' | 'alias' | 'to'>;

/** What serving needs from the registry. */
export interface ModelSource {
  /** Resolve `name@alias`, `name:N` or `name` to a version. */
  resolve(ref: string): Promise<{ name: string; version: number }>;
  /** Load a version's model. */
  load(name: string, version: number): Promise<Model>;
  /** Alias moves after the event id `afterId` (oldest first); `afterId` -1 gives only the newest id. */
  aliasMoves(afterId: number): Promise<{ cursor: number; moves: AliasMoveEvent[] }>;
  /** Move an alias in the registry (audited there; every replica follows it). */
  moveAlias(name: string, alias: string, version: number): Promise<void>;
  /** Record a deployment of the model (`kind`: one of the registry's DEPLOYMENT_EVENTS). */
  audit(kind: string, name: string, data: Record<string, unknown>): Promise<void>;
}

/** The pieces of the platform a registry-backed source uses. */
export interface PlatformSourceDeps
  extends Pick<RegistryService, 'resolve' | 'setAlias' | 'aliasMoves' | 'recordDeployment'> {
  loadModel(ref: string): Promise<Model>;
}

/** The actor of what serving records. */
const ACTOR = 'flywheel-serve';

/** A model source over the platform's registry and model loading. */
export function platformModelSource(deps: PlatformSourceDeps): ModelSource {
  return {
    resolve: async (ref) => {
      const v = await deps.resolve(ref);
      return { name: v.name, version: v.version };
    },
    load: (name, version) => deps.loadModel(`${name}:${version}`),
    aliasMoves: async (afterId) => {
      const { cursor, moves } = await deps.aliasMoves(afterId);
      return { cursor, moves: afterId < 0 ? [] : moves };
    },
    moveAlias: async (name, alias, version) => {
      await deps.setAlias(name, alias, version, { actor: ACTOR, reason: 'admin API' });
    },
    audit: async (kind, name, data) => {
      if (!isDeploymentKind(kind))
        throw new Error(`"${kind}" is not a deployment event (one of ${DEPLOYMENT_EVENTS.join(', ')})`);
      await deps.recordDeployment(name, kind, data, ACTOR);
    },
  };
}
