/**
 * Whole-table validation: a compiled suite's expectations run over a table's columns at once
 * (row, column, aggregate and table expectations), and the category and histogram distances.
 */
export { type BatchValidation, compileBatchCheck, runBatch, type ValidateTableOptions } from './batch.js';
export { pairComparison, pairText, sumTolerance } from './batch-rows.js';
export {
  type CategoryReference,
  categoryDistance,
  type DistanceMetric,
  type HistogramReference,
  numericDistance,
} from './distance.js';
