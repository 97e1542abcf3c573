/**
 * The parts of an evaluation report beyond single numbers: the confusion matrix at the decision
 * rule actually used, the calibration bins with their row counts, and the thinned ROC and
 * precision–recall curves the HTML charts draw.
 */
import type { CellValue } from '../data/index.js';
import { precisionRecallCurve, reliabilityCurve, rocCurve } from '../metrics/index.js';
import type { Scores } from './metric-set.js';
import { wilsonInterval } from './threshold.js';

/** Counts of true class (rows) against predicted class (columns), in the model's class order. */
export interface ConfusionReport {
  /** The class labels, as text (the model's classes). */
  labels: string[];
  /** matrix[t][p]: rows whose true class is labels[t] and predicted class labels[p]. */
  matrix: number[][];
  /** How the predicted class was chosen: `p >= threshold` (binary) or the largest probability. */
  rule: string;
}

/** One non-empty bin of the calibration (reliability) chart. */
export interface CalibrationBin {
  /** The bin's range of predicted probability: (from, to], the first one closed at 0. */
  from: number;
  to: number;
  rows: number;
  /** Mean predicted probability and observed share of positives in the bin. */
  predicted: number;
  observed: number;
  /** 95% Wilson interval of the observed share (wide where a bin has few rows). */
  interval: [number, number];
}

/** Points of a curve. */
export interface CurvePoints {
  x: number[];
  y: number[];
}

/** The charts of a binary report. */
export interface Curves {
  roc: CurvePoints;
  pr: CurvePoints;
  /** Mean predicted probability (x) against observed frequency (y) of the non-empty bins. */
  calibration: CurvePoints;
}

/** Bins of the calibration chart: the 10 uniform bins ECE uses; empty bins are left out. */
export const CALIBRATION_BINS = 10;

/** The confusion matrix of classification scores (`threshold` decides binary rows). */
export function confusionReport(
  y: Float64Array,
  s: Scores,
  classes: readonly CellValue[],
  threshold: number,
): ConfusionReport {
  const k = s.width === 1 ? 2 : s.width;
  const matrix = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let r = 0; r < y.length; r++) {
    const t = y[r]!;
    if (!Number.isInteger(t) || t < 0 || t >= k) continue;
    matrix[t]![predictedClass(s, r, threshold)]!++;
  }
  const labels = Array.from({ length: k }, (_, i) => String(classes[i] ?? i));
  const rule =
    s.width === 1 ? `${labels[1]} when P(${labels[1]}) >= ${threshold}` : 'the class of largest probability';
  return { labels, matrix, rule };
}

/** The class predicted for row `r`: threshold on one probability, else the largest. */
export function predictedClass(s: Scores, r: number, threshold: number): number {
  if (s.width === 1) return s.values[r]! >= threshold ? 1 : 0;
  let best = 0;
  for (let k = 1; k < s.width; k++) if (s.values[r * s.width + k]! > s.values[r * s.width + best]!) best = k;
  return best;
}

/** The non-empty calibration bins of positive-class probabilities `p` against 0/1 labels `y`. */
export function calibrationBins(y: Float64Array, p: Float64Array): CalibrationBin[] {
  const curve = reliabilityCurve(y, p, CALIBRATION_BINS);
  const out: CalibrationBin[] = [];
  for (let j = 0; j < curve.counts.length; j++) {
    const rows = curve.counts[j]!;
    const predicted = curve.probPred[j]!;
    const b = curve.bins[j]!;
    const w = wilsonInterval(Math.round(curve.probTrue[j]! * rows), rows);
    out.push({
      from: b / CALIBRATION_BINS,
      to: (b + 1) / CALIBRATION_BINS,
      rows,
      predicted,
      observed: curve.probTrue[j]!,
      interval: [w.low, w.high],
    });
  }
  return out;
}

function thin(x: ArrayLike<number>, y: ArrayLike<number>, max = 201): CurvePoints {
  const step = Math.max(1, Math.ceil(x.length / max));
  const out: CurvePoints = { x: [], y: [] };
  for (let i = 0; i < x.length; i += step) {
    out.x.push(x[i]!);
    out.y.push(y[i]!);
  }
  if ((x.length - 1) % step !== 0) {
    out.x.push(x[x.length - 1]!);
    out.y.push(y[y.length - 1]!);
  }
  return out;
}

/** ROC, precision–recall and calibration curves (at most 202 points each) of a binary model. */
export function binaryCurves(y: Float64Array, p: Float64Array, bins: CalibrationBin[]): Curves {
  const roc = rocCurve(y, p);
  const pr = precisionRecallCurve(y, p);
  return {
    roc: thin(roc.fpr, roc.tpr),
    pr: thin(pr.recall, pr.precision),
    calibration: { x: bins.map((b) => b.predicted), y: bins.map((b) => b.observed) },
  };
}

/**
 * One number format for the HTML report (the CLI's `num` rule): integers as they are, else 4 significant
 * digits without trailing zeros, exponent form below 1e-4 and from 1e6; a dash when missing.
 */
export function fmt(v: number | null | undefined): string {
  if (v === null || v === undefined) return '–';
  if (Number.isInteger(v) || !Number.isFinite(v)) return String(v);
  const rounded = Number(v.toPrecision(4));
  const a = Math.abs(rounded);
  return a < 1e-4 || a >= 1e6 ? rounded.toExponential() : String(rounded);
}
