/**
 * What a confidence policy would do on evaluated rows: below a confidence threshold a prediction is
 * not acted on but sent somewhere else (a human, discarded, or a request for more information). The
 * report shows what share is kept (coverage) and how accurate the kept share is, for every
 * threshold. The policy itself (schema, stored tag, the rule) lives with the model: models/decision.ts.
 */
import type { Scores } from './metric-set.js';

/** The confidence of each row: the probability of the predicted class. */
export function confidences(s: Scores, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    if (s.width === 1) out[r] = Math.max(s.values[r]!, 1 - s.values[r]!);
    else {
      let best = 0;
      for (let k = 0; k < s.width; k++) best = Math.max(best, s.values[r * s.width + k]!);
      out[r] = best;
    }
  }
  return out;
}

/** One point of the coverage–accuracy curve. */
export interface CoveragePoint {
  threshold: number;
  coverage: number;
  accuracy: number | null;
}

/** Coverage and accuracy on the kept share for thresholds 0.5…0.99 (and the policy's own threshold). */
export function coverageAccuracy(correct: Uint8Array, conf: Float64Array, extra?: number): CoveragePoint[] {
  const thresholds = [0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99];
  if (extra !== undefined && !thresholds.includes(extra)) thresholds.push(extra);
  thresholds.sort((a, b) => a - b);
  return thresholds.map((t) => {
    let kept = 0;
    let right = 0;
    for (let r = 0; r < conf.length; r++) {
      if (conf[r]! >= t) {
        kept++;
        right += correct[r]!;
      }
    }
    return { threshold: t, coverage: kept / conf.length, accuracy: kept > 0 ? right / kept : null };
  });
}
