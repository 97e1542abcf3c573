/**
 * The multivariate detector: PCA reconstruction error (as NannyML's data reconstruction drift).
 * The reference's numeric features are standardised, principal components are fitted on half of
 * its rows (even rows) and kept until they explain 65% of the variance; each row's error is the
 * Euclidean distance between it and its projection back from the components. Univariate tests
 * miss a change in how features move together (a correlation that flips sign); the error grows
 * when that happens. The other half of the reference (odd rows) gives the error to expect, and a
 * one-sided Welch z-test asks whether the current rows' mean error is larger.
 */
import { type Column, getColumn, numericValues, type Table } from '../../data/index.js';
import { symmetricEigen } from './eigen.js';
import { normalSf } from './special.js';

/** A fitted reconstruction model and the error it makes on held-out reference rows. */
export interface ReconstructionModel {
  columns: string[];
  mean: Float64Array;
  std: Float64Array;
  /** The centre of the standardised fit rows (about 0) and the kept components. */
  centre: Float64Array;
  components: Float64Array[];
  explained: number;
  reference: { rows: number; meanError: number; variance: number };
}

/** The multivariate verdict. */
export interface MultivariateDrift {
  method: 'pca-reconstruction';
  columns: string[];
  components: number;
  /** Share of the reference variance the components explain. */
  explained: number;
  referenceError: number;
  currentError: number;
  /** Welch's z for "current mean error > reference mean error", and its one-sided p-value. */
  statistic: number;
  pValue: number;
  threshold: number;
  drift: boolean;
}

const VARIANCE_SHARE = 0.65;
const MAX_FIT_ROWS = 100_000;

function standardisedRows(
  table: Table,
  model: Pick<ReconstructionModel, 'columns' | 'mean' | 'std'>,
  rows: number[],
) {
  const d = model.columns.length;
  const cols = model.columns.map((c) => numericValues(getColumn(table, c)));
  const nulls = model.columns.map((c) => nullMask(getColumn(table, c)));
  return (row: number, out: Float64Array) => {
    for (let j = 0; j < d; j++) {
      const v = cols[j]![rows[row]!]!;
      out[j] = nulls[j]?.[rows[row]!] === 1 || !Number.isFinite(v) ? 0 : (v - model.mean[j]!) / model.std[j]!;
    }
  };
}

function nullMask(column: Column): Uint8Array | null {
  return column.kind === 'dictionary' ? null : column.nulls;
}

/** Rows `first`, `first + 2`, … (at most `max` of them, evenly spread). */
function everyOther(rowCount: number, first: number, max: number): number[] {
  const all = Math.floor((rowCount - first + 1) / 2);
  const step = Math.max(1, Math.ceil(all / max));
  const out: number[] = [];
  for (let k = 0; k < all; k += step) out.push(first + 2 * k);
  return out;
}

/** Mean and population std of each column over `rows` (finite values only). */
function moments(table: Table, columns: string[], rows: number[]) {
  const mean = new Float64Array(columns.length);
  const std = new Float64Array(columns.length);
  columns.forEach((c, j) => {
    const values = numericValues(getColumn(table, c));
    let n = 0;
    let s = 0;
    for (const r of rows) {
      if (Number.isFinite(values[r]!)) {
        s += values[r]!;
        n++;
      }
    }
    mean[j] = s / n;
    let q = 0;
    for (const r of rows) if (Number.isFinite(values[r]!)) q += (values[r]! - mean[j]!) ** 2;
    std[j] = Math.sqrt(q / n);
  });
  return { mean, std };
}

