/**
 * Helpers for the edge tests: a table's rows as the row objects a bundle takes (null for a missing
 * value), Flywheel's own answers for a table (`model.predict` and the decision rule, what
 * `flywheel predict` prints), and the bundle's answers compared against them.
 */
import { getColumn, type Table } from '../data/index.js';
import {
  ACCEPT_ACTION,
  confidenceAction,
  decidedLabels,
  type Model,
  modelDecision,
} from '../models/index.js';

/** Rows 0..n of the table's named columns as objects. */
export function tableRows(
  table: Table,
  names: readonly string[],
  n = table.rowCount,
): Record<string, unknown>[] {
  const columns = names.map((name) => [name, getColumn(table, name)] as const);
  return Array.from({ length: Math.min(n, table.rowCount) }, (_, r) => {
    const row: Record<string, unknown> = {};
    for (const [name, c] of columns) {
      if (c.kind === 'dictionary') row[name] = c.codes[r]! < 0 ? null : c.dictionary[c.codes[r]!];
      else if (c.nulls?.[r] === 1) row[name] = null;
      else row[name] = c.kind === 'bool' ? c.values[r] === 1 : c.values[r];
    }
    return row;
  });
}

/** Flywheel's answer per row: values (P(classes[1]) for binary, all classes for multiclass), label, action. */
export interface Expected {
  values: number[];
  label: unknown;
  action: string;
}

/** What Flywheel predicts for the table's first n rows. */
export function flywheelAnswers(model: Model, table: Table): Expected[] {
  const p = model.predict(table);
  const labels = decidedLabels(model, p.values, p.rowCount);
  const { policy } = modelDecision(model);
  return labels.map((label, r) => {
    const values = Array.from(p.values.subarray(r * p.width, (r + 1) * p.width));
    const top = p.width === 1 ? Math.max(values[0]!, 1 - values[0]!) : Math.max(...values);
    const action = p.task === 'regression' ? ACCEPT_ACTION : confidenceAction(policy, top);
    return { values, label, action };
  });
}

/** A bundle prediction in the same shape (binary: P(classes[1]) only). */
export function edgeAnswer(
  task: string,
  got: { value?: number; probabilities?: number[]; label: unknown; action: string },
): Expected {
  const values =
    task === 'regression' ? [got.value!] : task === 'binary' ? [got.probabilities![1]!] : got.probabilities!;
  return { values, label: got.label, action: got.action };
}
