/**
 * The metadata store: one interface over SQLite (one machine) and PostgreSQL (a team). Each
 * entity is a small repository (`refs`, `events`, …); later domains add theirs the same way.
 */
import type { Digest } from '../../core/index.js';
import type { DialectName } from './dialect.js';

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

/** Row counts per table, for `flywheel status`. */
export type TableCounts = Record<string, number>;

/** The metadata store. */
export interface MetadataStore {
  readonly dialect: DialectName;
  /** The store's URL with any password removed. */
  readonly url: string;
  readonly refs: ObjectRefs;
  readonly events: EventLog;
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
