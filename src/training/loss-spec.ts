/**
 * Combined losses and weights from a training spec: the objective's terms (the label's own loss by
 * default, or a weighted list such as log loss on the label plus a squared loss on a second
 * target), and per-row weights from a sample-weight column times class weights (business costs).
 * Everything chosen here is also returned as flat params, so the run records it.
 */
import { z } from 'zod';
import { FlywheelError } from '../core/index.js';
import { getColumn, numericValues, type Table } from '../data/index.js';
import type { ClassLabel, Task } from '../models/index.js';
import { createObjective, type LossKind, type LossTerm, type Objective } from './objective.js';

/** One weighted term of a combined loss. */
export const lossTermSchema = z
  .object({
    loss: z.enum(['logloss', 'squared', 'brier']),
    target: z.string().min(1),
    weight: z.number().min(0).default(1),
  })
  .strict();

/** A term as written in a spec. */
export type LossTermSpec = z.input<typeof lossTermSchema>;

/** How rows are weighted. */
export interface WeightSpec {
  /** A numeric column of per-row weights (>= 0). */
  sampleWeight?: string;
  /** Weight per class label, or `balanced` (n / (classes × count)). */
  classWeight?: Record<string, number> | 'balanced';
}

/** The objective for a task, its flat params, and the columns it reads. */
export interface BuiltObjective {
  objective: Objective;
  params: Record<string, string | number | boolean>;
  columns: string[];
}

/** Build the training objective (and one over the same columns for `other`, e.g. validation rows). */
export function buildObjective(
  table: Table,
  task: Task,
  target: string,
  y: Float64Array,
  classes: ClassLabel[] | null,
  spec: { loss?: LossTermSpec[] } & WeightSpec,
): BuiltObjective {
  const terms = (spec.loss ?? [{ loss: defaultLoss(task), target, weight: 1 }]).map((t) =>
    lossTermSchema.parse(t),
  );
  if (terms[0]!.target !== target) {
    throw new FlywheelError(
      'INVALID_ARGUMENT',
      `The first loss term must be on the target "${target}", not "${terms[0]!.target}"`,
      {
        hint: "List the label's own loss first, then the extra terms.",
      },
    );
  }
  const lossTerms: LossTerm[] = terms.map((t, i) => {
    const kind: LossKind = task === 'multiclass' ? 'softmax' : (t.loss as LossKind);
    if (i === 0) checkPrimary(kind, task);
    return { kind, weight: t.weight, column: t.target, target: i === 0 ? y : termValues(table, t.target) };
  });
  const weights = rowWeights(table, y, task, classes, spec);
  const params: Record<string, string | number | boolean> = {};
  lossTerms.forEach((t, i) => {
    params[`loss.${i}.kind`] = t.kind;
    params[`loss.${i}.target`] = t.column;
    params[`loss.${i}.weight`] = t.weight;
  });
  if (spec.sampleWeight) params.sample_weight = spec.sampleWeight;
  for (const [label, w] of Object.entries(weights.classWeights)) params[`class_weight.${label}`] = w;
  return {
    objective: createObjective(lossTerms, weights.values, classes?.length ?? 2),
    params,
    columns: [...terms.slice(1).map((t) => t.target), ...(spec.sampleWeight ? [spec.sampleWeight] : [])],
  };
}

function defaultLoss(task: Task): 'logloss' | 'squared' {
  return task === 'regression' ? 'squared' : 'logloss';
}

function checkPrimary(kind: LossKind, task: Task): void {
  const ok =
    task === 'regression'
      ? kind === 'squared'
      : task === 'binary'
        ? kind === 'logloss' || kind === 'brier'
        : kind === 'softmax';
  if (!ok) {
    throw new FlywheelError('INVALID_ARGUMENT', `A ${task} target cannot be trained with a ${kind} loss`, {
      hint:
        task === 'regression' ? 'Use loss: squared.' : 'Use loss: logloss (or brier) for a binary target.',
    });
  }
}

function termValues(table: Table, name: string): Float64Array {
  const column = getColumn(table, name);
  if (column.kind === 'dictionary') {
    throw new FlywheelError('DATA_INVALID', `Loss target "${name}" must be numeric`, {
      where: { field: name },
    });
  }
  const v = numericValues(column);
  for (let r = 0; r < v.length; r++) {
    if (!Number.isFinite(v[r]!)) {
      throw new FlywheelError('DATA_INVALID', `Loss target "${name}" is missing or infinite at row ${r}`, {
        where: { field: name, row: r },
        hint: 'Every row needs a finite value for every loss target.',
      });
    }
  }
  return Float64Array.from(v);
}

function rowWeights(
  table: Table,
  y: Float64Array,
  task: Task,
  classes: ClassLabel[] | null,
  spec: WeightSpec,
): { values: Float64Array | null; classWeights: Record<string, number> } {
  const n = y.length;
  let values: Float64Array | null = null;
  if (spec.sampleWeight) {
    values = termValues(table, spec.sampleWeight);
    for (let r = 0; r < n; r++) {
      if (values[r]! < 0) {
        throw new FlywheelError(
          'DATA_INVALID',
          `Sample weight "${spec.sampleWeight}" is negative at row ${r}`,
          {
            where: { field: spec.sampleWeight, row: r },
          },
        );
      }
    }
  }
  if (!spec.classWeight || task === 'regression' || classes === null) return { values, classWeights: {} };
  const perClass = classWeightsOf(spec.classWeight, y, classes);
  values ??= new Float64Array(n).fill(1);
  for (let r = 0; r < n; r++) values[r]! *= perClass[y[r]!]!;
  return { values, classWeights: Object.fromEntries(classes.map((c, k) => [String(c), perClass[k]!])) };
}

function classWeightsOf(
  spec: Record<string, number> | 'balanced',
  y: Float64Array,
  classes: ClassLabel[],
): number[] {
  if (spec === 'balanced') {
    const counts = new Array<number>(classes.length).fill(0);
    for (const k of y) counts[k]!++;
    return counts.map((c) => (c === 0 ? 1 : y.length / (classes.length * c)));
  }
  const known = new Set(classes.map(String));
  for (const label of Object.keys(spec)) {
    if (!known.has(label)) {
      throw new FlywheelError(
        'INVALID_ARGUMENT',
        `class_weight names the class "${label}", which the target does not have`,
        {
          hint: `Classes: ${classes.map(String).join(', ')}.`,
        },
      );
    }
  }
  return classes.map((c) => spec[String(c)] ?? 1);
}
