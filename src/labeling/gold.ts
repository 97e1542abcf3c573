/**
 * Gold labels from a column: class names (matched against the label set) or class indices; a null
 * cell is a row without gold (-1). A value outside the label set is an error naming it and its row,
 * because a typo in a gold column would otherwise silently lower every accuracy.
 */
import { FlywheelError } from '../core/index.js';
import { getColumn, type Table } from '../data/index.js';

/** The class index of each row's gold label (-1: none). */
export function goldLabels(table: Table, column: string, labels: readonly string[]): Int32Array {
  const col = getColumn(table, column);
  const out = new Int32Array(table.rowCount).fill(-1);
  const bad = (value: string, row: number) =>
    new FlywheelError(
      'DATA_INVALID',
      `Gold label "${value}" in column ${column}, row ${row}, is not in the label set`,
      {
        where: { field: column, row },
        hint: `The label set is ${labels.join(', ')} (class indices 0..${labels.length - 1} also work).`,
      },
    );
  if (col.kind === 'dictionary') {
    const index = col.dictionary.map((name) => labels.indexOf(name));
    for (let i = 0; i < out.length; i++) {
      const code = col.codes[i]!;
      if (code < 0) continue;
      if (index[code]! < 0) throw bad(col.dictionary[code]!, i);
      out[i] = index[code]!;
    }
    return out;
  }
  for (let i = 0; i < out.length; i++) {
    if (col.nulls?.[i] === 1) continue;
    const v = col.values[i]!;
    if (!Number.isInteger(v) || v < 0 || v >= labels.length) throw bad(String(v), i);
    out[i] = v;
  }
  return out;
}
