/**
 * The metadata store: one interface over SQLite (one machine) and PostgreSQL (a team). Each
 * entity is a small repository (`refs`, `events`, …); later domains add theirs the same way.
 */
import type { Digest } from '../../core/index.js';
import type { DialectName } from './dialect.js';
import type { LabelingQueueRepo } from './labeling-queue.js';
import type { RegistryRepo } from './registry-types.js';
import type { TrackingRepo } from './tracking-types.js';
import type { ValidationResultRepo } from './validation-results.js';

/** References from metadata rows to objects; the artifact gc keeps exactly the referenced objects. */
export interface ObjectRefs {
  /** Record that `owner` (e.g. `dataset:train:3`) uses these objects; adding twice is a no-op. */
  add(owner: string, digests: Iterable<Digest>): Promise<void>;
  /** Drop one reference; false if it did not exist. */
  remove(owner: string, digest: Digest): Promise<boolean>;
  /** Drop every reference `owner` holds; returns how many. */
  removeOwner(owner: string): Promise<number>;
  /** The objects `owner` references. */
  byOwner(owner: string): Promise<Digest[]>;
  /** True if any row references `digest`. */
  isReferenced(digest: Digest): Promise<boolean>;
  /** Every referenced digest. */
  referencedDigests(): Promise<Set<Digest>>;
}

/** One audit-log entry. */
export interface EventRecord {
  id: number;
  time: number;
  kind: string;
  subject: string;
  actor: string;
  data: Record<string, unknown>;
}

/** What to append to the audit log. */
export interface NewEvent {
  kind: string;
  subject: string;
  actor?: string;
  data?: Record<string, unknown>;
  time?: number;
}

/** Filters for listing events (newest last). */
export interface EventQuery {
  subject?: string;
  kind?: string;
  afterId?: number;
  limit?: number;
}

/** The append-only audit log: who did what to which subject, when. */
export interface EventLog {
  append(event: NewEvent): Promise<number>;
  list(query?: EventQuery): Promise<EventRecord[]>;
}

/** A column of a dataset's schema. */
export interface DatasetColumn {
  name: string;
  type: string;
}

/** A dataset version as recorded. */
export interface DatasetRecord {
  name: string;
  version: number;
  kind: 'file' | 'directory';
  /** The file's object, or the directory manifest's object. */
  digest: Digest;
  size: number;
  fileCount: number;
  rowCount: number | null;
  format: string | null;
  schema: DatasetColumn[] | null;
  profileDigest: Digest | null;
  /** The path it was added from. */
  source: string;
  message: string;
  author: string;
  createdAt: number;
}

/** What to record for a new version (its number is assigned by the store). */
export type NewDatasetVersion = Omit<DatasetRecord, 'version' | 'createdAt'> & { createdAt?: number };

/** Dataset versions and tags. */
export interface DatasetRepo {
  /** Record the next version of `name`; call inside a transaction. */
  create(version: NewDatasetVersion): Promise<DatasetRecord>;
  get(name: string, version: number): Promise<DatasetRecord | undefined>;
  latest(name: string): Promise<DatasetRecord | undefined>;
  versions(name: string): Promise<DatasetRecord[]>;
  /** Every dataset with its latest version number and version count. */
  names(): Promise<Array<{ name: string; latest: number; count: number }>>;
  /** Point `tag` at `version`; returns the version it pointed at before, if any. */
  setTag(name: string, tag: string, version: number): Promise<number | undefined>;
  removeTag(name: string, tag: string): Promise<boolean>;
  tag(name: string, tag: string): Promise<number | undefined>;
  tags(name: string): Promise<Array<{ tag: string; version: number }>>;
}

/** Row counts per table, for `flywheel status`. */
export type TableCounts = Record<string, number>;

/** The metadata store. */
export interface MetadataStore {
  readonly dialect: DialectName;
  /** The store's URL with any password removed. */
  readonly url: string;
  readonly refs: ObjectRefs;
  readonly events: EventLog;
  readonly datasets: DatasetRepo;
  /** Experiments, runs, params, metrics, tags, inputs and artifacts. */
  readonly tracking: TrackingRepo;
  /** Registered models, versions and aliases. */
  readonly registry: RegistryRepo;
  /** Validation results per dataset version. */
  readonly validations: ValidationResultRepo;
  /** Human labeling projects: items, assignments, answers. */
  readonly labeling: LabelingQueueRepo;
  /** A stable id for the workspace, created with the store. */
  workspaceId(): Promise<string>;
  /** The applied schema version. */
  schemaVersion(): Promise<number>;
  /** Rows per table. */
  counts(): Promise<TableCounts>;
  /** Run `fn` in one transaction; everything it writes through `tx` commits or rolls back together. */
  transaction<T>(fn: (tx: MetadataStore) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
