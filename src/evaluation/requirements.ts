/** Usefulness thresholds: `roc_auc >= 0.85`, `recall >= 0.95`; failing one fails the evaluation. */
import { FlywheelError } from '../core/index.js';
import type { MetricValues } from './metric-set.js';

/** One requirement on a metric. */
export interface Requirement {
  metric: string;
  op: '>=' | '>' | '<=' | '<';
  value: number;
}

/** The outcome of one requirement. */
export interface RequirementResult extends Requirement {
  actual: number | null;
  passed: boolean;
}

/** Parse `metric op number` (also `{ metric: ">= 0.85" }` entries from YAML: pass `metric` and the text). */
export function parseRequirement(text: string, metric?: string): Requirement {
  const m = /^\s*(?:([a-z_0-9]+)\s*)?(>=|<=|>|<)\s*(-?\d+(?:\.\d+)?)\s*$/i.exec(text);
  const name = metric ?? m?.[1];
  if (!m || !name) {
    throw new FlywheelError(
      'INVALID_ARGUMENT',
      `cannot read requirement "${metric ? `${metric}: ` : ''}${text}"`,
      {
        hint: 'Write it as METRIC OP NUMBER, e.g. "roc_auc >= 0.85" or "recall>=0.95".',
      },
    );
  }
  return { metric: name, op: m[2] as Requirement['op'], value: Number(m[3]) };
}

/** Check each requirement against the metrics; a missing metric fails with actual = null. */
export function checkRequirements(requirements: Requirement[], metrics: MetricValues): RequirementResult[] {
  return requirements.map((r) => {
    const actual = metrics[r.metric];
    if (actual === undefined) return { ...r, actual: null, passed: false };
    const passed =
      r.op === '>='
        ? actual >= r.value
        : r.op === '>'
          ? actual > r.value
          : r.op === '<='
            ? actual <= r.value
            : actual < r.value;
    return { ...r, actual, passed };
  });
}
