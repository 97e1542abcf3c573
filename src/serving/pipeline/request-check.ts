/**
 * Request validation for serving: every row checked against the model's input schema (names:
 * models/feature-names.ts decides which features may be absent and which other keys may come;
 * types, finite numbers, categories as text) and, when the endpoint has one, the data suite's
 * row-level expectations. Every problem is collected (field, expected, got), never just the first.
 */
import {
  type FeatureNameCheck,
  FeatureNames,
  type FeatureRow,
  featureSuggestions,
  type ModelSchema,
  refused,
} from '../../models/index.js';
import type { CompiledSuite } from '../../validation/index.js';

/** One thing wrong with a request. */
export interface RequestProblem {
  /** Row index in the request (absent for request-level problems). */
  row?: number;
  field: string;
  expected: string;
  got: string;
  /** The feature an unknown key is probably meant to be, or the key a missing feature probably came as. */
  did_you_mean?: string;
}

/** The most problems one answer lists (a million bad rows must not make a million-entry answer). */
export const MAX_PROBLEMS = 100;

/** Describe a JSON value briefly for an error message (never echoes a long string in full). */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return `string ${JSON.stringify(shown)}`;
  }
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Check one cell against its feature; returns the clean value or a problem's expected text. */
function checkCell(
  type: 'numeric' | 'categorical',
  value: unknown,
): { ok: true; value: number | string | null } | { ok: false; expected: string } {
  if (value === null || value === undefined) return { ok: true, value: null };
  if (type === 'numeric') {
    if (typeof value === 'number' && Number.isFinite(value)) return { ok: true, value };
    return { ok: false, expected: 'a finite number or null' };
  }
  if (typeof value === 'string') return { ok: true, value };
  if (typeof value === 'number' && Number.isFinite(value)) return { ok: true, value: String(value) };
  if (typeof value === 'boolean') return { ok: true, value: String(value) };
  return { ok: false, expected: 'a string (category) or null' };
}

/** The outcome of checking a request's rows. */
export interface CheckedRows {
  rows: FeatureRow[];
  problems: RequestProblem[];
  /** The first row refused for its names, with what was wrong (for the error's message). */
  refusedNames?: { row: number; check: FeatureNameCheck };
  /** Per optional feature absent from some rows, how many rows lacked it (scored as missing). */
  imputed?: Map<string, number>;
}

/** What a request is checked with besides the model's schema. */
export interface CheckOptions {
  /** The endpoint's row-level suite: its columns are allowed keys, and each row is validated. */
  suite?: CompiledSuite;
  /** The name rule (default: the schema's, unknown keys refused, the suite's columns allowed). */
  names?: FeatureNames;
}

/** Check and clean rows for a model: only the schema's features are kept, each typed. */
export function checkRows(schema: ModelSchema, input: unknown, options: CheckOptions = {}): CheckedRows {
  const { suite } = options;
  const names = options.names ?? requestNames(schema, {}, suite, false);
  const out: CheckedRows = { rows: [], problems: [] };
  const { problems, rows } = out;
  if (!Array.isArray(input)) {
    problems.push({ field: 'rows', expected: 'an array of objects', got: describeValue(input) });
    return out;
  }
  if (input.length === 0)
    problems.push({ field: 'rows', expected: 'at least one row', got: 'an empty array' });
  for (let r = 0; r < input.length && problems.length < MAX_PROBLEMS; r++) {
    const raw: unknown = input[r];
    if (!isPlainObject(raw)) {
      problems.push({
        row: r,
        field: '(row)',
        expected: 'an object keyed by feature name',
        got: describeValue(raw),
      });
      continue;
    }
    const check = names.checkRow(raw);
    const refusedRow = refused(check);
    if (refusedRow) {
      out.refusedNames ??= { row: r, check };
      nameProblems(check, names.features, r, problems);
    }
    if (check.imputed.length > 0) {
      const counts = out.imputed ?? new Map<string, number>();
      for (const f of check.imputed) counts.set(f, (counts.get(f) ?? 0) + 1);
      out.imputed = counts;
    }
    // A row of the model's features only, in an object without a prototype: a feature named
    // `constructor` or `toString` is read as the row's own value (null when missing), never as
    // Object.prototype's, and keys that are not features go no further (not into the log either).
    const row: Record<string, number | string | null> = Object.create(null);
    for (const f of schema.features) {
      const value = Object.hasOwn(raw, f.name) ? raw[f.name] : undefined;
      // The common cell (a finite number for a numeric feature) needs no conversion.
      if (f.type === 'numeric' && typeof value === 'number' && Number.isFinite(value)) {
        row[f.name] = value;
        continue;
      }
      const checked = checkCell(f.type, value);
      if (!checked.ok)
        problems.push({ row: r, field: f.name, expected: checked.expected, got: describeValue(value) });
      else row[f.name] = checked.value;
    }
    if (refusedRow) continue;
    if (suite) suiteProblems(suite, schema.output.target, raw, r, problems);
    rows.push(row as FeatureRow);
  }
  out.problems = problems.slice(0, MAX_PROBLEMS);
  return out;
}

