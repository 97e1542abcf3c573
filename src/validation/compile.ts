/** A suite compiled once, for batches and for single rows alike. */
import type { Table } from '../data/index.js';
import {
  type BatchValidation,
  compileBatchCheck,
  runBatch,
  type ValidateTableOptions,
} from './batch/index.js';
import { expectationColumns } from './expectation-schema.js';
import type { RowVerdict } from './result.js';
import { compileRowValidator, type RowInput } from './row.js';
import { expectationIds, type Suite, suiteDigest } from './suite.js';

/** A compiled suite. */
export interface CompiledSuite {
  readonly suite: Suite;
  readonly digest: string;
  /** The id each expectation reports under, in suite order. */
  readonly ids: readonly string[];
  /** Every column the suite's expectations read. */
  readonly columns: readonly string[];
  /** Validate a whole batch. */
  validateTable(table: Table, options?: ValidateTableOptions): BatchValidation;
  /** Validate one row (batch-only expectations are skipped and listed). */
  validateRow(row: RowInput): RowVerdict;
}

/** Compile a parsed suite (regexes, sets, formats and bounds are prepared here, once). */
export function compileSuite(suite: Suite): CompiledSuite {
  const ids = expectationIds(suite);
  const digest = suiteDigest(suite);
  const checks = suite.expectations.map((e, i) => compileBatchCheck(e, ids[i]!));
  const validateRow = compileRowValidator(suite.expectations, ids);
  const columns = [...new Set(suite.expectations.flatMap(expectationColumns))];
  const header = { name: suite.name, digest };
  return {
    suite,
    digest,
    ids,
    columns,
    validateTable: (table, options) => runBatch(checks, header, table, options),
    validateRow,
  };
}

/** Validate one row with a compiled suite: pass or fail with reasons. */
export function validateRow(suite: CompiledSuite, row: RowInput): RowVerdict {
  return suite.validateRow(row);
}

/** Validate a table with a compiled suite. */
export function validateTable(
  suite: CompiledSuite,
  table: Table,
  options?: ValidateTableOptions,
): BatchValidation {
  return suite.validateTable(table, options);
}
