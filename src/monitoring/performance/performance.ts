/**
 * Performance of a window of served traffic: realized metrics over the rows whose delayed label
 * has arrived (feedback joined by attachLabels), computed with the evaluation metrics that match
 * scikit-learn, and, for classifiers, the label-free CBPE estimate over every row of the window
 * with its standard errors (cbpe.ts states its assumptions). Labels and predictions are matched
 * to the model's classes by String() equality, so `1`, `"1"` and a class 1 are the same.
 */
import { FlywheelError } from '../../core/index.js';
import type { CellValue } from '../../data/index.js';
import {
  accuracy,
  confusionMatrix,
  meanAbsoluteError,
  r2Score,
  rocAuc,
  rootMeanSquaredError,
} from '../../metrics/index.js';
import type { LoggedPrediction } from '../../prediction-log/index.js';
import { type CbpeOptions, estimatePerformance, matrixScores } from './cbpe.js';

/** What kind of model served the traffic, and its classes in probability order. */
export interface PerformanceModel {
  task: 'binary' | 'multiclass' | 'regression';
  /** The model's classes, in the order of its probabilities (binary: classes[1] is positive). */
  classes?: CellValue[];
}

/** How many labels a window needs, and the bootstrap of the CBPE standard errors. */
export interface PerformanceOptions extends CbpeOptions {
  /** Realized metrics are reported once at least this many rows are labelled. */
  minLabels: number;
}

/** One window's realized and estimated performance. */
export interface WindowPerformance {
  rows: number;
  /** Rows with a valid label and prediction: the ones the realized metrics use. */
  labelled: number;
  /** Rows whose label arrived but is not a known class (or, for regression, not a number). */
  invalidLabels: number;
  /** labelled / rows (0 for an empty window). */
  coverage: number;
  /** accuracy, precision, recall, f1, roc_auc (binary) or mae, rmse, r2; null below minLabels. */
  metrics: Record<string, number> | null;
  /** CBPE estimates over all rows (classification with logged probabilities), else null. */
  estimated: Record<string, number> | null;
  /** Standard errors of the estimates (accuracy exact, others by parametric bootstrap). */
  estimatedSe: Record<string, number> | null;
}

/** Realized and (for classifiers) estimated performance of one window of logged predictions. */
export function windowPerformance(
  rows: LoggedPrediction[],
  model: PerformanceModel,
  options: PerformanceOptions,
): WindowPerformance {
  return model.task === 'regression' ? regression(rows, options) : classification(rows, model, options);
}

function regression(rows: LoggedPrediction[], options: PerformanceOptions): WindowPerformance {
  const y: number[] = [];
  const yHat: number[] = [];
  let invalidLabels = 0;
  for (const r of rows) {
    if (r.label === undefined || r.label === null) continue;
    const label = numberOf(r.label);
    const prediction = numberOf(r.prediction);
    if (label === null) invalidLabels++;
    else if (prediction !== null) {
      y.push(label);
      yHat.push(prediction);
    }
  }
  const metrics =
    y.length >= Math.max(1, options.minLabels)
      ? { mae: meanAbsoluteError(y, yHat), rmse: rootMeanSquaredError(y, yHat), r2: r2Score(y, yHat) }
      : null;
  return summary(rows.length, y.length, invalidLabels, metrics, null);
}

function classification(
  rows: LoggedPrediction[],
  model: PerformanceModel,
  options: PerformanceOptions,
): WindowPerformance {
  const classes = checkClasses(model);
  const k = classes.length;
  const index = new Map(classes.map((c, i) => [String(c), i]));
  const yTrue: number[] = [];
  const yPred: number[] = [];
  const score: number[] = [];
  let invalidLabels = 0;
  // CBPE: every row with a known prediction and k probabilities, labelled or not.
  const predicted: number[] = [];
  const probabilities: number[] = [];
  for (const r of rows) {
    const yHat = index.get(String(r.prediction));
    if (yHat !== undefined && r.probabilities !== null && r.probabilities.length === k) {
      predicted.push(yHat);
      probabilities.push(...r.probabilities);
    }
    if (r.label === undefined || r.label === null) continue;
    const y = index.get(String(r.label));
    if (y === undefined) invalidLabels++;
    else if (yHat !== undefined) {
      yTrue.push(y);
      yPred.push(yHat);
      score.push(k === 2 && r.probabilities?.length === 2 ? r.probabilities[1]! : Number.NaN);
    }
  }
  const metrics = yTrue.length >= Math.max(1, options.minLabels) ? realized(yTrue, yPred, score, k) : null;
  const cbpe =
    predicted.length > 0
      ? estimatePerformance(
          {
            classes: k,
            predicted: Int32Array.from(predicted),
            probabilities: Float64Array.from(probabilities),
          },
          options,
        )
      : null;
  return summary(rows.length, yTrue.length, invalidLabels, metrics, cbpe);
}

/** Realized classification metrics; roc_auc only when every row has a score and both classes occur. */
function realized(yTrue: number[], yPred: number[], score: number[], k: number): Record<string, number> {
  const scores = matrixScores(confusionMatrix(yTrue, yPred, k));
  const out: Record<string, number> = { ...scores, accuracy: accuracy(yTrue, yPred) };
  const both = yTrue.includes(0) && yTrue.includes(1);
  if (k === 2 && both && score.every(Number.isFinite)) out.roc_auc = rocAuc(yTrue, score);
  return out;
}

function summary(
  rows: number,
  labelled: number,
  invalidLabels: number,
  metrics: Record<string, number> | null,
  cbpe: ReturnType<typeof estimatePerformance> | null,
): WindowPerformance {
  return {
    rows,
    labelled,
    invalidLabels,
    coverage: rows > 0 ? labelled / rows : 0,
    metrics,
    estimated: cbpe?.estimated ?? null,
    estimatedSe: cbpe?.se ?? null,
  };
}

function checkClasses(model: PerformanceModel): CellValue[] {
  const classes = model.classes ?? [];
  const want = model.task === 'binary' ? 'exactly 2' : 'at least 2';
  if (model.task === 'binary' ? classes.length !== 2 : classes.length < 2) {
    throw new FlywheelError(
      'INVALID_ARGUMENT',
      `a ${model.task} model needs ${want} classes to measure performance, got ${classes.length}`,
      { hint: "Pass the model's classes in the order of its probabilities (the model card lists them)." },
    );
  }
  return classes;
}

/** A finite number from a number or numeric text, else null. */
function numberOf(v: CellValue | undefined): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && v.trim() !== '') {
    const x = Number(v);
    return Number.isFinite(x) ? x : null;
  }
  return null;
}
