/** Types of the model registry repository: registered models, their versions and aliases. */
import type { Digest } from '../../core/index.js';
import type { NameMatch } from './tracking-types.js';

/** A registered model (a name that versions are numbered under). */
export interface ModelRecord {
  name: string;
  description: string;
  tags: Record<string, string>;
  user: string;
  createdAt: number;
  updatedAt: number;
}

/** One column of a model's input or output schema. */
export interface ModelSchemaColumn {
  name: string;
  type: string;
}

/** A model version: an integer per model, pointing to a run and its artifact. */
export interface ModelVersionRecord {
  name: string;
  version: number;
  runId: string | null;
  /** Where the model came from, as given (e.g. `runs:/ID/model`); never fetched. */
  source: string;
  /** The artifact path inside the run, when the version points at run artifacts. */
  artifactPath: string | null;
  /** The objects of the artifact (one for a file, several for a folder). */
  digests: Digest[];
  inputSchema: ModelSchemaColumn[] | null;
  outputSchema: ModelSchemaColumn[] | null;
  description: string;
  tags: Record<string, string>;
  user: string;
  createdAt: number;
  updatedAt: number;
}

/** What to record for a new version (its number is assigned by the store). */
export type NewModelVersion = Omit<ModelVersionRecord, 'version' | 'createdAt' | 'updatedAt'> & {
  createdAt?: number;
};

/** An alias: a reassignable name for one version of a model. */
export interface ModelAlias {
  name: string;
  alias: string;
  version: number;
  updatedAt: number;
}

/** The registry repository: SQL over registered models, versions and aliases. */
export interface RegistryRepo {
  createModel(
    model: Omit<ModelRecord, 'createdAt' | 'updatedAt'> & { createdAt?: number },
  ): Promise<ModelRecord>;
  getModel(name: string): Promise<ModelRecord | undefined>;
  listModels(options: { name?: NameMatch; limit: number; offset?: number }): Promise<ModelRecord[]>;
  updateModel(name: string, update: { description?: string; tags?: Record<string, string> }): Promise<void>;
  /** Change a version's description or tags (tags are replaced as a whole). */
  updateVersion(
    name: string,
    version: number,
    update: { description?: string; tags?: Record<string, string> },
  ): Promise<void>;
  /** Record the next version of a model; call inside a transaction. */
  createVersion(version: NewModelVersion): Promise<ModelVersionRecord>;
  getVersion(name: string, version: number): Promise<ModelVersionRecord | undefined>;
  latestVersion(name: string): Promise<ModelVersionRecord | undefined>;
  versions(name: string): Promise<ModelVersionRecord[]>;
  /** Versions across models (optionally of one model or produced by one run), newest first. */
  searchVersions(options: {
    name?: NameMatch;
    runId?: string;
    limit: number;
    offset?: number;
  }): Promise<ModelVersionRecord[]>;
  /** Point `alias` at `version`; returns the version it pointed at before, if any. */
  setAlias(name: string, alias: string, version: number): Promise<number | undefined>;
  /** Remove an alias; returns the version it pointed at, if it existed. */
  deleteAlias(name: string, alias: string): Promise<number | undefined>;
  alias(name: string, alias: string): Promise<number | undefined>;
  aliases(name: string): Promise<ModelAlias[]>;
}
