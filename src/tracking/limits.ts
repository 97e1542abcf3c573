/**
 * Limits and name rules for what runs log. They are MLflow's (mlflow/utils/validation.py), so a
 * client that works against MLflow works against Flywheel, and the other way round.
 */
import { FlywheelError } from '../core/index.js';

/** MLflow's limits. */
export const LIMITS = {
  keyLength: 250,
  paramValueLength: 6000,
  tagValueLength: 8000,
  experimentNameLength: 500,
  runNameLength: 250,
  batchParamsOrTags: 100,
  batchMetrics: 1000,
  batchEntities: 1000,
} as const;

// Keys: letters, digits, _ - . / and spaces, not an absolute path and no empty or dot segments.
const KEY = /^[\w./ -]+$/;

/** Check a param, metric or tag key; `what` names it in the error (e.g. "param key"). */
export function checkKey(key: string, what: string): string {
  if (key.length === 0 || key.length > LIMITS.keyLength) {
    throw invalid(`${what} must be 1 to ${LIMITS.keyLength} characters long, got ${key.length}`, what);
  }
  if (!KEY.test(key)) {
    throw invalid(
      `invalid ${what} "${key}": names may only contain letters, digits, underscores (_), dashes (-), periods (.), spaces and slashes (/)`,
      what,
    );
  }
  const segments = key.split('/');
  if (key.startsWith('/') || segments.some((s) => s === '' || s === '.' || s === '..')) {
    throw invalid(
      `invalid ${what} "${key}": it must be a relative path without empty, "." or ".." parts`,
      what,
    );
  }
  return key;
}

/** Check a value against a length limit. */
export function checkLength(value: string, max: number, what: string): string {
  if (value.length > max) {
    throw invalid(`${what} is ${value.length} characters long; the limit is ${max}`, what);
  }
  return value;
}

/** Check an experiment name. */
export function checkExperimentName(name: string): string {
  if (name.trim() === '') throw invalid('experiment name must not be empty', 'experiment name');
  return checkLength(name, LIMITS.experimentNameLength, 'experiment name');
}

function invalid(message: string, field: string): FlywheelError {
  return new FlywheelError('INVALID_ARGUMENT', message, {
    where: { field },
    hint: 'Rename it within the limits listed in docs/tracking.md (they are the same as MLflow’s).',
  });
}
