/**
 * `flywheel label analyze` and `flywheel label apply`: load the LF file, apply it to a dataset
 * version (and a dev set), fit the chosen label model beside majority vote, and report; `apply` then
 * records a new dataset version with the label, its probability and its vote count, whose source is
 * the version it labelled and whose message names the LF file and its sha256.
 *
 * Everything that can be refused is checked before anything is written (the LF file, the label set,
 * the model's minimum LF count, the output columns, every vote); the version is recorded last, by
 * `addDataset`, in one transaction — so a failure records nothing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { FlywheelError } from '../core/index.js';
import {
  type AddDatasetResult,
  addDataset,
  type DatasetDeps,
  parseDatasetName,
  readResolved,
  resolveData,
  type Table,
  writeTable,
} from '../data/index.js';
import { goldLabels } from './gold.js';
import type { LfErrorPolicy } from './lf/index.js';
import { applyLabelingFunctions, type LoadedLabelingFile, loadLabelingFile } from './lf/index.js';
import { type LabelMatrix, voteCounts } from './matrix.js';
import type { TiePolicy } from './model/index.js';
import {
  classBalanceFromGold,
  type FittedLabels,
  LABEL_MODEL_MIN_LFS,
  type LabelModelKind,
  runLabelModel,
} from './model/index.js';
import { labelledTable, type OutputColumns, outputColumns } from './output-table.js';
import { buildReport, type LabelReport } from './report.js';

/** Options of `label analyze`. */
export interface LabelRunOptions {
  /** The LF file (labeling.ts / .js / .mjs). */
  lfs: string;
  /** Data reference: NAME:VERSION, NAME@TAG or a path. */
  data: string;
  cwd?: string;
  /** Class names when the LF file exports no `labels`. */
  labels?: string[];
  model?: LabelModelKind;
  /** A dev set with gold labels: class balance and dev accuracies. */
  dev?: string;
  /** The gold column (in the data, and in the dev set; default `label` for the dev set). */
  gold?: string;
  /** A fixed class balance (else: from the dev set, else uniform). */
  classBalance?: number[];
  threads?: number;
  lfErrors?: LfErrorPolicy;
  ties?: TiePolicy;
  seed?: number;
}

/** Options of `label apply`. */
export interface LabelApplyOptions extends LabelRunOptions, Partial<OutputColumns> {
  /** Keep rows without a label (label, probability null; votes 0) instead of dropping them. */
  keepUnlabeled?: boolean;
  /** Name of the labelled dataset (default NAME-labeled). */
  name?: string;
  author?: string;
}

/** What `label apply` did. */
export interface LabelApplyResult {
  report: LabelReport;
  source: string;
  added: AddDatasetResult;
  rowsWritten: number;
  rowsDropped: number;
}

interface Prepared {
  loaded: LoadedLabelingFile;
  labels: string[];
  table: Table;
  source: string | undefined;
  datasetName: string | undefined;
  matrix: LabelMatrix;
  model: FittedLabels;
  report: LabelReport;
}

/** Apply the LFs and fit the model; report only. */
export async function analyzeLabels(deps: DatasetDeps, options: LabelRunOptions): Promise<LabelReport> {
  return withPrepared(deps, options, undefined, async (p) => p.report);
}

