/** The columns of a job's prediction and error outputs, from the model and the id column. */
import type { FileColumn } from '../data/index.js';
import { ACCEPT_ACTION, type Model, modelDecision } from '../models/index.js';
import { classLabels, predictionNames, sortedDistinct } from './score-chunk.js';
import type { OutputColumn, OutputShape } from './sink.js';

/** The output columns for a model and an id column (null: the input row number as `row`). */
export function outputShape(model: Model, modelVersion: string, id: FileColumn | null): OutputShape {
  const idColumn: OutputColumn =
    id === null ? { name: 'row', type: 'integer' } : { name: id.name, type: sqlType(id) };
  const names = predictionNames(model);
  // A classifier's `prediction` (its label) and `action` are text of values the model fixes;
  // values and probabilities are double.
  const labels = classLabels(model);
  const text: Record<string, readonly string[]> =
    labels === null
      ? {}
      : {
          prediction: sortedDistinct(labels.map(String)),
          action: sortedDistinct([ACCEPT_ACTION, modelDecision(model).policy?.action ?? ACCEPT_ACTION]),
        };
  const predictions: OutputColumn[] = [
    idColumn,
    ...names.map(
      (name): OutputColumn =>
        text[name] === undefined ? { name, type: 'double' } : { name, type: 'text', values: text[name] },
    ),
    { name: 'model_version', type: 'text' },
    { name: 'job_id', type: 'text' },
  ];
  const errors: OutputColumn[] = [
    { name: 'row', type: 'integer' },
    ...(id === null ? [] : [idColumn]),
    { name: 'reason', type: 'text' },
    { name: 'job_id', type: 'text' },
  ];
  return { modelVersion, predictions, errors };
}

function sqlType(column: FileColumn): OutputColumn['type'] {
  if (/INT/i.test(column.sourceType)) return 'integer';
  if (column.kind === 'dictionary') return 'text';
  if (column.kind === 'bool') return 'boolean';
  if (column.kind === 'timestamp') return 'timestamp';
  return 'double';
}
