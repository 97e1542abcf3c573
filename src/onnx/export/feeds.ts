/**
 * The input tensors of an exported model for a table, as plain arrays (no ONNX Runtime import
 * here): a numeric feature's column as float64 [N,1] with NaN for a null, a categorical one as
 * strings [N,1] keyed as training keyed categories (numbers and booleans by their text, dates as
 * ISO text) with "" for a null. What callers of the exported graph must send, in code.
 */
import { FlywheelError } from '../../core/index.js';
import { cellValue, getColumn, numericValues, type Table } from '../../data/index.js';
import { categoryKey } from '../../models/index.js';
import type { OnnxValue } from './export.js';

/** One input tensor's data and shape. */
export type OnnxFeed =
  | { type: 'float64'; data: Float64Array; dims: [number, 1] }
  | { type: 'string'; data: string[]; dims: [number, 1] };

/** The feeds of `inputs` (an export's inputs) from the same-named columns of `table`. */
export function onnxFeeds(inputs: readonly OnnxValue[], table: Table): Record<string, OnnxFeed> {
  const n = table.rowCount;
  const feeds: Record<string, OnnxFeed> = {};
  for (const input of inputs) {
    const column = getColumn(table, input.name);
    if (input.type === 'double') {
      if (column.kind === 'dictionary')
        throw new FlywheelError(
          'SCHEMA_MISMATCH',
          `Input "${input.name}" is numeric but its column holds text`,
          {
            where: { field: input.name },
            hint: 'Send numbers (NaN or null for a missing value).',
          },
        );
      feeds[input.name] = { type: 'float64', data: Float64Array.from(numericValues(column)), dims: [n, 1] };
    } else {
      const data = new Array<string>(n);
      for (let r = 0; r < n; r++) {
        const v = cellValue(column, r);
        data[r] =
          v === null || (typeof v === 'number' && Number.isNaN(v))
            ? ''
            : v instanceof Date
              ? v.toISOString()
              : categoryKey(v);
      }
      feeds[input.name] = { type: 'string', data, dims: [n, 1] };
    }
  }
  return feeds;
}
