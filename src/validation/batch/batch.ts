/** Batch validation: a suite compiled once into checks over a table's typed arrays. */
import type { Table } from '../../data/index.js';
import { type Expectation, expectationColumns, expectationScope } from '../expectation-schema.js';
import type { ExpectationResult, ValidationReport } from '../result.js';
import { isValueExpectation, valueTest } from '../value-tests.js';
import {
  batchDistance,
  batchDistinct,
  batchNullShare,
  batchQuantiles,
  batchStat,
} from './batch-aggregates.js';
import { batchCompoundUnique, batchOrder, batchUnique, batchZScore } from './batch-columns.js';
import { BatchData } from './batch-data.js';
import type { ResultBase } from './batch-result.js';
import { batchPair, batchSum, batchValueTest, type RowPolicy } from './batch-rows.js';
import { batchTable } from './batch-table.js';

/** One compiled expectation over a batch. */
export type BatchCheck = (data: BatchData) => ExpectationResult;

/** Options for validating a table. */
export interface ValidateTableOptions {
  /** Every column of the source, in order, when `table` holds only some (default: the table's). */
  sourceColumns?: readonly string[];
  /** Keep every unexpected row index per expectation, for quarantine (default false: first 20). */
  keepRows?: boolean;
}

/** A batch verdict, with every unexpected row per expectation when asked for. */
export interface BatchValidation {
  report: ValidationReport;
  /** Expectation id → every unexpected row (only with `keepRows`; only per-row expectations). */
  unexpectedRows: Map<string, Int32Array>;
}

/** Compile one expectation for batches. */
export function compileBatchCheck(e: Expectation, id: string): BatchCheck {
  const base: ResultBase = {
    id,
    expect: e.expect,
    scope: expectationScope(e),
    columns: expectationColumns(e),
  };
  const policy: RowPolicy = {
    nullsFail: e.expect === 'not_null' || ('nulls' in e && e.nulls === 'fail'),
    mostly: 'mostly' in e ? e.mostly : undefined,
  };
  if (e.expect === 'z_score_below' && (e.mean === undefined || e.std === undefined)) {
    return (data) => batchZScore(base, data, e, policy);
  }
  if (isValueExpectation(e)) {
    const test = valueTest(e);
    return (data) => batchValueTest(base, data, test, policy);
  }
  switch (e.expect) {
    case 'column_exists':
    case 'columns_match_set':
    case 'columns_match_list':
    case 'column_count_between':
    case 'row_count_between':
      return (data) => batchTable(base, data, e);
    case 'pair_greater':
    case 'pair_equal':
      return (data) => batchPair(base, data, e, policy);
    case 'multicolumn_sum_equal':
      return (data) => batchSum(base, data, e, policy);
    case 'unique':
      return (data) => batchUnique(base, data, policy);
    case 'compound_unique':
      return (data) => batchCompoundUnique(base, data, policy);
    case 'increasing':
    case 'decreasing':
      return (data) => batchOrder(base, data, e, policy);
    case 'null_share_at_most':
      return (data) => batchNullShare(base, data, e);
    case 'quantiles_between':
      return (data) => batchQuantiles(base, data, e);
    case 'distribution_distance_below':
      return (data) => batchDistance(base, data, e);
    case 'min_between':
    case 'max_between':
    case 'mean_between':
    case 'median_between':
    case 'stdev_between':
    case 'sum_between':
      return (data) => batchStat(base, data, e);
    default:
      return (data) => batchDistinct(base, data, e);
  }
}

/** Run compiled checks over a table. */
export function runBatch(
  checks: readonly BatchCheck[],
  suite: { name: string; digest: string },
  table: Table,
  options: ValidateTableOptions = {},
): BatchValidation {
  const started = performance.now();
  const sourceColumns = options.sourceColumns ?? table.names;
  const data = new BatchData(table, sourceColumns, options.keepRows === true);
  const unexpectedRows = new Map<string, Int32Array>();
  const results = checks.map((check, i) => {
    data.begin(i);
    return check(data);
  });
  if (options.keepRows) collectRows(results, data, unexpectedRows);
  const failed = results.filter((r) => !r.success).length;
  const report: ValidationReport = {
    suite,
    success: failed === 0,
    rowCount: table.rowCount,
    columnCount: sourceColumns.length,
    evaluated: results.length,
    failed,
    results,
    elapsedMs: performance.now() - started,
  };
  return { report, unexpectedRows };
}

function collectRows(
  results: readonly ExpectationResult[],
  data: BatchData,
  out: Map<string, Int32Array>,
): void {
  for (const [i, rows] of data.allRows()) {
    const r = results[i]!;
    if (rows.length > 0) out.set(r.id, rows);
  }
}
