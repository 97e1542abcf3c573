/**
 * `trainModel`: train one model on an in-memory table — split off validation rows, read the target,
 * fit the preprocessing, build the (possibly combined) objective, run the family trainer, and
 * assemble a `Model` with its schema and preprocessing inside. Pure apart from the observer and
 * progress callbacks; the platform's `train()` adds data references, tracking and the registry.
 */
import { createRng, FlywheelError } from '../core/index.js';
import { getColumn, numericValues, type Table, takeRows } from '../data/index.js';
import { linearDesignMatrix } from '../kernels/index.js';
import { createModel, type Model, Preprocessor } from '../models/index.js';
import type { FamilyInput, FamilyResult, StopReason, TrainHooks } from './family.js';
import { type CategoricalEncoding, type FeatureOptions, fitSteps, selectFeatures } from './features.js';
import { trainGbdt } from './gbdt-trainer.js';
import { trainLinear } from './linear-trainer.js';
import { buildObjective } from './loss-spec.js';
import { trainMlp } from './mlp-trainer.js';
import type { ParamValue, TrainObserver, TrainProgress } from './observer.js';
import { type FamilyName, parseFamilyParams } from './params.js';
import { encodeWithClasses, readTarget } from './target.js';
import { finalMetrics } from './train-metrics.js';
import type { TrainSpec } from './train-spec.js';

/** Controls of one training call. */
export interface TrainControls {
  /** Abort to stop after the current iteration and keep the best model so far. */
  signal?: AbortSignal;
  observer?: TrainObserver;
  onProgress?(progress: TrainProgress): void;
}

/** A trained model and what its training recorded. */
export interface TrainOutcome {
  model: Model;
  /** Every setting that shaped the model, flat (family params, loss terms and weights, split). */
  params: Record<string, ParamValue>;
  /** Final scores on the validation rows (`valid_*`) and the training rows (`train_*`). */
  metrics: Record<string, number>;
  iterations: number;
  bestIteration: number | null;
  stopReason: StopReason;
  rows: { train: number; valid: number };
  seconds: number;
}

/** Train a model on `table` (validation rows from `spec.validation`: a fraction or a second table). */
export async function trainModel(
  table: Table,
  spec: TrainSpec,
  controls: TrainControls = {},
): Promise<TrainOutcome> {
  const started = performance.now();
  const family = spec.model;
  const familyParams = parseFamilyParams(family, spec.params ?? {});
  const seed = spec.seed ?? 0;
  const { train, valid } = splitValidation(table, spec.validation, seed);
  const target = readTarget(train, spec.target, spec.task);
  const K = target.task === 'multiclass' ? target.classes!.length : 1;
  const built = buildObjective(train, target.task, spec.target, target.y, target.classes, spec);
  const options = featureOptions(family, spec, [spec.target, ...built.columns], familyParams);
  const features = selectFeatures(train, options);
  const steps = fitSteps(train, features, options, target.y, target.classes?.length ?? 1);
  const pre = new Preprocessor(steps);
  const input: FamilyInput = {
    X: designMatrix(family, K, pre, train),
    n: train.rowCount,
    d: pre.width,
    categories: nativeCategories(steps, options.encoding),
    objective: built.objective,
    valid: null,
  };
  if (valid !== null) {
    const yValid =
      target.classes === null
        ? Float64Array.from(numericValues(getColumn(valid, spec.target)))
        : encodeWithClasses(valid, spec.target, target.classes);
    const classWeight = Object.keys(built.params).some((k) => k.startsWith('class_weight.'))
      ? classWeightMap(built.params)
      : undefined;
    const v = buildObjective(valid, target.task, spec.target, yValid, target.classes, {
      ...spec,
      classWeight,
    });
    input.valid = { X: pre.transform(valid), n: valid.rowCount, objective: v.objective };
  }
  const params: Record<string, ParamValue> = {
    model: family,
    task: target.task,
    target: spec.target,
    features: features.length,
    seed,
    ...(typeof spec.validation === 'number' ? { validation_fraction: spec.validation } : {}),
    ...flatParams(familyParams),
    ...built.params,
  };
  await controls.observer?.onParams(params);
  const result = await runFamily(family, input, familyParams, hooksOf(seed, controls));
  const model = createModel({
    family,
    schema: { features, output: { task: target.task, target: spec.target, classes: target.classes } },
    steps,
    scorer: result.scorer,
    info: { ...result.info, stop_reason: result.stopReason, iterations_run: result.iterations },
  });
  const metrics = finalMetrics(
    model,
    input,
    target.y,
    valid === null ? null : input.valid!,
    valid === null ? null : yOf(input.valid!),
    K,
  );
  const step = result.iterations;
  for (const [name, value] of Object.entries(metrics)) controls.observer?.onMetric(name, value, step);
  return {
    model,
    params,
    metrics,
    iterations: result.iterations,
    bestIteration: result.bestIteration,
    stopReason: result.stopReason,
    rows: { train: train.rowCount, valid: valid?.rowCount ?? 0 },
    seconds: (performance.now() - started) / 1000,
  };
}

