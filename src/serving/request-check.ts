/**
 * Request validation for serving: every row checked against the model's input schema (types,
 * finite numbers, categories as text) and, when the endpoint has one, the data suite's row-level
 * expectations. Every problem is collected (field, expected, got), never just the first.
 */
import type { FeatureRow, ModelSchema } from '../models/index.js';
import type { CompiledSuite } from '../validation/index.js';

/** One thing wrong with a request. */
export interface RequestProblem {
  /** Row index in the request (absent for request-level problems). */
  row?: number;
  field: string;
  expected: string;
  got: string;
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
}

/** Check and clean rows for a model: only the schema's features are kept, each typed. */
export function checkRows(schema: ModelSchema, input: unknown, suite?: CompiledSuite): CheckedRows {
  const problems: RequestProblem[] = [];
  const rows: FeatureRow[] = [];
  if (!Array.isArray(input)) {
    problems.push({ field: 'rows', expected: 'an array of objects', got: describeValue(input) });
    return { rows, problems };
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
    // A row with none of the model's features is a client mistake (wrong keys), not all-missing data.
    if (schema.features.length > 0 && !schema.features.some((f) => Object.hasOwn(raw, f.name))) {
      const got = Object.keys(raw).slice(0, 5).join(', ');
      problems.push({
        row: r,
        field: '(row)',
        expected: `one of the features ${schema.features.map((f) => f.name).join(', ')}`,
        got: got ? `keys ${got}` : 'an empty object',
      });
      continue;
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
    if (suite) suiteProblems(suite, raw, r, problems);
    rows.push(row as FeatureRow);
  }
  return { rows, problems: problems.slice(0, MAX_PROBLEMS) };
}

function suiteProblems(
  suite: CompiledSuite,
  raw: Record<string, unknown>,
  r: number,
  out: RequestProblem[],
): void {
  const cells: Record<string, number | string | boolean | null> = Object.create(null);
  for (const column of suite.columns) {
    const v = Object.hasOwn(raw, column) ? raw[column] : undefined;
    cells[column] = typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' ? v : null;
  }
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
