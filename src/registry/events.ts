/**
 * The registry's audit-log events as an API: the kinds it writes on a model's subject
 * (`model:NAME`), the deployment kinds serving records through it, and alias moves decoded into
 * typed values — so no other module matches event kinds or reads event data by hand.
 */
import type { EventRecord } from '../storage/metadata/index.js';
import type { AliasMove } from './registry-api.js';

/** The audit-log subject of a model. */
export const modelSubject = (name: string) => `model:${name}`;

const SUBJECT_PREFIX = 'model:';

/** The kinds of events the registry writes on a model's subject. */
export const MODEL_EVENTS = {
  /** A registered model was created. */
  create: 'model.create',
  /** A version was registered (`data.version`, `data.source`). */
  versionCreate: 'model.version.create',
  /** An alias was pointed at a version. */
  aliasSet: 'model.alias.set',
  /** An alias was removed. */
  aliasDelete: 'model.alias.delete',
  /** A version's tags were changed (`data.version`, `data.tags`). */
  versionTags: 'version.tags',
} as const;

/** An event kind the registry writes. */
export type ModelEventKind = (typeof MODEL_EVENTS)[keyof typeof MODEL_EVENTS];

/** The deployment events serving records on a model's subject (`data.version`: the version deployed). */
export const DEPLOYMENT_EVENTS = [
  'deployment.create',
  'deployment.delete',
  'deployment.route',
  'deployment.rollback',
  'deployment.swap',
  'deployment.swap_failed',
] as const;

/** A deployment event kind. */
export type DeploymentEventKind = (typeof DEPLOYMENT_EVENTS)[number];

const DEPLOYMENT_KINDS: ReadonlySet<string> = new Set(DEPLOYMENT_EVENTS);

/** Whether an audit event kind is a deployment's. */
export const isDeploymentKind = (kind: string): kind is DeploymentEventKind => DEPLOYMENT_KINDS.has(kind);

/** An alias move as the audit log keeps it: which event, when, who, and why. */
export interface AliasMoveEvent extends AliasMove {
  /** The audit event's id (moves are ordered by it). */
  id: number;
  time: number;
  actor: string;
  reason: string;
}

const versionOrNull = (v: unknown): number | null => (typeof v === 'number' ? v : null);

/** The alias move an audit event records, or undefined when it records something else. */
export function aliasMoveOf(event: EventRecord): AliasMoveEvent | undefined {
  if (event.kind !== MODEL_EVENTS.aliasSet && event.kind !== MODEL_EVENTS.aliasDelete) return undefined;
  if (!event.subject.startsWith(SUBJECT_PREFIX)) return undefined;
  const d = event.data;
  return {
    id: event.id,
    time: event.time,
    actor: event.actor,
    name: event.subject.slice(SUBJECT_PREFIX.length),
    alias: String(d.alias ?? ''),
    from: versionOrNull(d.from),
    to: event.kind === MODEL_EVENTS.aliasDelete ? null : versionOrNull(d.to),
    reason: typeof d.reason === 'string' ? d.reason : '',
  };
}
