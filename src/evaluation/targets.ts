/** Reading the true target of an evaluation table in the model's terms (class index or number). */
import { FlywheelError } from '../core/index.js';
import { cellValue, getColumn, type Table } from '../data/index.js';
import type { OutputSpec } from '../models/index.js';

/** The target column as numbers: class indices into `output.classes`, or values for regression. */
export function encodeTarget(table: Table, output: OutputSpec): Float64Array {
  const column = getColumn(table, output.target);
  const y = new Float64Array(table.rowCount);
  const index = new Map((output.classes ?? []).map((c, i) => [String(c), i]));
  for (let r = 0; r < table.rowCount; r++) {
    const v = cellValue(column, r);
    if (v === null || (typeof v === 'number' && Number.isNaN(v))) throw missingTarget(output.target, r);
    if (output.task === 'regression') {
      const n = typeof v === 'number' ? v : Number(v);
      if (!Number.isFinite(n)) throw badTarget(output.target, r, String(v), 'a number');
      y[r] = n;
    } else {
      const i = index.get(
        typeof v === 'boolean' ? String(v) : String(v instanceof Date ? v.toISOString() : v),
      );
      if (i === undefined)
        throw badTarget(
          output.target,
          r,
          String(v),
          `one of the model's classes (${[...index.keys()].join(', ')})`,
        );
      y[r] = i;
    }
  }
  return y;
}

function missingTarget(target: string, row: number): FlywheelError {
  return new FlywheelError('DATA_INVALID', `target "${target}" is missing at row ${row}`, {
    where: { row, field: target },
    hint: 'Evaluate on rows that have a label (filter them first, or wait for delayed labels).',
  });
}

function badTarget(target: string, row: number, got: string, expected: string): FlywheelError {
  return new FlywheelError(
    'DATA_INVALID',
    `target "${target}" at row ${row} is "${got}", expected ${expected}`,
    {
      where: { row, field: target },
      hint: 'Check that the evaluation data has the same labels the model was trained on.',
    },
  );
}
