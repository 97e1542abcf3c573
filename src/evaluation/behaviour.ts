/**
 * Behavioural tests (CheckList style) kept in YAML beside the model and run by `flywheel eval --tests`:
 * invariance (changing a feature that should not matter keeps the prediction), directional (raising
 * a feature must not move the score the wrong way) and minimum-functionality cases.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { FlywheelError, fromSystemError, parseYamlWith } from '../core/index.js';
import { type CellValue, rowObject, type Table, tableFromRows } from '../data/index.js';
import type { Model } from '../models/index.js';

const value = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const testSchema = z.discriminatedUnion('type', [
  z.strictObject({
    name: z.string(),
    type: z.literal('invariance'),
    feature: z.string(),
    values: z.array(value).min(1),
    tolerance: z.number().min(0).default(0.01),
    rows: z.number().int().positive().default(200),
  }),
  z.strictObject({
    name: z.string(),
    type: z.literal('directional'),
    feature: z.string(),
    delta: z.number(),
    direction: z.enum(['increase', 'decrease']),
    tolerance: z.number().min(0).default(0),
    rows: z.number().int().positive().default(200),
  }),
  z.strictObject({
    name: z.string(),
    type: z.literal('minimum'),
    cases: z
      .array(
        z.strictObject({
          row: z.record(z.string(), value),
          expect: z.strictObject({
            min: z.number().optional(),
            max: z.number().optional(),
            class: value.optional(),
          }),
        }),
      )
      .min(1),
  }),
]);
const fileSchema = z.strictObject({ tests: z.array(testSchema).min(1) });

/** One behavioural test. */
export type BehaviourTest = z.infer<typeof testSchema>;

/** The outcome of one test. */
export interface BehaviourResult {
  name: string;
  type: BehaviourTest['type'];
  checked: number;
  failures: number;
  passed: boolean;
  /** Up to five failing examples. */
  examples: Array<{ row: number; detail: string }>;
}

/** Read a behavioural test file; errors name the file, line and column, the key and the fix. */
export function loadBehaviourTests(file: string): BehaviourTest[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw fromSystemError(error, file, 'read the behavioural tests');
  }
  // Through the one YAML loader: errors at file:line:column, a misspelt key or choice with "did you mean".
  return parseYamlWith(fileSchema, text, {
    file,
    code: 'INVALID_ARGUMENT',
    hint: 'Each test needs name and type (invariance: feature, values; directional: feature, delta, direction; minimum: cases of row + expect). See docs/evaluation.md.',
  }).tests;
}

/** Run the tests against `model` on rows of `table`. */
export function runBehaviourTests(model: Model, table: Table, tests: BehaviourTest[]): BehaviourResult[] {
  return tests.map((t) => {
    if (t.type === 'minimum') return minimumTest(model, t);
    const n = Math.min(t.rows, table.rowCount);
    const rows = Array.from({ length: n }, (_, i) => rowObject(table, Math.floor((i * table.rowCount) / n)));
    return t.type === 'invariance' ? invarianceTest(model, t, rows) : directionalTest(model, t, rows);
  });
}

function result(
  t: BehaviourTest,
  checked: number,
  examples: Array<{ row: number; detail: string }>,
): BehaviourResult {
  return {
    name: t.name,
    type: t.type,
    checked,
    failures: examples.length,
    passed: examples.length === 0,
    examples: examples.slice(0, 5),
  };
}

function scores(model: Model, rows: Record<string, CellValue>[]): Float64Array {
  return model.predict(tableFromRows(rows)).values;
}

function invarianceTest(
  model: Model,
  t: Extract<BehaviourTest, { type: 'invariance' }>,
  rows: Record<string, CellValue>[],
): BehaviourResult {
  const w = model.outputWidth;
  const base = scores(model, rows);
  const bad: Array<{ row: number; detail: string }> = [];
  for (const v of t.values) {
    const changed = scores(
      model,
      rows.map((r) => ({ ...r, [t.feature]: v })),
    );
    for (let r = 0; r < rows.length; r++) {
      let diff = 0;
      for (let k = 0; k < w; k++) diff = Math.max(diff, Math.abs(changed[r * w + k]! - base[r * w + k]!));
      if (diff > t.tolerance)
        bad.push({
          row: r,
          detail: `${t.feature} = ${String(v)} moved the prediction by ${diff.toFixed(4)}`,
        });
    }
  }
  return result(t, rows.length * t.values.length, bad);
}

function directionalTest(
  model: Model,
  t: Extract<BehaviourTest, { type: 'directional' }>,
  rows: Record<string, CellValue>[],
): BehaviourResult {
  if (model.outputWidth !== 1)
    throw new FlywheelError(
      'INVALID_ARGUMENT',
      `directional test "${t.name}" needs a binary or regression model`,
      { hint: 'Use invariance or minimum tests for multiclass models.' },
    );
  const base = scores(model, rows);
  const moved = scores(
    model,
    rows.map((r) => ({ ...r, [t.feature]: Number(r[t.feature]) + t.delta })),
  );
  const bad: Array<{ row: number; detail: string }> = [];
  for (let r = 0; r < rows.length; r++) {
    const change = moved[r]! - base[r]!;
    const wrong = t.direction === 'increase' ? change < -t.tolerance : change > t.tolerance;
    if (wrong)
      bad.push({ row: r, detail: `${t.feature} + ${t.delta} moved the score by ${change.toFixed(4)}` });
  }
  return result(t, rows.length, bad);
}

function minimumTest(model: Model, t: Extract<BehaviourTest, { type: 'minimum' }>): BehaviourResult {
  const p = model.predict(tableFromRows(t.cases.map((c) => c.row)));
  const classes = model.schema.output.classes;
  const bad: Array<{ row: number; detail: string }> = [];
  t.cases.forEach((c, i) => {
    const score = p.values[i * p.width]!;
    if (c.expect.min !== undefined && score < c.expect.min)
      bad.push({ row: i, detail: `score ${score.toFixed(4)} < ${c.expect.min}` });
    if (c.expect.max !== undefined && score > c.expect.max)
      bad.push({ row: i, detail: `score ${score.toFixed(4)} > ${c.expect.max}` });
    if (c.expect.class !== undefined && classes) {
      let best = score >= 0.5 ? 1 : 0;
      if (p.width > 1) {
        best = 0;
        for (let k = 1; k < p.width; k++)
          if (p.values[i * p.width + k]! > p.values[i * p.width + best]!) best = k;
      }
      if (String(classes[best]) !== String(c.expect.class))
        bad.push({
          row: i,
          detail: `predicted ${String(classes[best])}, expected ${String(c.expect.class)}`,
        });
    }
  });
  return result(t, t.cases.length, bad);
}