/** Fit the model on the reference's numeric `columns`; undefined when fewer than two vary. */
export function fitReconstruction(reference: Table, candidates: string[]): ReconstructionModel | undefined {
  const fitRows = everyOther(reference.rowCount, 0, MAX_FIT_ROWS);
  const calRows = everyOther(reference.rowCount, 1, MAX_FIT_ROWS);
  if (fitRows.length < 3 || calRows.length < 2) return undefined;
  const all = moments(reference, candidates, fitRows);
  const keep = candidates.map((_, j) => j).filter((j) => all.std[j]! > 0 && Number.isFinite(all.std[j]!));
  if (keep.length < 2) return undefined;
  const columns = keep.map((j) => candidates[j]!);
  const base = {
    columns,
    mean: Float64Array.from(keep, (j) => all.mean[j]!),
    std: Float64Array.from(keep, (j) => all.std[j]!),
  };
  const { centre, components, explained } = principalComponents(reference, base, fitRows);
  const model: ReconstructionModel = {
    ...base,
    centre,
    components,
    explained,
    reference: { rows: 0, meanError: 0, variance: 0 },
  };
  const errors = reconstructionErrors(model, reference, calRows);
  const m = meanVariance(errors);
  model.reference = { rows: errors.length, meanError: m.mean, variance: m.variance };
  return model;
}

function principalComponents(
  table: Table,
  base: Pick<ReconstructionModel, 'columns' | 'mean' | 'std'>,
  rows: number[],
) {
  const d = base.columns.length;
  const read = standardisedRows(table, base, rows);
  const z = new Float64Array(d);
  const centre = new Float64Array(d);
  const data = new Float64Array(rows.length * d);
  for (let r = 0; r < rows.length; r++) {
    read(r, z);
    data.set(z, r * d);
    for (let j = 0; j < d; j++) centre[j]! += z[j]! / rows.length;
  }
  const cov = new Float64Array(d * d);
  for (let r = 0; r < rows.length; r++) {
    for (let i = 0; i < d; i++) {
      const zi = data[r * d + i]! - centre[i]!;
      for (let j = i; j < d; j++) cov[i * d + j]! += zi * (data[r * d + j]! - centre[j]!);
    }
  }
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) cov[i * d + j] = cov[j * d + i]!;
  const eig = symmetricEigen(cov, d);
  const total = eig.values.reduce((s, x) => s + Math.max(0, x), 0);
  let k = 0;
  let cumulative = 0;
  while (k < d - 1 && cumulative < VARIANCE_SHARE) cumulative += Math.max(0, eig.values[k++]!) / total;
  return { centre, components: eig.vectors.slice(0, k), explained: cumulative };
}

/** The reconstruction error of each of `rows` (default: all rows). */
export function reconstructionErrors(
  model: ReconstructionModel,
  table: Table,
  rows?: number[],
): Float64Array {
  const which = rows ?? Array.from({ length: table.rowCount }, (_, i) => i);
  const read = standardisedRows(table, model, which);
  const d = model.columns.length;
  const z = new Float64Array(d);
  const out = new Float64Array(which.length);
  for (let r = 0; r < which.length; r++) {
    read(r, z);
    for (let j = 0; j < d; j++) z[j]! -= model.centre[j]!;
    const residual = z.slice();
    for (const v of model.components) {
      let dot = 0;
      for (let j = 0; j < d; j++) dot += z[j]! * v[j]!;
      for (let j = 0; j < d; j++) residual[j]! -= dot * v[j]!;
    }
    let s = 0;
    for (let j = 0; j < d; j++) s += residual[j]! ** 2;
    out[r] = Math.sqrt(s);
  }
  return out;
}

function meanVariance(xs: Float64Array): { mean: number; variance: number } {
  let s = 0;
  for (const x of xs) s += x;
  const mean = s / xs.length;
  let q = 0;
  for (const x of xs) q += (x - mean) ** 2;
  return { mean, variance: xs.length > 1 ? q / (xs.length - 1) : 0 };
}

/** Compare the current rows' reconstruction error with the reference's. */
export function multivariateDrift(
  model: ReconstructionModel,
  current: Table,
  threshold = 0.05,
): MultivariateDrift {
  const cur = meanVariance(reconstructionErrors(model, current));
  const ref = model.reference;
  const se = Math.sqrt(ref.variance / ref.rows + cur.variance / Math.max(1, current.rowCount));
  const statistic = se > 0 ? (cur.mean - ref.meanError) / se : 0;
  const pValue = normalSf(statistic);
  return {
    method: 'pca-reconstruction',
    columns: model.columns,
    components: model.components.length,
    explained: model.explained,
    referenceError: ref.meanError,
    currentError: cur.mean,
    statistic,
    pValue,
    threshold,
    drift: pValue < threshold,
  };
}
