/**
 * Drift between two tables: a reference is prepared once (`prepareReference`: each column
 * summarised, the multivariate model fitted) and any number of current tables or windows are
 * compared with it (`compareWithReference`). Per column the statistic, the p-value or distance,
 * the threshold and the verdict; the optional multiple-testing correction over the columns'
 * p-values; dataset drift as the share of drifted feature columns; the target (label drift) and
 * prediction (prediction drift) columns reported apart from the features.
 */
import { FlywheelError } from '../../core/index.js';
import { getColumn, type Table } from '../../data/index.js';
import {
  adjustPValues,
  type Correction,
  fitReconstruction,
  type MultivariateDrift,
  multivariateDrift,
  type ReconstructionModel,
} from '../stats/index.js';
import { type ColumnDrift, columnStatistics, isDrift, methodScore } from './column-drift.js';
import { type PreparedColumn, prepareCurrentColumn, prepareReferenceColumn } from './drift-columns.js';
import { columnHistogram } from './drift-histogram.js';
import {
  type DriftOptions,
  type DriftOptionsInput,
  METHODS,
  parseDriftOptions,
  resolveMethod,
} from './drift-options.js';

/** A reference table prepared for comparisons. */
export interface PreparedReference {
  readonly options: DriftOptions;
  readonly rowCount: number;
  readonly columns: ReadonlyMap<string, PreparedColumn>;
  readonly roles: ReadonlyMap<string, ColumnDrift['role']>;
  readonly model: ReconstructionModel | undefined;
}

/** The drift report of one comparison. */
export interface DriftReport {
  reference: { rows: number };
  current: { rows: number };
  correction: Correction;
  /** Every compared column: features first, then the target and the prediction. */
  columns: ColumnDrift[];
  /** Columns that could not be compared, and why. */
  skipped: Array<{ column: string; reason: string }>;
  /** Dataset drift over the feature columns. */
  dataset: { columns: number; drifted: number; share: number; threshold: number; drift: boolean };
  /** Label drift and prediction drift, when those columns were named. */
  target?: ColumnDrift;
  prediction?: ColumnDrift;
  multivariate?: MultivariateDrift;
}

/** The columns to compare and each one's role. */
function selectColumns(reference: Table, options: DriftOptions): Map<string, ColumnDrift['role']> {
  const roles = new Map<string, ColumnDrift['role']>();
  const wanted =
    options.columns ?? reference.names.filter((n) => n !== options.target && n !== options.prediction);
  for (const name of wanted) roles.set(name, 'feature');
  if (options.target) roles.set(options.target, 'target');
  if (options.prediction) roles.set(options.prediction, 'prediction');
  for (const name of roles.keys()) getColumn(reference, name); // throws SCHEMA_MISMATCH with the closest name
  return roles;
}

/** Prepare a reference table (summaries per column, and the multivariate model if asked for). */
export function prepareReference(
  reference: Table,
  input: DriftOptionsInput | DriftOptions = {},
): PreparedReference {
  const options = parseDriftOptions(input);
  const roles = selectColumns(reference, options);
  const columns = new Map<string, PreparedColumn>();
  for (const name of roles.keys()) {
    columns.set(
      name,
      prepareReferenceColumn(reference.columns[reference.names.indexOf(name)]!, options.maxCategoricalValues),
    );
  }
  const numericFeatures = [...roles]
    .filter(([n, r]) => r === 'feature' && columns.get(n)!.kind === 'numeric')
    .map(([n]) => n);
  const model = options.multivariate ? fitReconstruction(reference, numericFeatures) : undefined;
  return { options, rowCount: reference.rowCount, columns, roles, model };
}

/** Compare a current table (or window) with a prepared reference. */
export function compareWithReference(prepared: PreparedReference, current: Table): DriftReport {
  const { options } = prepared;
  const skipped: DriftReport['skipped'] = [];
  const results: ColumnDrift[] = [];
  for (const [name, ref] of prepared.columns) {
    const outcome = compareColumn(prepared, name, ref, current);
    if (typeof outcome === 'string') skipped.push({ column: name, reason: outcome });
    else results.push(outcome);
  }
  applyCorrection(results, options.correction);
  const report = summarise(prepared, current, results, skipped);
  if (prepared.model) report.multivariate = multivariateDrift(prepared.model, current);
  else if (options.multivariate)
    skipped.push({
      column: '(multivariate)',
      reason: 'fewer than two varying numeric feature columns, or too few rows',
    });
  return report;
}