function yOf(valid: NonNullable<FamilyInput['valid']>): Float64Array {
  return valid.objective.terms[0]!.target;
}

/** The training matrix; a single-output linear model's goes where its WebAssembly kernels read it in place. */
function designMatrix(family: FamilyName, K: number, pre: Preprocessor, table: Table): Float64Array {
  if (family !== 'linear' || K !== 1) return pre.transform(table);
  return pre.transformRows(table, 0, table.rowCount, linearDesignMatrix(table.rowCount, pre.width));
}

function runFamily(
  family: FamilyName,
  input: FamilyInput,
  p: ReturnType<typeof parseFamilyParams>,
  hooks: TrainHooks,
): Promise<FamilyResult> {
  if (family === 'gbdt') return trainGbdt(input, p as ReturnType<typeof parseFamilyParams<'gbdt'>>, hooks);
  if (family === 'linear')
    return trainLinear(input, p as ReturnType<typeof parseFamilyParams<'linear'>>, hooks);
  return trainMlp(input, p as ReturnType<typeof parseFamilyParams<'mlp'>>, hooks);
}

function hooksOf(seed: number, controls: TrainControls): TrainHooks {
  let trainLoss = Number.NaN;
  return {
    seed,
    signal: controls.signal,
    onIteration(iteration, total, metrics) {
      for (const [name, value] of Object.entries(metrics))
        controls.observer?.onMetric(name, value, iteration);
      if (metrics.train_loss !== undefined) trainLoss = metrics.train_loss;
      controls.onProgress?.({ iteration, total, trainLoss, validLoss: metrics.valid_loss });
    },
  };
}

function featureOptions(family: FamilyName, spec: TrainSpec, used: string[], p: object): FeatureOptions {
  const trees = family === 'gbdt';
  const encoding: CategoricalEncoding = spec.encoding ?? (trees ? 'native' : 'onehot');
  const standardize = trees ? false : 'standardize' in p ? (p as { standardize: boolean }).standardize : true;
  return {
    features: spec.features,
    exclude: [...used, ...(spec.exclude ?? [])],
    categorical: spec.categorical ?? [],
    optional: spec.optionalFeatures ?? [],
    encoding: trees && encoding === 'ordinal' ? 'native' : encoding,
    standardize,
    impute: !trees,
    maxCategories: trees ? 255 : 256,
  };
}

function nativeCategories(steps: ReturnType<typeof fitSteps>, encoding: CategoricalEncoding): Int32Array {
  const out: number[] = [];
  for (const s of steps) {
    if (s.kind === 'ordinal' && encoding === 'native') out.push(Math.max(1, s.categories.length));
    else if (s.kind === 'onehot') out.push(...s.categories.map(() => 0));
    else if (s.kind === 'target') out.push(...s.prior.map(() => 0));
    else out.push(0);
  }
  return Int32Array.from(out);
}

function splitValidation(
  table: Table,
  validation: TrainSpec['validation'],
  seed: number,
): { train: Table; valid: Table | null } {
  if (validation === undefined || validation === 0) return { train: table, valid: null };
  if (typeof validation !== 'number') return { train: table, valid: validation };
  if (!(validation > 0 && validation < 1)) {
    throw new FlywheelError(
      'INVALID_ARGUMENT',
      `The validation fraction must be between 0 and 1, got ${validation}`,
    );
  }
  const n = table.rowCount;
  const nValid = Math.round(n * validation);
  if (nValid < 1 || nValid >= n) {
    throw new FlywheelError(
      'DATA_INVALID',
      `A validation fraction of ${validation} leaves no rows on one side of ${n}`,
    );
  }
  const order = createRng(seed ^ 0x5bd1e995).shuffle(Int32Array.from({ length: n }, (_, i) => i));
  const validRows = order.slice(0, nValid).sort();
  const trainRows = order.slice(nValid).sort();
  return { train: takeRows(table, trainRows), valid: takeRows(table, validRows) };
}

function flatParams(p: object): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const [k, v] of Object.entries(p)) out[k] = Array.isArray(v) ? v.join(',') : (v as ParamValue);
  return out;
}

function classWeightMap(params: Record<string, ParamValue>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(params))
    if (k.startsWith('class_weight.')) out[k.slice(13)] = Number(v);
  return out;
}
