/**
 * The labeling report both `label analyze` and `label apply` return: Snorkel's LF statistics, each
 * LF's learned accuracy and error count, and the chosen model beside majority vote (always), with
 * accuracies wherever gold labels exist (on the data, or on a dev set).
 */
import { analyzeLabelMatrix, type LfAnalysis, type LfStats } from './analysis.js';
import type { LabelMatrix } from './matrix.js';
import type { FittedLabels, LabelModelKind, ProbabilisticLabels } from './model/index.js';

/** One LF's row of the report. */
export interface LfReportRow extends LfStats {
  /** Learned P(LF = Y | LF votes) (label model, Dawid–Skene). */
  learnedAccuracy?: number;
  /** Rows the LF threw on (counted as ABSTAIN with --lf-errors abstain). */
  errors: number;
}

/** How one model labelled the data. */
export interface ModelSummary {
  kind: LabelModelKind;
  /** Rows given a label (not tied, not without votes). */
  labelled: number;
  /** Their share of all rows. */
  coverage: number;
  /** Accuracy on the labelled rows with a gold label (when there is gold). */
  accuracy?: number;
  /** Accuracy on the dev set's labelled rows (with --dev). */
  devAccuracy?: number;
}

/** The report of a labeling run. */
export interface LabelReport {
  lfFile: string;
  lfHash: string;
  data: string;
  rows: number;
  labels: string[];
  threads: number;
  applyMs: number;
  analysis: Omit<LfAnalysis, 'lfs'> & { lfs: LfReportRow[] };
  majority: ModelSummary;
  /** The learned model (the same as `majority` when majority vote was chosen). */
  model: ModelSummary;
  /** Share of rows both label on which they agree. */
  agreement: number;
  classBalance: number[] | undefined;
  /** The dev set's LF statistics against its gold labels (with --dev). */
  dev?: { data: string; rows: number; analysis: LfAnalysis };
}

/** What `buildReport` needs. */
export interface ReportInput {
  lfFile: string;
  lfHash: string;
  data: string;
  names: readonly string[];
  labels: string[];
  matrix: LabelMatrix;
  errors: readonly number[];
  threads: number;
  applyMs: number;
  gold: Int32Array | undefined;
  majority: FittedLabels;
  model: FittedLabels;
  dev?: { data: string; matrix: LabelMatrix; gold: Int32Array };
}

/** Put the pieces of a run into one report. */
export function buildReport(input: ReportInput): LabelReport {
  const analysis = analyzeLabelMatrix(input.matrix, input.names, input.gold);
  const lfs = analysis.lfs.map((s, j): LfReportRow => {
    const row: LfReportRow = { ...s, errors: input.errors[j] ?? 0 };
    if (input.model.accuracies !== undefined) row.learnedAccuracy = input.model.accuracies[j]!;
    return row;
  });
  const summary = (
    kind: LabelModelKind,
    labels: ProbabilisticLabels,
    predictDev: () => ProbabilisticLabels,
  ) => {
    const s: ModelSummary = {
      kind,
      labelled: countLabelled(labels.labels),
      coverage: input.matrix.rows === 0 ? 0 : countLabelled(labels.labels) / input.matrix.rows,
    };
    if (input.gold !== undefined) s.accuracy = accuracy(labels.labels, input.gold);
    if (input.dev !== undefined) s.devAccuracy = accuracy(predictDev().labels, input.dev.gold);
    return s;
  };
  const dev = input.dev;
  const report: LabelReport = {
    lfFile: input.lfFile,
    lfHash: input.lfHash,
    data: input.data,
    rows: input.matrix.rows,
    labels: input.labels,
    threads: input.threads,
    applyMs: input.applyMs,
    analysis: { ...analysis, lfs },
    majority: summary('majority', input.majority, () => input.majority.predict(dev!.matrix)),
    model: summary(input.model.kind, input.model, () => input.model.predict(dev!.matrix)),
    agreement: agreement(input.majority.labels, input.model.labels),
    classBalance: input.model.classBalance,
  };
  if (dev !== undefined)
    report.dev = {
      data: dev.data,
      rows: dev.matrix.rows,
      analysis: analyzeLabelMatrix(dev.matrix, input.names, dev.gold),
    };
  return report;
}

function countLabelled(labels: Int32Array): number {
  let n = 0;
  for (const y of labels) if (y >= 0) n++;
  return n;
}

/** Accuracy over rows that have both a label and a gold label. */
function accuracy(labels: Int32Array, gold: Int32Array): number {
  let right = 0;
  let total = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i]! < 0 || gold[i]! < 0) continue;
    total++;
    if (labels[i] === gold[i]) right++;
  }
  return total === 0 ? 0 : right / total;
}

function agreement(a: Int32Array, b: Int32Array): number {
  let same = 0;
  let both = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i]! < 0 || b[i]! < 0) continue;
    both++;
    if (a[i] === b[i]) same++;
  }
  return both === 0 ? 0 : same / both;
}
