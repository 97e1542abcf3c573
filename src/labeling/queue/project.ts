/**
 * Human labeling projects over the metadata store's queue: create one from a dataset version (its
 * rows become items, ordered by a sampling strategy), hand items to annotators, take answers,
 * skips and undos, report progress and agreement, and export the answers as a new dataset version
 * (label by majority, annotators, agreement per item, who labelled what and when). Every write is
 * one transaction committed before it returns, so an acknowledged answer survives a crash.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FlywheelError } from '../../core/index.js';
import {
  type AddDatasetResult,
  addDataset,
  type CellValue,
  type DatasetDeps,
  parseDatasetName,
  readResolved,
  resolveData,
  rowObject,
  tableFromRows,
  writeTable,
} from '../../data/index.js';
import type {
  MetadataStore,
  QueueAnnotation,
  QueueItem,
  QueueProgress,
  QueueProject,
} from '../../storage/metadata/index.js';
import { type AgreementReport, agreementReport, strictMajority } from '../agreement/index.js';
import { type SamplingStrategy, samplingPriorities } from './sampling.js';

/** What `label project create` needs. */
export interface CreateProjectOptions {
  name: string;
  /** A dataset reference (NAME:VERSION, NAME@TAG, or a file). */
  data: string;
  labels: string[];
  instructions?: string;
  annotationsPerItem?: number;
  sampling?: SamplingStrategy;
  seed?: number;
  /** Column whose value names each item (default: the row number). */
  key?: string;
  /** Columns of the model's class probabilities (one per label, in label order) for uncertainty sampling and suggestions. */
  scores?: string[];
  cwd?: string;
}

/** The project spec kept with it. */
export interface ProjectSpec {
  instructions: string;
  sampling: SamplingStrategy;
  source: string;
  key: string | null;
  scores: string[] | null;
}

function jsonCell(v: CellValue): string | number | boolean | null {
  return v instanceof Date ? v.toISOString() : v;
}

/** Creates a project from a dataset's rows. */
export async function createLabelingProject(
  deps: DatasetDeps,
  o: CreateProjectOptions,
): Promise<{ project: QueueProject; items: number }> {
  if (o.labels.length < 2 || new Set(o.labels).size !== o.labels.length) {
    throw new FlywheelError('INVALID_ARGUMENT', 'A labeling project needs at least two distinct labels.', {
      hint: 'For example --labels ham,spam.',
    });
  }
  const n = o.annotationsPerItem ?? 1;
  if (!Number.isInteger(n) || n < 1) {
    throw new FlywheelError('INVALID_ARGUMENT', `--annotations must be a whole number ≥ 1 (got ${n}).`, {
      hint: 'For example --annotations 2.',
    });
  }
  if (o.scores && o.scores.length !== o.labels.length) {
    throw new FlywheelError(
      'INVALID_ARGUMENT',
      `--scores names ${o.scores.length} columns for ${o.labels.length} labels.`,
      { hint: 'Name one probability column per label, in label order.' },
    );
  }
  const resolved = await resolveData(deps, o.data, o.cwd ?? process.cwd());
  const table = await readResolved(resolved);
  for (const c of [o.key, ...(o.scores ?? [])]) {
    if (c !== undefined && !table.names.includes(c)) {
      throw new FlywheelError('INVALID_ARGUMENT', `${o.data} has no column "${c}".`, {
        hint: `Columns: ${table.names.join(', ')}.`,
      });
    }
  }
  const rows = Array.from({ length: table.rowCount }, (_, i) => rowObject(table, i));
  const scores = o.scores ? rows.map((r) => o.scores!.map((c) => Number(r[c]))) : undefined;
  const sampling = o.sampling ?? 'order';
  const priorities = samplingPriorities(rows.length, sampling, { seed: o.seed, scores });
  const keys = rows.map((r, i) => (o.key ? String(r[o.key]) : String(i)));
  if (new Set(keys).size !== keys.length) {
    throw new FlywheelError(
      'DATA_INVALID',
      `Column "${o.key}" of ${o.data} has repeated values; item keys must be unique.`,
      { hint: 'Choose a key column with unique values, or leave --key out to use row numbers.' },
    );
  }
  const source = resolved.dataset ? `${resolved.dataset.name}:${resolved.dataset.version}` : o.data;
  const spec: ProjectSpec = {
    instructions: o.instructions ?? '',
    sampling,
    source,
    key: o.key ?? null,
    scores: o.scores ?? null,
  };
  const items = rows.map((r, i) => {
    const s = scores?.[i];
    const best = s ? s.indexOf(Math.max(...s)) : -1;
    return {
      key: keys[i]!,
      priority: priorities[i]!,
      data: Object.fromEntries(Object.entries(r).map(([k, v]) => [k, jsonCell(v)])),
      suggestion: s ? { label: o.labels[best]!, scores: s } : null,
    };
  });
  const project = await deps.metadata.transaction((tx) =>
    tx.labeling.createProject(
      {
        name: o.name,
        spec: spec as unknown as Record<string, unknown>,
        labels: o.labels,
        annotationsPerItem: n,
      },
      items,
    ),
  );
  return { project, items: items.length };
}