/**
 * The name rule of requests to a model: its features (optional ones from its schema and version
 * tags in `info`), plus every column the endpoint's suite names (an id, a period: the suite checks
 * them, so a client sends them) and `clientKeys` (features of versions the endpoint served before);
 * other keys refused unless `acceptUnknown` (serve.yaml `unknown_keys: ignore`).
 */
export function requestNames(
  schema: ModelSchema,
  info: Readonly<Record<string, unknown>>,
  suite: CompiledSuite | undefined,
  acceptUnknown: boolean,
  clientKeys: Iterable<string> = [],
): FeatureNames {
  return new FeatureNames(schema, info, {
    known: [...(suite === undefined ? [] : suiteColumns(suite)), ...clientKeys],
    refuseUnknown: !acceptUnknown,
  });
}

/** One problem per absent feature and per unknown key of a refused row, with its "did you mean". */
function nameProblems(
  check: FeatureNameCheck,
  features: readonly string[],
  r: number,
  out: RequestProblem[],
): void {
  const suggestions = featureSuggestions(check, features);
  for (const field of check.missing) {
    const p: RequestProblem = {
      row: r,
      field,
      expected: 'this feature (null for a missing value)',
      got: 'nothing',
    };
    if (suggestions[field] !== undefined) p.did_you_mean = suggestions[field];
    out.push(p);
  }
  for (const field of check.unknown) {
    const p: RequestProblem = { row: r, field, expected: 'a feature of the model', got: 'an unknown key' };
    if (suggestions[field] !== undefined) p.did_you_mean = suggestions[field];
    out.push(p);
  }
}

const columnsOfSuite = new WeakMap<CompiledSuite, readonly string[]>();

/**
 * Every column a suite names, table-level expectations' lists included (`columns_match_list`
 * names the id and period columns a row must carry), read from the parsed expectations.
 */
export function suiteColumns(suite: CompiledSuite): readonly string[] {
  let columns = columnsOfSuite.get(suite);
  if (columns === undefined) {
    const names = new Set(suite.columns);
    for (const e of suite.suite.expectations as readonly Record<string, unknown>[]) {
      for (const key of ['column', 'column_a', 'column_b'])
        if (typeof e[key] === 'string') names.add(e[key] as string);
      if (Array.isArray(e.columns)) for (const c of e.columns) if (typeof c === 'string') names.add(c);
    }
    columns = [...names];
    columnsOfSuite.set(suite, columns);
  }
  return columns;
}

/**
 * The suite's verdict on a row as sent: every key of it (a suite's `columns_match_list` sees the
 * row's own keys), and the model's target as null when the suite names it, since a request comes
 * before its label is known (a training data suite lists the label among its columns).
 */
function suiteProblems(
  suite: CompiledSuite,
  target: string,
  raw: Record<string, unknown>,
  r: number,
  out: RequestProblem[],
): void {
  const cells: Record<string, number | string | boolean | null> = Object.create(null);
  for (const column of Object.keys(raw)) {
    const v = raw[column];
    cells[column] = typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' ? v : null;
  }
  if (!Object.hasOwn(cells, target) && suiteColumns(suite).includes(target)) cells[target] = null;
  const verdict = suite.validateRow(cells);
  if (verdict.ok) return;
  for (const f of verdict.failures) {
    out.push({
      row: r,
      field: f.column ?? '(row)',
      expected: `${f.expect} (${f.id})`,
      got: f.reason,
    });
  }
}
