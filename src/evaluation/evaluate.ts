/**
 * Evaluating a model on a table: the task's metric set, baselines and the model's lift over each,
 * slices with the worst flagged, usefulness requirements, an operating point chosen on validation
 * rows and checked on these, and the coverage–accuracy trade-off of a confidence policy.
 */
import type { Table } from '../data/index.js';
import type { ConfidencePolicy, Model, Task } from '../models/index.js';
import { type Baseline, type BaselineTrainer, computeBaselines } from './baselines.js';
import { type BehaviourResult, type BehaviourTest, runBehaviourTests } from './behaviour.js';
import { type CoveragePoint, confidences, coverageAccuracy } from './confidence.js';
import {
  computeMetricSet,
  LOWER_IS_BETTER,
  type MetricValues,
  PRIMARY_METRIC,
  type Scores,
} from './metric-set.js';
import {
  binaryCurves,
  type CalibrationBin,
  type ConfusionReport,
  type Curves,
  calibrationBins,
  confusionReport,
  predictedClass,
} from './report-parts.js';
import { checkRequirements, type Requirement, type RequirementResult } from './requirements.js';
import { sliceTable } from './slices.js';
import { encodeTarget } from './targets.js';
import { chooseThreshold, type OperatingPoint, type OperatingTarget, wilsonInterval } from './threshold.js';

/** What to evaluate beyond the metric set. */
export interface EvaluateOptions {
  slices?: string[];
  requirements?: Requirement[];
  /** The decision threshold for binary metrics (default 0.5, or the operating point's). */
  threshold?: number;
  /** Where `threshold` came from, for the report: the caller, or the model version's stored tag. */
  thresholdSource?: 'given' | 'stored';
  /** Pick the threshold on `validation` rows to meet this target. */
  operating?: { target: OperatingTarget; validation: Table };
  policy?: ConfidencePolicy;
  /** Behavioural tests to run (CheckList style); a failing one fails the evaluation. */
  tests?: BehaviourTest[];
  baselines?: boolean;
  /** Fits the linear baseline (the platform passes training's trainer); without it that baseline is left out. */
  trainBaseline?: BaselineTrainer;
  seed?: number;
}

/** Metrics of one slice. */
export interface SliceResult {
  name: string;
  rows: number;
  metrics: MetricValues;
  /** True when its primary metric is clearly worse than overall (see `flagWorst`). */
  worst: boolean;
}

/** The operating point chosen on validation rows and what it gives on the evaluated rows. */
export interface OperatingReport {
  target: OperatingTarget;
  /** The point chosen on validation rows, with the 95% Wilson intervals of its rates there. */
  validation: OperatingPoint & { precisionInterval: [number, number]; recallInterval: [number, number] };
  test: {
    precision: number;
    recall: number;
    precisionInterval: [number, number];
    recallInterval: [number, number];
  };
  /**
   * True when the rates on the evaluated rows agree with those chosen on validation within sampling
   * error: their 95% intervals overlap (recall and precision alike).
   */
  consistent: boolean;
  /** The precision–recall curve on the evaluated rows (at most 101 points). */
  curve: Array<{ threshold: number; precision: number; recall: number }>;
}

/** The full evaluation. */
export interface EvalReport {
  task: Task;
  target: string;
  rows: number;
  /**
   * Binary tasks only: the probability of the positive class from which a row is predicted
   * positive (multiclass predicts the most probable class; regression has no decision rule).
   */
  threshold?: number;
  /**
   * Where the threshold came from: the default 0.5, the caller, the model version (`flywheel.threshold`,
   * which serving uses), or the operating point chosen in this evaluation.
   */
  thresholdSource?: 'default' | 'given' | 'stored' | 'operating point';
  primaryMetric: string;
  metrics: MetricValues;
  baselines: Baseline[];
  /** Model minus baseline, per baseline and metric (for error metrics, baseline minus model: positive is better). */
  lift: Record<string, MetricValues>;
  slices: SliceResult[];
  requirements: RequirementResult[];
  behaviour: BehaviourResult[];
  passed: boolean;
  operating?: OperatingReport;
  confidence?: {
    policy: ConfidencePolicy;
    abstentionRate: number;
    acceptedAccuracy: number | null;
    curve: CoveragePoint[];
  };
  /** Classification: true against predicted class at the decision rule the metrics used. */
  confusion?: ConfusionReport;
  /** Binary tasks with both classes present: the non-empty calibration bins with their row counts. */
  calibration?: CalibrationBin[];
  /** Binary tasks: ROC, precision–recall and reliability curves (at most 202 points each) for reports. */
  curves?: Curves;
}

