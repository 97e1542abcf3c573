/**
 * Operating points: the decision threshold that meets a recall or precision target, or minimises
 * an expected cost, chosen on validation scores; and the sampling error of a rate measured on test.
 */
import { FlywheelError } from '../core/index.js';
import { type Numbers, thresholdCounts } from '../metrics/index.js';

/** What the threshold must achieve. */
export type OperatingTarget =
  | { kind: 'recall'; min: number }
  | { kind: 'precision'; min: number }
  | { kind: 'cost'; falsePositive: number; falseNegative: number };

/** The chosen threshold (predict positive when score ≥ threshold) and the rates it gave. */
export interface OperatingPoint {
  threshold: number;
  precision: number;
  recall: number;
  falsePositiveRate: number;
  /** The expected cost per row, for a cost target. */
  cost?: number;
}

/**
 * Pick the threshold: for a recall target, the highest threshold whose recall is at least the
 * target (the best precision that meets it); for a precision target, the lowest threshold whose
 * precision is at least the target (the best recall); for costs, the threshold of least total cost.
 */
export function chooseThreshold(
  yTrue: Numbers,
  scores: Numbers,
  target: OperatingTarget,
  weights?: Numbers,
): OperatingPoint {
  const c = thresholdCounts(yTrue, scores, weights);
  const P = c.tps.at(-1)!;
  const N = c.fps.at(-1)!;
  const point = (j: number): OperatingPoint => {
    const tp = c.tps[j]!;
    const fp = c.fps[j]!;
    return {
      threshold: c.thresholds[j]!,
      precision: tp + fp > 0 ? tp / (tp + fp) : 0,
      recall: P > 0 ? tp / P : 0,
      falsePositiveRate: N > 0 ? fp / N : 0,
    };
  };
  const m = c.thresholds.length;
  if (target.kind === 'recall') {
    for (let j = 0; j < m; j++) if (point(j).recall >= target.min) return point(j);
  } else if (target.kind === 'precision') {
    for (let j = m - 1; j >= 0; j--) if (point(j).precision >= target.min) return point(j);
  } else {
    let best = -1;
    let bestCost = Number.POSITIVE_INFINITY;
    for (let j = 0; j < m; j++) {
      const cost = target.falsePositive * c.fps[j]! + target.falseNegative * (P - c.tps[j]!);
      if (cost < bestCost) {
        bestCost = cost;
        best = j;
      }
    }
    return { ...point(best), cost: bestCost / (P + N) };
  }
  throw new FlywheelError(
    'CHECK_FAILED',
    `no threshold reaches ${target.kind} ≥ ${target.min} on the validation data`,
    {
      hint: 'Lower the target, or improve the model; the precision–recall curve in the report shows what is reachable.',
    },
  );
}

/** A two-sided Wilson score interval for a proportion k/n (z = 1.96 for 95%). */
export function wilsonInterval(k: number, n: number, z = 1.96): { low: number; high: number } {
  if (n <= 0) return { low: 0, high: 1 };
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}