/** Apply the LFs, fit the model and record the labelled dataset version. */
export async function applyLabels(deps: DatasetDeps, options: LabelApplyOptions): Promise<LabelApplyResult> {
  return withPrepared(deps, options, options, async (p) => {
    if (p.source === undefined || p.datasetName === undefined)
      throw new FlywheelError('INVALID_ARGUMENT', `${options.data} is not a dataset version`, {
        hint: 'Add the file first (flywheel data add FILE), then label NAME:VERSION, so the labelled version can name its source.',
      });
    const columns = outputColumns(options);
    const { table, dropped } = labelledTable(
      p.table,
      p.model,
      p.labels,
      columns,
      options.keepUnlabeled ?? false,
      voteCounts(p.matrix),
    );
    const name = parseDatasetName(options.name ?? `${p.datasetName}-labeled`);
    const dir = await mkdtemp(join(tmpdir(), 'flywheel-label-'));
    try {
      const path = join(dir, 'labeled.parquet');
      await writeTable(table, path);
      const added = await addDataset(deps, path, {
        name,
        source: p.source,
        author: options.author,
        message: `labels of ${p.source} by ${basename(p.loaded.file)} (sha256:${p.loaded.hash}), model ${p.model.kind}, ${p.matrix.lfs} LFs${options.keepUnlabeled ? ', unlabelled rows kept' : `, ${dropped} unlabelled rows dropped`}`,
      });
      return { report: p.report, source: p.source, added, rowsWritten: table.rowCount, rowsDropped: dropped };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}

async function withPrepared<T>(
  deps: DatasetDeps,
  options: LabelRunOptions,
  output: LabelApplyOptions | undefined,
  fn: (p: Prepared) => Promise<T>,
): Promise<T> {
  const cwd = options.cwd ?? process.cwd();
  const loaded = await loadLabelingFile(options.lfs, cwd);
  try {
    const labels = labelSet(loaded, options);
    const kind = options.model ?? 'label-model';
    if (kind !== 'majority' && loaded.lfs.length < LABEL_MODEL_MIN_LFS)
      throw new FlywheelError(
        'INVALID_ARGUMENT',
        `The ${kind} model needs at least ${LABEL_MODEL_MIN_LFS} labeling functions; ${loaded.file} has ${loaded.lfs.length}`,
        { hint: 'Write more LFs, or use --model majority.' },
      );
    const resolved = await resolveData(deps, options.data, cwd);
    const full = await readResolved(resolved);
    if (output !== undefined) outputColumns(output, full.names);
    const goldColumn = options.gold;
    const gold =
      goldColumn !== undefined && full.names.includes(goldColumn)
        ? goldLabels(full, goldColumn, labels)
        : undefined;
    const source = resolved.dataset ? `${resolved.dataset.name}:${resolved.dataset.version}` : undefined;
    const applyOptions = { cardinality: labels.length, threads: options.threads, lfErrors: options.lfErrors };
    const applied = await applyLabelingFunctions(withoutColumn(full, goldColumn), loaded, applyOptions);
    const dev =
      options.dev === undefined ? undefined : await devSet(deps, options, cwd, loaded, labels, applyOptions);
    const classBalance =
      options.classBalance ?? (dev ? classBalanceFromGold(dev.gold, labels.length) : undefined);
    const decide = { ties: options.ties, seed: options.seed, classBalance };
    const majority = runLabelModel('majority', applied.matrix, decide);
    const model = kind === 'majority' ? majority : runLabelModel(kind, applied.matrix, decide);
    const report = buildReport({
      lfFile: loaded.file,
      lfHash: loaded.hash,
      data: source ?? options.data,
      names: loaded.lfs.map((lf) => lf.name),
      labels,
      matrix: applied.matrix,
      errors: applied.errors,
      threads: applied.threads,
      applyMs: applied.elapsedMs,
      gold,
      majority,
      model,
      dev,
    });
    return await fn({
      loaded,
      labels,
      table: full,
      source,
      datasetName: resolved.dataset?.name,
      matrix: applied.matrix,
      model,
      report,
    });
  } finally {
    await loaded.dispose();
  }
}

function labelSet(loaded: LoadedLabelingFile, options: LabelRunOptions): string[] {
  const labels = options.labels ?? loaded.labels;
  if (labels === undefined)
    throw new FlywheelError('INVALID_ARGUMENT', `${loaded.file} names no classes`, {
      where: { file: loaded.file },
      hint: "Export them from the LF file (export const labels = ['ham', 'spam']) or pass --labels ham,spam.",
    });
  if (
    options.labels !== undefined &&
    loaded.labels !== undefined &&
    options.labels.join('\n') !== loaded.labels.join('\n')
  )
    throw new FlywheelError(
      'INVALID_ARGUMENT',
      `--labels ${options.labels.join(',')} differs from the labels ${loaded.file} exports`,
      {
        hint: 'Leave --labels out to use the file’s labels.',
      },
    );
  if (labels.length < 2 || new Set(labels).size !== labels.length)
    throw new FlywheelError('INVALID_ARGUMENT', 'The label set needs at least two distinct class names', {
      hint: 'For example --labels ham,spam.',
    });
  return labels;
}

async function devSet(
  deps: DatasetDeps,
  options: LabelRunOptions,
  cwd: string,
  loaded: LoadedLabelingFile,
  labels: string[],
  applyOptions: { cardinality: number; threads?: number; lfErrors?: LfErrorPolicy },
): Promise<{ data: string; matrix: LabelMatrix; gold: Int32Array }> {
  const resolved = await resolveData(deps, options.dev!, cwd);
  const table = await readResolved(resolved);
  const column = options.gold ?? 'label';
  if (!table.names.includes(column))
    throw new FlywheelError('INVALID_ARGUMENT', `The dev set ${options.dev} has no gold column "${column}"`, {
      hint: 'Name its gold column with --gold COLUMN.',
    });
  const gold = goldLabels(table, column, labels);
  const applied = await applyLabelingFunctions(withoutColumn(table, column), loaded, applyOptions);
  const data = resolved.dataset ? `${resolved.dataset.name}:${resolved.dataset.version}` : options.dev!;
  return { data, matrix: applied.matrix, gold };
}

/** The table without the gold column: LFs must not see the answer. */
function withoutColumn(table: Table, column: string | undefined): Table {
  const at = column === undefined ? -1 : table.names.indexOf(column);
  if (at < 0) return table;
  return {
    names: table.names.filter((_, i) => i !== at),
    columns: table.columns.filter((_, i) => i !== at),
    rowCount: table.rowCount,
  };
}

/** `flywheel label analyze` and `flywheel label apply`, bound to a workspace's dataset stores. */
export interface LabelingOperations {
  analyze(options: LabelRunOptions): Promise<LabelReport>;
  apply(options: LabelApplyOptions): Promise<LabelApplyResult>;
}

/** The labeling operations over `deps`. */
export function createLabeling(deps: DatasetDeps): LabelingOperations {
  return {
    analyze: (options) => analyzeLabels(deps, options),
    apply: (options) => applyLabels(deps, options),
  };
}
