/**
 * The label matrix: one row per data row, one column per labeling function, most cells ABSTAIN.
 * Stored sparse in compressed-row form (CSR) in typed arrays, no object per vote: row i's votes are
 * entries `indptr[i] .. indptr[i+1]` of `lf` (which LF voted, ascending) and `label` (its class).
 */
import { FlywheelError } from '../core/index.js';

/** A sparse label matrix (CSR). */
export interface LabelMatrix {
  readonly rows: number;
  /** Number of labeling functions (columns). */
  readonly lfs: number;
  /** Number of classes; votes are 0 .. cardinality-1. */
  readonly cardinality: number;
  /** rows + 1 offsets into `lf` and `label`. */
  readonly indptr: Int32Array;
  readonly lf: Uint16Array;
  readonly label: Uint16Array;
}

/** A label matrix from a dense one (rows of LF votes, -1 = abstain): for tests and small inputs. */
export function labelMatrixFromDense(
  dense: readonly (readonly number[])[],
  cardinality: number,
): LabelMatrix {
  const m = dense[0]?.length ?? 0;
  const indptr = new Int32Array(dense.length + 1);
  const lf: number[] = [];
  const label: number[] = [];
  dense.forEach((row, i) => {
    if (row.length !== m)
      throw new FlywheelError(
        'INVALID_ARGUMENT',
        `Row ${i} of the label matrix has ${row.length} votes, not ${m}`,
      );
    row.forEach((v, j) => {
      if (v === -1) return;
      if (!Number.isInteger(v) || v < 0 || v >= cardinality)
        throw new FlywheelError(
          'INVALID_ARGUMENT',
          `Vote ${v} at row ${i}, LF ${j} is outside 0..${cardinality - 1}`,
        );
      lf.push(j);
      label.push(v);
    });
    indptr[i + 1] = lf.length;
  });
  return {
    rows: dense.length,
    lfs: m,
    cardinality,
    indptr,
    lf: Uint16Array.from(lf),
    label: Uint16Array.from(label),
  };
}

/** The dense form (-1 = abstain), row by row. */
export function labelMatrixToDense(matrix: LabelMatrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < matrix.rows; i++) {
    const row = new Array<number>(matrix.lfs).fill(-1);
    for (let e = matrix.indptr[i]!; e < matrix.indptr[i + 1]!; e++) row[matrix.lf[e]!] = matrix.label[e]!;
    out.push(row);
  }
  return out;
}

/** Number of non-abstain votes of each row. */
export function voteCounts(matrix: LabelMatrix): Int32Array {
  const out = new Int32Array(matrix.rows);
  for (let i = 0; i < matrix.rows; i++) out[i] = matrix.indptr[i + 1]! - matrix.indptr[i]!;
  return out;
}