/** Compare two tables (prepare the reference, then compare). */
export function driftTables(reference: Table, current: Table, options: DriftOptionsInput = {}): DriftReport {
  return compareWithReference(prepareReference(reference, options), current);
}

function compareColumn(
  prepared: PreparedReference,
  name: string,
  ref: PreparedColumn,
  current: Table,
): ColumnDrift | string {
  const index = current.names.indexOf(name);
  if (index < 0) {
    if (prepared.options.columns?.includes(name) || prepared.roles.get(name) !== 'feature')
      getColumn(current, name);
    return 'not in the current data';
  }
  const cur = prepareCurrentColumn(current.columns[index]!, ref);
  if (cur === undefined) return 'numeric in the reference, text in the current data';
  const refCount = ref.kind === 'numeric' ? ref.summary.n : ref.n;
  const curCount = cur.kind === 'numeric' ? cur.summary.n : cur.n;
  if (refCount === 0 || curCount === 0)
    return `no values in the ${refCount === 0 ? 'reference' : 'current'} data`;
  const stats = columnStatistics(ref, cur, prepared.options.bins);
  const categories =
    ref.kind === 'categorical'
      ? new Set([...ref.counts.keys(), ...(cur.kind === 'categorical' ? cur.counts.keys() : [])]).size
      : 0;
  const resolved = resolveMethod(prepared.options, name, {
    kind: ref.kind,
    referenceCount: refCount,
    categories,
  });
  const { statistic, pValue } = methodScore(resolved.method, stats);
  const result: ColumnDrift = {
    column: name,
    role: prepared.roles.get(name)!,
    kind: ref.kind,
    method: resolved.method,
    methodSource: resolved.source,
    statistic,
    pValue,
    score: pValue ?? statistic,
    threshold: resolved.threshold,
    drift: false,
    reference: { count: refCount, missing: ref.kind === 'numeric' ? ref.summary.missing : ref.missing },
    current: { count: curCount, missing: cur.kind === 'numeric' ? cur.summary.missing : cur.missing },
    statistics: stats,
  };
  if (prepared.options.histograms) result.histogram = columnHistogram(ref, cur);
  return result;
}

/** Adjust the p-values of the test columns together, then give every column its verdict. */
function applyCorrection(results: ColumnDrift[], correction: Correction): void {
  const tests = results.filter((r) => r.pValue !== null);
  const adjusted = adjustPValues(
    tests.map((r) => r.pValue!),
    correction,
  );
  tests.forEach((r, i) => {
    r.score = adjusted[i]!;
  });
  for (const r of results) r.drift = isDrift(r.method, r.score, r.threshold);
}

function summarise(
  prepared: PreparedReference,
  current: Table,
  results: ColumnDrift[],
  skipped: DriftReport['skipped'],
): DriftReport {
  const features = results.filter((r) => r.role === 'feature');
  const drifted = features.filter((r) => r.drift).length;
  const share = features.length > 0 ? drifted / features.length : 0;
  const threshold = prepared.options.datasetThreshold;
  const report: DriftReport = {
    reference: { rows: prepared.rowCount },
    current: { rows: current.rowCount },
    correction: prepared.options.correction,
    columns: [...features, ...results.filter((r) => r.role !== 'feature')],
    skipped,
    dataset: {
      columns: features.length,
      drifted,
      share,
      threshold,
      drift: features.length > 0 && share >= threshold,
    },
  };
  const target = results.find((r) => r.role === 'target');
  const prediction = results.find((r) => r.role === 'prediction');
  if (target) report.target = target;
  if (prediction) report.prediction = prediction;
  return report;
}

/** Throw when a report is empty because nothing could be compared. */
export function requireComparable(report: DriftReport): DriftReport {
  if (report.columns.length === 0) {
    throw new FlywheelError(
      'SCHEMA_MISMATCH',
      'No column could be compared between the reference and the current data',
      {
        hint: `Check that both have the same column names; skipped: ${report.skipped.map((s) => `${s.column} (${s.reason})`).join(', ') || 'none'}.`,
      },
    );
  }
  return report;
}

/** A one-line description of a method, for reports. */
export function methodTitle(method: ColumnDrift['method']): string {
  return METHODS[method].title;
}
