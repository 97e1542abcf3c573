/**
 * The expectations a suite may hold: one strict zod schema per expectation (unknown arguments are
 * errors, so a typo never passes silently), and what each one checks. `suite-parse.ts` turns the
 * zod issues into errors with the file, the line and a fix.
 *
 * Scopes decide where an expectation runs:
 * - `table`: the table's shape (columns, counts); checked per row against the row's keys, except
 *   row counts;
 * - `row`: one verdict per row, so it runs on batches and on single rows alike;
 * - `column`: a verdict per row that needs the whole column (duplicates, order): batches only;
 * - `aggregate`: one statistic of the column (mean, distinct values, distance): batches only.
 */
import { z } from 'zod';
import { compileDateFormat } from './date-format.js';

const column = z.string().min(1);
const columnList = z.array(column).min(1);
const common = {
  /** A name for the expectation in reports and the quarantine column (default: expect(column)). */
  id: z.string().min(1).max(200).optional(),
  /** Free text kept with the expectation (suite infer explains its margins here). */
  notes: z.string().optional(),
};
/** Per-row expectations: the share of checked values that must pass, and what a null counts as. */
const perRow = {
  ...common,
  mostly: z.number().min(0).max(1).optional(),
  nulls: z.enum(['skip', 'fail']).optional(),
};
const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'expected a number or an ISO date');
/** A bound: a number, or an ISO date for timestamp columns (compared as epoch milliseconds). */
const bound = z.union([z.number(), isoDate]).optional();
const range = { min: bound, max: bound, strict: z.boolean().optional() };
const scalar = z.union([z.string(), z.number(), z.boolean()]);
const valueSet = z.array(scalar).min(1);
const pattern = z.string().superRefine((source, ctx) => {
  try {
    new RegExp(source, 'u');
  } catch (error) {
    ctx.addIssue({
      code: 'custom',
      message: `does not compile: ${(error as Error).message}`,
    });
  }
});
const dateFormat = z.string().superRefine((format, ctx) => {
  try {
    compileDateFormat(format);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
  }
});
const histogramRef = z.strictObject({
  edges: z.array(z.number()).min(2),
  counts: z.array(z.number().min(0)),
});
const categoryRef = z.strictObject({ values: valueSet, counts: z.array(z.number().min(0)) });

const e = <N extends string, S extends z.ZodRawShape>(name: N, shape: S) =>
  z.strictObject({ expect: z.literal(name), ...shape });

/** Every expectation's schema, by name. */
export const EXPECTATION_SCHEMAS = {
  column_exists: e('column_exists', { ...common, column }),
  columns_match_set: e('columns_match_set', {
    ...common,
    columns: columnList,
    exact: z.boolean().optional(),
  }),
  columns_match_list: e('columns_match_list', { ...common, columns: columnList }),
  column_count_between: e('column_count_between', {
    ...common,
    min: z.number().optional(),
    max: z.number().optional(),
  }),
  row_count_between: e('row_count_between', {
    ...common,
    min: z.number().optional(),
    max: z.number().optional(),
  }),
  not_null: e('not_null', { ...common, mostly: perRow.mostly, column }),
  type: e('type', {
    ...perRow,
    column,
    type: z.enum(['numeric', 'integer', 'string', 'boolean', 'timestamp']),
  }),
  between: e('between', { ...perRow, column, ...range }),
  in_set: e('in_set', { ...perRow, column, values: valueSet }),
  not_in_set: e('not_in_set', { ...perRow, column, values: valueSet }),
  regex: e('regex', { ...perRow, column, pattern }),
  not_regex: e('not_regex', { ...perRow, column, pattern }),
  length_between: e('length_between', {
    ...perRow,
    column,
    min: z.number().int().min(0).optional(),
    max: z.number().int().min(0).optional(),
  }),
  json_parseable: e('json_parseable', { ...perRow, column }),
  date_parseable: e('date_parseable', { ...perRow, column, format: dateFormat.optional() }),
  z_score_below: e('z_score_below', {
    ...perRow,
    column,
    threshold: z.number().positive(),
    mean: z.number().optional(),
    std: z.number().positive().optional(),
  }),
  pair_greater: e('pair_greater', {
    ...perRow,
    column_a: column,
    column_b: column,
    or_equal: z.boolean().optional(),
  }),
  pair_equal: e('pair_equal', { ...perRow, column_a: column, column_b: column }),
  multicolumn_sum_equal: e('multicolumn_sum_equal', {
    ...perRow,
    columns: columnList,
    total: z.number(),
    tolerance: z.number().min(0).optional(),
  }),
  unique: e('unique', { ...perRow, column }),
  compound_unique: e('compound_unique', { ...perRow, columns: columnList }),
  increasing: e('increasing', { ...perRow, column, strict: z.boolean().optional() }),
  decreasing: e('decreasing', { ...perRow, column, strict: z.boolean().optional() }),
  null_share_at_most: e('null_share_at_most', { ...common, column, max: z.number().min(0).max(1) }),
  min_between: e('min_between', { ...common, column, ...range }),
  max_between: e('max_between', { ...common, column, ...range }),
  mean_between: e('mean_between', { ...common, column, ...range }),
  median_between: e('median_between', { ...common, column, ...range }),
  stdev_between: e('stdev_between', { ...common, column, ...range }),
  sum_between: e('sum_between', { ...common, column, ...range }),
  quantiles_between: e('quantiles_between', {
    ...common,
    column,
    quantiles: z.array(z.strictObject({ q: z.number().min(0).max(1), min: bound, max: bound })).min(1),
  }),
  distinct_in_set: e('distinct_in_set', { ...common, column, values: valueSet }),
  distinct_contain_set: e('distinct_contain_set', { ...common, column, values: valueSet }),
  distinct_equal_set: e('distinct_equal_set', { ...common, column, values: valueSet }),
  unique_count_between: e('unique_count_between', { ...common, column, ...range }),
  unique_proportion_between: e('unique_proportion_between', { ...common, column, ...range }),
  most_common_in_set: e('most_common_in_set', { ...common, column, values: valueSet }),
  distribution_distance_below: e('distribution_distance_below', {
    ...common,
    column,
    metric: z.enum(['ks', 'psi']),
    threshold: z.number().positive(),
    reference: z.union([histogramRef, categoryRef]),
  }),
} as const;

