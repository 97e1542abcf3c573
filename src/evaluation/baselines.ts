/**
 * Baselines computed on the same rows as the model, so its lift is honest: the prior (majority
 * class, or the mean for regression), a stratified random guess (seeded), and a simple linear model
 * cross-fitted in two folds (each half scored by a model trained on the other half, so no row is
 * scored by a model that saw it).
 */

import { createRng } from '../core/index.js';
import { type Table, takeRows } from '../data/index.js';
import type { Model, Task } from '../models/index.js';
import { computeMetricSet, type MetricValues, type Scores } from './metric-set.js';

/** What the linear baseline is fitted to: the evaluated model's target, task and features. */
export interface BaselineSpec {
  target: string;
  task: Task;
  features: string[];
  seed: number;
}

/**
 * Fits a linear model on some rows (throws when it cannot). The platform passes training's linear
 * trainer: evaluation does not import the training module.
 */
export type BaselineTrainer = (rows: Table, spec: BaselineSpec) => Promise<Model>;

/** One baseline's metrics. */
export interface Baseline {
  name: 'prior' | 'stratified' | 'linear';
  description: string;
  metrics: MetricValues;
}

/** Constant scores: the class shares (classification) or the mean (regression). */
export function priorScores(task: Task, y: Float64Array, width: number): Scores {
  const n = y.length;
  const values = new Float64Array(n * width);
  if (task === 'regression') values.fill(y.reduce((s, v) => s + v, 0) / n);
  else if (task === 'binary') values.fill(y.reduce((s, v) => s + v, 0) / n);
  else {
    const share = new Float64Array(width);
    for (const v of y) share[v]! += 1 / n;
    for (let r = 0; r < n; r++) values.set(share, r * width);
  }
  return { values, width };
}

/** A random class drawn from the class shares for every row (one-hot scores), or a random target value. */
export function stratifiedScores(task: Task, y: Float64Array, width: number, seed: number): Scores {
  const rng = createRng(seed);
  const n = y.length;
  const values = new Float64Array(n * width);
  for (let r = 0; r < n; r++) {
    const pick = y[Math.floor(rng.next() * n)]!;
    if (task === 'regression' || task === 'binary') values[r] = pick;
    else values[r * width + pick] = 1;
  }
  return { values, width };
}

/** Two-fold cross-fitted linear model scores (undefined when it cannot be trained on these rows). */
export async function linearScores(
  model: Model,
  table: Table,
  seed: number,
  train: BaselineTrainer,
): Promise<Scores | undefined> {
  const n = table.rowCount;
  if (n < 20) return undefined;
  const order = createRng(seed).shuffle(Array.from({ length: n }, (_, i) => i));
  const half = Math.floor(n / 2);
  const folds = [Int32Array.from(order.slice(0, half)), Int32Array.from(order.slice(half))];
  const width = model.outputWidth;
  const values = new Float64Array(n * width);
  const features = model.schema.features.map((f) => f.name);
  try {
    for (const [a, b] of [
      [0, 1],
      [1, 0],
    ] as const) {
      const fit = await train(takeRows(table, folds[a]!), {
        target: model.schema.output.target,
        task: model.schema.output.task,
        features,
        seed,
      });
      const p = fit.predict(takeRows(table, folds[b]!));
      const rows = folds[b]!;
      for (let i = 0; i < rows.length; i++)
        values.set(p.values.subarray(i * width, (i + 1) * width), rows[i]! * width);
    }
  } catch {
    return undefined; // e.g. a fold with one class: the report says the baseline is unavailable
  }
  return { values, width };
}

/** Every baseline's metrics on these rows (the linear one only with a trainer for it). */
export async function computeBaselines(
  model: Model,
  table: Table,
  y: Float64Array,
  seed = 0,
  trainLinear?: BaselineTrainer,
): Promise<Baseline[]> {
  const task = model.schema.output.task;
  const width = model.outputWidth;
  const out: Baseline[] = [
    {
      name: 'prior',
      description: task === 'regression' ? 'predict the mean' : 'predict the class shares (majority class)',
      metrics: computeMetricSet(task, y, priorScores(task, y, width)),
    },
    {
      name: 'stratified',
      description: 'a random label drawn from the label distribution',
      metrics: computeMetricSet(task, y, stratifiedScores(task, y, width, seed)),
    },
  ];
  const linear = trainLinear && (await linearScores(model, table, seed, trainLinear));
  if (linear)
    out.push({
      name: 'linear',
      description: 'a linear model, two-fold cross-fitted on these rows',
      metrics: computeMetricSet(task, y, linear),
    });
  return out;
}
