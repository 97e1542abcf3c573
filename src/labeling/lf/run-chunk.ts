/**
 * Applying the labeling functions to one chunk of rows, in whichever thread holds it: each row is
 * built once as a plain object, each preprocessor runs once per row and input (shared ones are
 * memoised), and the votes go straight into typed arrays. An LF that throws either stops the whole
 * run with an error naming the LF and the row, or (`abstain`) counts as ABSTAIN and is counted.
 */
import { FlywheelError } from '../../core/index.js';
import type { Column, Table } from '../../data/index.js';
import type { LabelingFunction, LabelRow, Preprocessor } from './labeling-function.js';

/** What to do when an LF throws: stop with an error, or count it as ABSTAIN. */
export type LfErrorPolicy = 'stop' | 'abstain';

/** The votes of one chunk: per-row counts, then the (lf, label) pairs in row order. */
export interface ChunkVotes {
  counts: Int32Array;
  lf: Uint16Array;
  label: Uint16Array;
  /** Per LF, how many rows it threw on (policy `abstain`). */
  errors: Float64Array;
}

/** Apply `lfs` to every row of `table`; `rowOffset` is the chunk's first row in the whole data. */
export function runChunk(
  table: Table,
  lfs: readonly LabelingFunction<object>[],
  cardinality: number,
  policy: LfErrorPolicy,
  rowOffset: number,
): ChunkVotes {
  const n = table.rowCount;
  const m = lfs.length;
  const counts = new Int32Array(n);
  const lf = new Uint16Array(n * m);
  const label = new Uint16Array(n * m);
  const errors = new Float64Array(m);
  const readers = table.columns.map(cellReader);
  const names = table.names;
  const memo = new Map<Preprocessor, { input: LabelRow; output: LabelRow }>();
  let nnz = 0;
  for (let i = 0; i < n; i++) {
    const row: Record<string, unknown> = {};
    for (let c = 0; c < names.length; c++) row[names[c]!] = readers[c]!(i);
    memo.clear();
    for (let j = 0; j < m; j++) {
      const f = lfs[j]!;
      let vote: number;
      try {
        let x: LabelRow = row;
        for (const p of f.pre) x = preprocess(memo, p, x);
        vote = f.fn(x, f.resources);
      } catch (error) {
        if (policy === 'abstain') {
          errors[j]!++;
          continue;
        }
        throw lfError(f.name, rowOffset + i, error);
      }
      if (vote === -1) continue;
      if (!Number.isInteger(vote) || vote < 0 || vote >= cardinality)
        throw badVote(f.name, rowOffset + i, vote, cardinality);
      lf[nnz] = j;
      label[nnz] = vote;
      nnz++;
      counts[i]!++;
    }
  }
  return { counts, lf: lf.slice(0, nnz), label: label.slice(0, nnz), errors };
}

function preprocess(
  memo: Map<Preprocessor, { input: LabelRow; output: LabelRow }>,
  p: Preprocessor,
  x: LabelRow,
): LabelRow {
  const hit = memo.get(p);
  if (hit !== undefined && hit.input === x) return hit.output;
  const output = p(x);
  memo.set(p, { input: x, output });
  return output;
}

/** A reader of one column's cells as plain values (timestamps as Date, nulls as null). */
function cellReader(column: Column): (i: number) => unknown {
  switch (column.kind) {
    case 'dictionary': {
      const { codes, dictionary } = column;
      return (i) => (codes[i]! < 0 ? null : dictionary[codes[i]!]);
    }
    case 'bool': {
      const { values, nulls } = column;
      return (i) => (nulls !== null && nulls[i] === 1 ? null : values[i] === 1);
    }
    case 'timestamp': {
      const { values, nulls } = column;
      return (i) => (nulls !== null && nulls[i] === 1 ? null : new Date(values[i]!));
    }
    default: {
      const { values, nulls } = column;
      return (i) => (nulls !== null && nulls[i] === 1 ? null : values[i]);
    }
  }
}

function lfError(name: string, row: number, error: unknown): FlywheelError {
  const message = error instanceof Error ? error.message : String(error);
  return new FlywheelError('DATA_INVALID', `Labeling function "${name}" threw on row ${row}: ${message}`, {
    where: { row },
    details: { lf: name, row },
    hint: 'Fix the function, or pass --lf-errors abstain to count a throw as ABSTAIN (counted per LF).',
  });
}

function badVote(name: string, row: number, vote: unknown, cardinality: number): FlywheelError {
  return new FlywheelError(
    'DATA_INVALID',
    `Labeling function "${name}" returned ${String(vote)} on row ${row}; votes are 0..${cardinality - 1} or ABSTAIN (-1)`,
    {
      where: { row },
      details: { lf: name, row, vote: String(vote) },
      hint: 'Return a class index from the label set (export const labels = [...] in the LF file) or ABSTAIN.',
    },
  );
}