/** The annotator operations, each one committed transaction. */
export function labelingQueue(store: MetadataStore) {
  return {
    next: (project: string, annotator: string): Promise<QueueItem | undefined> =>
      store.transaction((tx) => tx.labeling.next(project, annotator)),
    submit: (project: string, item: string, annotator: string, label: string): Promise<QueueAnnotation> =>
      store.transaction((tx) => tx.labeling.submit(project, item, annotator, label)),
    skip: (project: string, item: string, annotator: string): Promise<void> =>
      store.transaction((tx) => tx.labeling.skip(project, item, annotator)),
    undo: (project: string, annotator: string): Promise<string | undefined> =>
      store.transaction((tx) => tx.labeling.undo(project, annotator)),
  };
}

async function requireProject(store: MetadataStore, name: string): Promise<QueueProject> {
  const p = await store.labeling.project(name);
  if (!p) {
    throw new FlywheelError('NOT_FOUND', `No labeling project named "${name}".`, {
      hint: 'Create it with `flywheel label project create`.',
    });
  }
  return p;
}

/** A project's progress and agreement (the model's suggestions count as "the model"). */
export interface ProjectStatus {
  project: QueueProject;
  progress: QueueProgress;
  agreement: AgreementReport;
}

/** Progress and agreement of a project. */
export async function labelingProjectStatus(store: MetadataStore, name: string): Promise<ProjectStatus> {
  const project = await requireProject(store, name);
  const [progress, annotations, items] = await Promise.all([
    store.labeling.progress(name),
    store.labeling.annotations(name),
    store.labeling.items(name),
  ]);
  const model = new Map<string, string>();
  for (const it of items)
    if (it.suggestion && typeof it.suggestion.label === 'string') model.set(it.key, it.suggestion.label);
  return { project, progress, agreement: agreementReport(annotations, model) };
}

/** Records the answers as a dataset version: one row per answered item. */
export async function exportLabelingProject(
  deps: DatasetDeps,
  o: { project: string; name?: string; author?: string },
): Promise<{ added: AddDatasetResult; rows: number; status: ProjectStatus }> {
  const status = await labelingProjectStatus(deps.metadata, o.project);
  const annotations = await deps.metadata.labeling.annotations(o.project);
  if (annotations.length === 0) {
    throw new FlywheelError(
      'INVALID_ARGUMENT',
      `Labeling project "${o.project}" has no answers yet; nothing to export.`,
      { hint: 'Annotate some items first.' },
    );
  }
  const items = new Map((await deps.metadata.labeling.items(o.project)).map((i) => [i.key, i]));
  const byItem = new Map<string, QueueAnnotation[]>();
  for (const a of annotations) byItem.set(a.item, [...(byItem.get(a.item) ?? []), a]);
  const agreement = new Map(status.agreement.perItem.map((p) => [p.item, p.agreement]));
  const rows = [...byItem.entries()].map(([key, list]) => {
    const item = items.get(key)!;
    const majority = strictMajority(list.map((a) => a.label));
    const data = Object.fromEntries(
      Object.entries(item.data).filter(
        ([k]) => !['label', 'annotators', 'annotations', 'agreement', 'item_key'].includes(k),
      ),
    );
    return {
      ...(data as Record<string, CellValue>),
      item_key: key,
      label: majority === null ? null : String(majority),
      annotations: list.length,
      annotators: list.map((a) => a.annotator).join(','),
      agreement: Number.isNaN(agreement.get(key)) ? null : agreement.get(key)!,
      provenance: JSON.stringify(
        list.map((a) => ({
          annotator: a.annotator,
          label: a.label,
          at: new Date(a.answeredAt).toISOString(),
        })),
      ),
    };
  });
  const spec = status.project.spec as unknown as ProjectSpec;
  const dir = await mkdtemp(join(tmpdir(), 'flywheel-label-export-'));
  try {
    const path = join(dir, 'labels.parquet');
    await writeTable(tableFromRows(rows), path);
    const added = await addDataset(deps, path, {
      name: parseDatasetName(o.name ?? `${o.project}-labels`),
      source: spec.source,
      author: o.author,
      message: `human labels of project ${o.project} (${rows.length} items, ${annotations.length} annotations by ${status.agreement.annotators.length} annotators, Krippendorff's alpha ${status.agreement.krippendorffAlpha.toFixed(3)})`,
    });
    return { added, rows: rows.length, status };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
