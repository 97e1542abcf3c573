/** What to tell the author of a suite file: how to write an argument, and checks zod cannot express. */

import type { Expectation, ExpectationName } from './expectation-schema.js';

const HOW: Record<string, string> = {
  expect: 'the expectation name, e.g. `expect: between`',
  id: 'a short name, e.g. `id: age-range`',
  notes: 'free text',
  column: 'a column name, e.g. `column: age` (quote names with special characters)',
  column_a: 'a column name',
  column_b: 'a column name',
  columns: 'a list of column names, e.g. `columns: [a, b]`',
  min: 'a number (an ISO date such as 2024-01-31 for timestamp columns), e.g. `min: 0`',
  max: 'a number (an ISO date such as 2024-01-31 for timestamp columns), e.g. `max: 10`',
  strict: 'true or false',
  exact: 'true or false',
  or_equal: 'true or false',
  mostly: 'a share from 0 to 1, e.g. `mostly: 0.95`',
  nulls: '`skip` (nulls are not checked, the default) or `fail` (a null is an unexpected value)',
  type: 'one of numeric, integer, string, boolean, timestamp',
  values: 'a list of strings, numbers or booleans, e.g. `values: [red, green]`',
  pattern: 'a JavaScript regular expression in quotes, e.g. `pattern: "^[A-Z]{2}\\\\d+$"`',
  format:
    'a strftime format such as "%Y-%m-%d %H:%M:%S" (directives: %Y %y %m %d %H %I %p %M %S %f %j %b %z %%)',
  threshold: 'a positive number, e.g. `threshold: 0.1`',
  mean: 'a number',
  std: 'a positive number',
  total: 'a number',
  tolerance: 'a non-negative number',
  quantiles: 'a list like `[{q: 0.5, min: 1, max: 3}]`',
  q: 'a quantile from 0 to 1',
  metric: '`ks` or `psi`',
  reference: '`{edges: [...], counts: [...]}` for numbers or `{values: [...], counts: [...]}` for categories',
  edges: 'ascending numbers, one more than the counts',
  counts: 'non-negative numbers',
  version: '1',
  name: 'the suite name, e.g. `name: churn-features`',
  description: 'free text',
  expectations: 'a list of expectations, each starting with `- expect: NAME`',
};

/** The hint for a bad argument at `path` (relative to the expectation, or the file for a header key). */
export function argumentHint(name: ExpectationName | undefined, path: readonly string[]): string {
  const key = [...path].reverse().find((k) => !/^\d+$/.test(k)) ?? '';
  const how = HOW[key];
  const what = name ? `\`${name}\`` : 'The suite';
  return how
    ? `Write ${key} as ${how}. ${what} arguments are listed in docs/validation.md.`
    : `See docs/validation.md for the arguments of ${name ?? 'a suite'}.`;
}

/** A bound as a number: ISO dates become epoch milliseconds. */
export function boundValue(bound: number | string | undefined): number | undefined {
  if (bound === undefined) return undefined;
  return typeof bound === 'number' ? bound : Date.parse(bound);
}

/** A problem zod's per-field checks cannot see (min above max, a range with no bounds, a bad reference). */
export function semanticProblem(e: Expectation): { key: string; message: string; hint: string } | undefined {
  if ('min' in e || 'max' in e) {
    const range = e as { min?: number | string; max?: number | string };
    const min = boundValue(range.min);
    const max = boundValue(range.max);
    if (min === undefined && max === undefined) {
      return {
        key: 'expect',
        message: `${e.expect} needs min, max or both`,
        hint: 'Add `min:` and/or `max:`.',
      };
    }
    if (min !== undefined && max !== undefined && min > max) {
      return {
        key: 'max',
        message: `${e.expect}: max ${range.max} is below min ${range.min}`,
        hint: 'Swap min and max.',
      };
    }
  }
  if (e.expect === 'quantiles_between') {
    const i = e.quantiles.findIndex((q) => q.min === undefined && q.max === undefined);
    if (i >= 0)
      return {
        key: 'quantiles',
        message: `quantile ${i + 1} has neither min nor max`,
        hint: 'Give each quantile `min:`, `max:` or both.',
      };
  }
  if (e.expect === 'distribution_distance_below') return referenceProblem(e.reference);
  return undefined;
}

function referenceProblem(
  ref: { edges: number[]; counts: number[] } | { values: unknown[]; counts: number[] },
): { key: string; message: string; hint: string } | undefined {
  const bins = 'edges' in ref ? ref.edges.length - 1 : ref.values.length;
  if (ref.counts.length !== bins) {
    return {
      key: 'reference',
      message: `the reference has ${ref.counts.length} counts for ${bins} ${'edges' in ref ? 'bins' : 'values'}`,
      hint: 'edges need one more entry than counts (values exactly as many); `flywheel suite infer` writes a consistent reference.',
    };
  }
  if ('edges' in ref && ref.edges.some((x, i) => i > 0 && x <= ref.edges[i - 1]!)) {
    return {
      key: 'reference',
      message: 'the reference edges are not strictly ascending',
      hint: 'Sort the edges and remove repeats.',
    };
  }
  if (ref.counts.reduce((s, c) => s + c, 0) <= 0) {
    return {
      key: 'reference',
      message: 'the reference counts are all zero',
      hint: 'Give the reference the counts of a real sample.',
    };
  }
  return undefined;
}
