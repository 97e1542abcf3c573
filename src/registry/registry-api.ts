/** The registry service's interface, options and result shapes (implemented by `createRegistry`). */

import type { Model } from '../models/index.js';
import type {
  EventRecord,
  ModelAlias,
  ModelRecord,
  ModelSchemaColumn,
  ModelVersionRecord,
  NameMatch,
} from '../storage/metadata/index.js';
import type { AliasMoveEvent, DeploymentEventKind } from './events.js';
import type { Lineage } from './lineage.js';

/** The owner name under which a model version's objects are referenced (kept from gc). */
export const modelRefOwner = (name: string, version: number) => `model:${name}:${version}`;

/** A registered model with its aliases and newest version. */
export interface ModelView extends ModelRecord {
  latestVersion: number | null;
  versionCount: number;
  aliases: ModelAlias[];
}

/** A version with the aliases pointing at it. */
export interface VersionView extends ModelVersionRecord {
  aliases: string[];
}

/** What `registerVersion` needs. */
export interface RegisterVersionOptions {
  name: string;
  /** The run that produced the model. */
  runId?: string;
  /** The artifact path inside the run (a file or folder logged with `run.logArtifact`). */
  artifact?: string;
  /** Where the model came from when it is not a run artifact; recorded, never fetched. */
  source?: string;
  inputSchema?: ModelSchemaColumn[];
  outputSchema?: ModelSchemaColumn[];
  description?: string;
  tags?: Record<string, string>;
  user?: string;
  /** Create the registered model if missing (default true; the HTTP API passes false, as MLflow does). */
  createModel?: boolean;
}

/** Who moved an alias and why. */
export interface AliasChange {
  actor?: string;
  reason?: string;
}

/** The result of moving an alias. */
export interface AliasMove {
  name: string;
  alias: string;
  from: number | null;
  to: number | null;
}

/** The registry service. */
export interface RegistryService {
  createModel(
    name: string,
    options?: { description?: string; tags?: Record<string, string>; user?: string },
  ): Promise<ModelView>;
  getModel(name: string): Promise<ModelView>;
  listModels(options?: { name?: NameMatch; limit?: number; offset?: number }): Promise<ModelView[]>;
  versions(name: string): Promise<VersionView[]>;
  getVersion(name: string, version: number | string): Promise<VersionView>;
  searchVersions(options?: {
    name?: NameMatch;
    runId?: string;
    limit?: number;
    offset?: number;
  }): Promise<VersionView[]>;
  /** Resolve `name:3`, `name@alias` or `name` (its newest version). */
  resolve(ref: string): Promise<VersionView>;
  /**
   * Load `name:3`, `name@alias` or `name` as a Model, through the registry only (never a path):
   * files verified against their content addresses and the digests registered with the version.
   */
  load(ref: string): Promise<Model>;
  /** Record the next version of a model, pointing to a run's artifact. */
  registerVersion(options: RegisterVersionOptions): Promise<VersionView>;
  /** Point an alias at a version; refused (CHECK_FAILED, with the reason) unless the version loads. */
  setAlias(name: string, alias: string, version: number | string, change?: AliasChange): Promise<AliasMove>;
  /** Merge `tags` into a version's tags (an empty value removes a tag); audited as `version.tags`. */
  setVersionTags(
    name: string,
    version: number | string,
    tags: Record<string, string>,
    change?: AliasChange,
  ): Promise<VersionView>;
  deleteAlias(name: string, alias: string, change?: AliasChange): Promise<AliasMove>;
  /** The audit log of a model: created, versions added, aliases moved (oldest first). */
  history(name: string): Promise<EventRecord[]>;
  /**
   * Alias moves of every model recorded after the audit event `afterId` (oldest first), and the
   * id to ask after next time (the newest seen, else `afterId`): how a server follows aliases
   * moved by anyone, itself and other replicas included.
   */
  aliasMoves(afterId: number): Promise<{ cursor: number; moves: AliasMoveEvent[] }>;
  /** Record a deployment of a model (`data.version`: the version deployed) in its audit log. */
  recordDeployment(
    name: string,
    kind: DeploymentEventKind,
    data: Record<string, unknown>,
    actor?: string,
  ): Promise<number>;
  /** Data version → run → model version → aliases → deployments. */
  lineage(ref: string): Promise<Lineage>;
}
