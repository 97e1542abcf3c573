/**
 * The validation module: expectation suites (YAML), checked on whole batches and on single rows
 * with the same definitions; suites drafted from a profile; quarantine of bad rows; stored results.
 */
export type {
  BatchValidation,
  ValidateTableOptions,
} from './batch/index.js';
export {
  type CategoryReference,
  categoryDistance,
  type DistanceMetric,
  type HistogramReference,
  numericDistance,
} from './batch/index.js';
export { type CompiledSuite, compileSuite, validateRow, validateTable } from './compile.js';
export { compileDateFormat, type DateMatcher } from './date-format.js';
export {
  EXPECTATION_NAMES,
  EXPECTATION_SCHEMAS,
  type Expectation,
  type ExpectationName,
  type ExpectationOf,
  type ExpectationScope,
  expectationScope,
} from './expectation-schema.js';
export { type InferOptions, inferSuite } from './infer.js';
export { FAILED_COLUMN, type SplitRows, splitRows } from './quarantine.js';
export { observedText, type ReportHtmlOptions, renderReportHtml } from './report-html.js';
export type {
  ExpectationResult,
  JsonCell,
  ObservedValue,
  RowFailure,
  RowVerdict,
  ValidationReport,
} from './result.js';
export type { RowInput } from './row.js';
export {
  type CheckOptions,
  type CheckResult,
  checkData,
  createValidation,
  type InferFromOptions,
  inferSuiteFrom,
  latestResults,
  type ValidationOperations,
} from './service.js';
export {
  checkSuite,
  expectationIds,
  loadSuite,
  parseSuite,
  type Suite,
  stringifySuite,
  suiteDigest,
} from './suite.js';