/** The name of an expectation. */
export type ExpectationName = keyof typeof EXPECTATION_SCHEMAS;

/** One expectation of a suite, as parsed. */
export type Expectation = {
  [K in ExpectationName]: z.output<(typeof EXPECTATION_SCHEMAS)[K]>;
}[ExpectationName];

/** The expectation named `N`. */
export type ExpectationOf<N extends ExpectationName> = Extract<Expectation, { expect: N }>;

/** Where an expectation runs (see the module comment). */
export type ExpectationScope = 'table' | 'row' | 'column' | 'aggregate';

const SCOPES: Record<ExpectationName, ExpectationScope> = {
  column_exists: 'table',
  columns_match_set: 'table',
  columns_match_list: 'table',
  column_count_between: 'table',
  row_count_between: 'aggregate',
  not_null: 'row',
  type: 'row',
  between: 'row',
  in_set: 'row',
  not_in_set: 'row',
  regex: 'row',
  not_regex: 'row',
  length_between: 'row',
  json_parseable: 'row',
  date_parseable: 'row',
  z_score_below: 'row',
  pair_greater: 'row',
  pair_equal: 'row',
  multicolumn_sum_equal: 'row',
  unique: 'column',
  compound_unique: 'column',
  increasing: 'column',
  decreasing: 'column',
  null_share_at_most: 'aggregate',
  min_between: 'aggregate',
  max_between: 'aggregate',
  mean_between: 'aggregate',
  median_between: 'aggregate',
  stdev_between: 'aggregate',
  sum_between: 'aggregate',
  quantiles_between: 'aggregate',
  distinct_in_set: 'aggregate',
  distinct_contain_set: 'aggregate',
  distinct_equal_set: 'aggregate',
  unique_count_between: 'aggregate',
  unique_proportion_between: 'aggregate',
  most_common_in_set: 'aggregate',
  distribution_distance_below: 'aggregate',
};

/** Where `e` runs; a z-score without a fixed mean and std needs the batch, so it is a column check. */
export function expectationScope(e: Expectation): ExpectationScope {
  if (e.expect === 'z_score_below' && (e.mean === undefined || e.std === undefined)) return 'column';
  return SCOPES[e.expect];
}

/** The expectation names, sorted (for hints and docs). */
export const EXPECTATION_NAMES = Object.keys(EXPECTATION_SCHEMAS).sort() as ExpectationName[];

/** The columns an expectation reads (none for table-shape expectations). */
export function expectationColumns(e: Expectation): string[] {
  if ('column' in e) return [e.column];
  if ('column_a' in e) return [e.column_a, e.column_b];
  if (e.expect === 'multicolumn_sum_equal' || e.expect === 'compound_unique') return [...e.columns];
  return [];
}

/** The default id of an expectation: `expect(columns)`. */
export function defaultExpectationId(e: Expectation): string {
  const columns = expectationColumns(e);
  return columns.length > 0 ? `${e.expect}(${columns.join(',')})` : e.expect;
}
