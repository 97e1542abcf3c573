/**
 * Where serving gets models and learns of alias moves: the registry and the model artifacts in
 * production (`platformModelSource`), an in-memory source in tests. The audit log of deployments
 * (`deployment.*` events on subject `model:NAME`) goes through it too.
 */
import type { Model } from '../models/index.js';

/** An alias moved (from the metadata store's audit log, so other replicas' moves are seen too). */
export interface AliasMoveEvent {
  id: number;
  name: string;
  alias: string;
  to: number | null;
}

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
  /** Append a `deployment.*` event to the model's audit log. */
  audit(kind: string, name: string, data: Record<string, unknown>): Promise<void>;
}

/** The pieces of the platform a registry-backed source uses. */
export interface PlatformSourceDeps {
  resolve(ref: string): Promise<{ name: string; version: number }>;
  loadModel(ref: string): Promise<Model>;
  setAlias(
    name: string,
    alias: string,
    version: number,
    change?: { actor?: string; reason?: string },
  ): Promise<unknown>;
  events: {
    append(event: {
      kind: string;
      subject: string;
      actor?: string;
      data?: Record<string, unknown>;
    }): Promise<number>;
    list(query?: {
      kind?: string;
      afterId?: number;
      limit?: number;
    }): Promise<Array<{ id: number; subject: string; data: Record<string, unknown> }>>;
  };
}

/** A model source over the platform's registry, model loading and audit log. */
export function platformModelSource(deps: PlatformSourceDeps): ModelSource {
  return {
    resolve: async (ref) => {
      const v = await deps.resolve(ref);
      return { name: v.name, version: v.version };
    },
    load: (name, version) => deps.loadModel(`${name}:${version}`),
    aliasMoves: async (afterId) => {
      const events = [
        ...(await deps.events.list({ kind: 'model.alias.set', afterId: Math.max(afterId, 0) })),
        ...(await deps.events.list({ kind: 'model.alias.delete', afterId: Math.max(afterId, 0) })),
      ].sort((a, b) => a.id - b.id);
      const cursor = events.reduce((m, e) => Math.max(m, e.id), Math.max(afterId, 0));
      if (afterId < 0) return { cursor, moves: [] };
      const moves = events.map((e) => ({
        id: e.id,
        name: e.subject.replace(/^model:/, ''),
        alias: String(e.data.alias ?? ''),
        to: typeof e.data.to === 'number' ? e.data.to : null,
      }));
      return { cursor, moves };
    },
    moveAlias: async (name, alias, version) => {
      await deps.setAlias(name, alias, version, { actor: 'flywheel-serve', reason: 'admin API' });
    },
    audit: async (kind, name, data) => {
      await deps.events.append({ kind, subject: `model:${name}`, actor: 'flywheel-serve', data });
    },
  };
}