/** Evaluate `model` on `table` (which must hold the model's target column). */
export async function evaluateModel(
  model: Model,
  table: Table,
  options: EvaluateOptions = {},
): Promise<EvalReport> {
  const task = model.schema.output.task;
  const y = encodeTarget(table, model.schema.output);
  const p = model.predict(table);
  const scores: Scores = { values: p.values, width: p.width };
  const operating =
    options.operating && task === 'binary' ? operatingReport(model, y, scores, options.operating) : undefined;
  const threshold = operating?.validation.threshold ?? options.threshold ?? 0.5;
  const thresholdSource = operating
    ? 'operating point'
    : options.threshold !== undefined
      ? (options.thresholdSource ?? 'given')
      : 'default';
  const metrics = computeMetricSet(task, y, scores, threshold);
  const baselines =
    options.baselines === false
      ? []
      : await computeBaselines(model, table, y, options.seed ?? 0, options.trainBaseline);
  const slices = (options.slices ?? [])
    .flatMap((spec) => sliceTable(table, spec))
    .map((s) => sliceResult(task, y, scores, threshold, s.name, s.rows));
  flagWorst(slices, metrics, PRIMARY_METRIC[task]);
  const requirements = checkRequirements(options.requirements ?? [], metrics);
  const behaviour = runBehaviourTests(model, table, options.tests ?? []);
  const report: EvalReport = {
    task,
    target: model.schema.output.target,
    rows: table.rowCount,
    ...(task === 'binary' ? { threshold, thresholdSource } : {}),
    primaryMetric: PRIMARY_METRIC[task],
    metrics,
    baselines,
    lift: Object.fromEntries(baselines.map((b) => [b.name, lift(metrics, b.metrics)])),
    slices,
    requirements,
    behaviour,
    passed: requirements.every((r) => r.passed) && behaviour.every((b) => b.passed),
  };
  if (operating) report.operating = operating;
  if (task !== 'regression')
    report.confusion = confusionReport(y, scores, model.schema.output.classes ?? [], threshold);
  if (task === 'binary' && new Set(y).size === 2) {
    report.calibration = calibrationBins(y, scores.values);
    report.curves = binaryCurves(y, scores.values, report.calibration);
  }
  if (options.policy && task !== 'regression')
    report.confidence = confidenceReport(y, scores, threshold, options.policy);
  return report;
}

function lift(model: MetricValues, base: MetricValues): MetricValues {
  const out: MetricValues = {};
  for (const [k, v] of Object.entries(model)) {
    const b = base[k];
    if (b !== undefined) out[k] = LOWER_IS_BETTER.has(k) ? b - v : v - b;
  }
  return out;
}

function sliceResult(
  task: Task,
  y: Float64Array,
  s: Scores,
  threshold: number,
  name: string,
  rows: Int32Array,
): SliceResult {
  const ys = Float64Array.from(rows, (r) => y[r]!);
  const values = new Float64Array(rows.length * s.width);
  for (let i = 0; i < rows.length; i++)
    values.set(s.values.subarray(rows[i]! * s.width, (rows[i]! + 1) * s.width), i * s.width);
  return {
    name,
    rows: rows.length,
    metrics: computeMetricSet(task, ys, { values, width: s.width }, threshold),
    worst: false,
  };
}

/** Flag slices whose primary metric (or accuracy when it is undefined there) trails overall by more than 0.02. */
function flagWorst(slices: SliceResult[], overall: MetricValues, primary: string): void {
  for (const s of slices) {
    const key = s.metrics[primary] !== undefined ? primary : 'accuracy';
    const a = s.metrics[key];
    const o = overall[key];
    if (a === undefined || o === undefined) continue;
    s.worst = LOWER_IS_BETTER.has(key) ? a - o > 0.02 : o - a > 0.02;
  }
}

function operatingReport(
  model: Model,
  y: Float64Array,
  s: Scores,
  op: NonNullable<EvaluateOptions['operating']>,
): OperatingReport {
  const yv = encodeTarget(op.validation, model.schema.output);
  const pv = model.predict(op.validation).values;
  const chosen = chooseThreshold(yv, pv, op.target);
  const v = ratesAt(yv, pv, chosen.threshold);
  const t = ratesAt(y, s.values, chosen.threshold);
  const overlap = (a: [number, number], b: [number, number]) => a[0] <= b[1] && b[0] <= a[1];
  return {
    target: op.target,
    validation: { ...chosen, precisionInterval: v.precisionInterval, recallInterval: v.recallInterval },
    test: t,
    consistent:
      overlap(v.recallInterval, t.recallInterval) && overlap(v.precisionInterval, t.precisionInterval),
    curve: prCurvePoints(y, s.values),
  };
}

function ratesAt(y: Float64Array, p: Float64Array, threshold: number): OperatingReport['test'] {
  let tp = 0;
  let fp = 0;
  let pos = 0;
  for (let r = 0; r < y.length; r++) {
    const predicted = p[r]! >= threshold;
    if (y[r] === 1) pos++;
    if (predicted && y[r] === 1) tp++;
    if (predicted && y[r] !== 1) fp++;
  }
  const ri = wilsonInterval(tp, pos);
  const pi = wilsonInterval(tp, tp + fp);
  return {
    precision: tp + fp > 0 ? tp / (tp + fp) : 0,
    recall: pos > 0 ? tp / pos : 0,
    precisionInterval: [pi.low, pi.high],
    recallInterval: [ri.low, ri.high],
  };
}

function prCurvePoints(y: Float64Array, p: Float64Array): OperatingReport['curve'] {
  const out: OperatingReport['curve'] = [];
  for (let i = 0; i <= 100; i++) {
    const t = i / 100;
    let tp = 0;
    let fp = 0;
    let pos = 0;
    for (let r = 0; r < y.length; r++) {
      if (y[r] === 1) pos++;
      if (p[r]! >= t) {
        if (y[r] === 1) tp++;
        else fp++;
      }
    }
    out.push({ threshold: t, precision: tp + fp > 0 ? tp / (tp + fp) : 1, recall: pos > 0 ? tp / pos : 0 });
  }
  return out;
}

function confidenceReport(
  y: Float64Array,
  s: Scores,
  threshold: number,
  policy: ConfidencePolicy,
): EvalReport['confidence'] {
  const n = y.length;
  const conf = confidences(s, n);
  const correct = new Uint8Array(n);
  for (let r = 0; r < n; r++) correct[r] = predictedClass(s, r, threshold) === y[r] ? 1 : 0;
  const curve = coverageAccuracy(correct, conf, policy.below);
  const at = curve.find((c) => c.threshold === policy.below)!;
  return { policy, abstentionRate: 1 - at.coverage, acceptedAccuracy: at.accuracy, curve };
}
