/** Checking metric inputs: equal lengths, finite values, non-negative weights. */
import { FlywheelError } from '../core/index.js';

/** Labels or targets, scores, and optional sample weights. */
export type Numbers = ArrayLike<number>;

/** The weight of row i (1 when no weights are given). */
export function weightAt(weights: Numbers | undefined, i: number): number {
  return weights === undefined ? 1 : weights[i]!;
}

/** Throw a clear error unless every array has `n` rows and every value is finite. */
export function checkInputs(metric: string, arrays: Record<string, Numbers | undefined>): number {
  let n = -1;
  for (const [name, arr] of Object.entries(arrays)) {
    if (arr === undefined) continue;
    if (n === -1) n = arr.length;
    else if (arr.length !== n) {
      throw new FlywheelError(
        'INVALID_ARGUMENT',
        `${metric}: ${name} has ${arr.length} rows, expected ${n}`,
        {
          hint: 'Pass labels, predictions and weights for the same rows.',
        },
      );
    }
    for (let i = 0; i < arr.length; i++) {
      const v = arr[i]!;
      if (!Number.isFinite(v) || (name === 'weights' && v < 0)) {
        throw new FlywheelError('DATA_INVALID', `${metric}: ${name}[${i}] is ${v}`, {
          where: { row: i, field: name },
          hint:
            name === 'weights'
              ? 'Sample weights must be finite and non-negative.'
              : 'Remove or impute rows with NaN or infinite values before evaluating.',
        });
      }
    }
  }
  if (n === 0) {
    throw new FlywheelError('DATA_INVALID', `${metric}: no rows to evaluate`, {
      hint: 'Evaluate on a non-empty dataset or slice.',
    });
  }
  return n;
}

/** The error for a metric that is undefined on this data (e.g. ROC-AUC with one class). */
export function undefinedMetric(metric: string, why: string): FlywheelError {
  return new FlywheelError('DATA_INVALID', `${metric} is undefined: ${why}`, {
    hint: 'Evaluate on data that contains every class (a slice may hold only one), or pick another metric.',
  });
}
