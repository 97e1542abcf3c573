/** The labeling queue's records, repository interface and tables (labeling-queue.ts implements them). */
/** A project as stored; `spec` is the domain's own JSON. */
export interface QueueProject {
  name: string;
  spec: Record<string, unknown>;
  labels: string[];
  annotationsPerItem: number;
  createdAt: number;
}

/** An item to add. */
export interface NewQueueItem {
  key: string;
  /** Lower comes first. */
  priority: number;
  data: Record<string, unknown>;
  suggestion?: Record<string, unknown> | null;
}

/** An item handed to an annotator. */
export interface QueueItem {
  key: string;
  position: number;
  data: Record<string, unknown>;
  suggestion: Record<string, unknown> | null;
  answered: number;
}

/** A recorded answer. */
export interface QueueAnnotation {
  item: string;
  annotator: string;
  label: string;
  answeredAt: number;
}

/** How far a project is. */
export interface QueueProgress {
  items: number;
  /** Items with N answers. */
  complete: number;
  annotations: number;
  skipped: number;
  /** Live (unexpired) pending assignments. */
  pending: number;
}

/** The labeling queue. */
export interface LabelingQueueRepo {
  createProject(
    project: Omit<QueueProject, 'createdAt'> & { createdAt?: number },
    items: NewQueueItem[],
  ): Promise<QueueProject>;
  project(name: string): Promise<QueueProject | undefined>;
  projects(): Promise<QueueProject[]>;
  /** The annotator's pending item, or a new one (held for `leaseMs`); undefined when none is left. */
  next(
    project: string,
    annotator: string,
    options?: { now?: number; leaseMs?: number },
  ): Promise<QueueItem | undefined>;
  /** Record an answer (unknown item or label: an error, nothing recorded). */
  submit(
    project: string,
    item: string,
    annotator: string,
    label: string,
    now?: number,
  ): Promise<QueueAnnotation>;
  /** Skip an item: the annotator is not offered it again. */
  skip(project: string, item: string, annotator: string, now?: number): Promise<void>;
  /** Take back the annotator's last answer: the item is pending for them again. Returns its key. */
  undo(project: string, annotator: string, now?: number): Promise<string | undefined>;
  annotations(project: string): Promise<QueueAnnotation[]>;
  items(project: string): Promise<QueueItem[]>;
  progress(project: string, now?: number): Promise<QueueProgress>;
  /** Re-rank items (e.g. from a new model's uncertainty). */
  setPriorities(project: string, priorities: Array<{ key: string; priority: number }>): Promise<void>;
}

export interface LabelingProjectsTable {
  name: string;
  spec_json: string;
  labels_json: string;
  annotations_per_item: number;
  seq: number;
  created_at: number;
}
export interface LabelingItemsTable {
  project: string;
  item_key: string;
  position: number;
  priority: number;
  data_json: string;
  suggestion_json: string | null;
  answered: number;
}
export interface LabelingAssignmentsTable {
  project: string;
  item_key: string;
  annotator: string;
  status: 'pending' | 'answered' | 'skipped';
  label: string | null;
  seq: number;
  leased_until: number;
  updated_at: number;
}
/** The labeling tables, as Kysely sees them. */
export interface LabelingSchema {
  labeling_projects: LabelingProjectsTable;
  labeling_items: LabelingItemsTable;
  labeling_assignments: LabelingAssignmentsTable;
}
