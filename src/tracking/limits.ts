/**
 * Limits and name rules for what runs log. They are MLflow's (mlflow/utils/validation.py), so a
 * client that works against MLflow works against Flywheel, and the other way round.
 */
import { badText, FlywheelError } from '../core/index.js';

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

/**
 * Bounds of the search filter languages (run filters and the small experiment/model filters), so
 * one request cannot hold the event loop or make SQL the databases refuse. Every search path (the
 * library, `flywheel runs list --filter`, the HTTP routes) parses through these checks; the biggest
 * filter they allow runs on SQLite and PostgreSQL (src/server/routes/mlflow-search-limits.test.ts).
 */
export const FILTER_LIMITS = {
  /** Characters in one filter string. */
  length: 65_536,
  /** Comparisons (`metrics.auc > 0.9`) in one filter. */
  comparisons: 100,
  /** Parentheses nested inside each other. */
  depth: 16,
  /** Values in all `in (…)` lists of one filter together. */
  listValues: 1000,
  /** Characters of one compared value (the longest tag value). */
  valueLength: 8000,
  /** Characters of one LIKE/ILIKE pattern. */
  patternLength: 500,
  /** `%` wildcards in one LIKE/ILIKE pattern. */
  patternWildcards: 10,
  /** Sort keys of one search. */
  sortKeys: 10,
  /** Experiment ids of one run search. */
  experimentIds: 1000,
} as const;

/** The error for a search filter past one of FILTER_LIMITS, naming the limit. */
export function filterLimitError(
  what: string,
  limit: keyof typeof FILTER_LIMITS,
  got: number,
  field = 'filter',
): FlywheelError {
  const max = FILTER_LIMITS[limit];
  return new FlywheelError('INVALID_ARGUMENT', `${what}: got ${got}, the limit is ${max}`, {
    where: { field },
    hint: 'Narrow the search: fewer or shorter conditions, an "in (…)" list instead of many "or", or several searches. docs/tracking.md lists the limits.',
    details: { limit, max, got },
  });
}

/** Check a LIKE/ILIKE pattern against the pattern limits. */
export function checkLikePattern(pattern: string, field = 'filter'): string {
  if (pattern.length > FILTER_LIMITS.patternLength)
    throw filterLimitError('a LIKE pattern is too long', 'patternLength', pattern.length, field);
  let wildcards = 0;
  for (const ch of pattern) if (ch === '%') wildcards++;
  if (wildcards > FILTER_LIMITS.patternWildcards)
    throw filterLimitError('a LIKE pattern has too many % wildcards', 'patternWildcards', wildcards, field);
  return pattern;
}

// Keys: letters, digits, _ - . / and spaces, not an absolute path and no empty or dot segments.
const KEY = /^[\w./ -]+$/;

/** Check a param, metric or tag key; `what` names it in the error (e.g. "param key"). */
export function checkKey(key: string, what: string): string {
  checkText(key, what);
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

/** Refuse text no store keeps as given (NUL, lone surrogates), naming `what`. */
export function checkText(value: string, what: string): string {
  const why = badText(value);
  if (why) throw invalid(`${what} ${why}`, what);
  return value;
}

/** Check a value against a length limit (and checkText). */
export function checkLength(value: string, max: number, what: string): string {
  checkText(value, what);
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
