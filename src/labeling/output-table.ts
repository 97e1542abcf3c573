/**
 * The labelled table `label apply` records: the source's columns plus the label (a class name), its
 * probability under the model, and the number of LF votes. Rows without a label (no votes, or a tie
 * left unlabelled) are dropped, or kept with null label and probability.
 */
import { FlywheelError } from '../core/index.js';
import { type Column, createTable, type Table, takeRows } from '../data/index.js';
import type { ProbabilisticLabels } from './model/index.js';

/** Names of the added columns. */
export interface OutputColumns {
  labelColumn: string;
  probabilityColumn: string;
  votesColumn: string;
}

/** The added columns' names (defaults: label, label_probability, label_votes), checked against `existing`. */
export function outputColumns(
  options: Partial<OutputColumns>,
  existing: readonly string[] = [],
): OutputColumns {
  const out = {
    labelColumn: options.labelColumn ?? 'label',
    probabilityColumn: options.probabilityColumn ?? 'label_probability',
    votesColumn: options.votesColumn ?? 'label_votes',
  };
  for (const name of Object.values(out)) {
    if (existing.includes(name))
      throw new FlywheelError('INVALID_ARGUMENT', `The data already has a column "${name}"`, {
        hint: 'Pick other names for the added columns: --label-column, --probability-column, --votes-column.',
      });
  }
  if (new Set(Object.values(out)).size !== 3)
    throw new FlywheelError(
      'INVALID_ARGUMENT',
      'The label, probability and votes columns need different names',
    );
  return out;
}

/** The source table with the three label columns; unlabelled rows dropped unless `keep`. */
export function labelledTable(
  table: Table,
  fitted: ProbabilisticLabels & { readonly labels: Int32Array },
  labels: readonly string[],
  columns: OutputColumns,
  keep: boolean,
  votes: Int32Array,
): { table: Table; dropped: number } {
  const n = table.rowCount;
  const k = fitted.cardinality;
  const probability = new Float64Array(n);
  const nulls = new Uint8Array(n);
  let anyNull = false;
  for (let i = 0; i < n; i++) {
    const y = fitted.labels[i]!;
    if (y < 0) {
      probability[i] = Number.NaN;
      nulls[i] = 1;
      anyNull = true;
    } else probability[i] = fitted.probs[i * k + y]!;
  }
  const voteValues = new Float64Array(n);
  for (let i = 0; i < n; i++) voteValues[i] = votes[i]!;
  const added: Column[] = [
    { kind: 'dictionary', codes: Int32Array.from(fitted.labels), dictionary: [...labels] },
    { kind: 'float64', values: probability, nulls: anyNull ? nulls : null },
    { kind: 'float64', values: voteValues, nulls: null },
  ];
  const all = createTable(
    [...table.names, columns.labelColumn, columns.probabilityColumn, columns.votesColumn],
    [...table.columns, ...added],
    n,
  );
  if (keep) return { table: all, dropped: 0 };
  const rows: number[] = [];
  for (let i = 0; i < n; i++) if (fitted.labels[i]! >= 0) rows.push(i);
  return { table: takeRows(all, rows), dropped: n - rows.length };
}
