/**
 * The one rule for which names a model's input may carry, used by every path that scores:
 * `model.predict`/`predictRow`, every HTTP protocol of the server, and batch scoring. A missing
 * *value* (null, NaN, an empty cell) is data the model handles; a missing *feature* (no such key or
 * column) or a key that is no feature is almost always a client's bug (`mean_radius` sent for
 * `mean radius`), so it is refused with the names and a "did you mean", unless:
 *
 * - the model declares the feature optional (it may be absent and is then imputed like a missing
 *   value): `optional: true` on the feature in its schema (training's `optional_features`), or the
 *   model-version tag `flywheel.optional_features` (a comma-separated list);
 * - the caller names the extra keys it expects (an id column, passthrough or suite columns), or
 *   accepts unknown keys altogether (serve.yaml `unknown_keys: ignore`).
 */
import { FlywheelError } from '../core/errors.js';
import { closestName } from '../core/suggest.js';
import { TAGS } from '../core/tags.js';
import type { ModelSchema } from './schema.js';

/** The model-version tag listing features that may be absent (comma-separated names). */
export const OPTIONAL_FEATURES_TAG = TAGS.optionalFeatures;

/** What a check allows beyond the model's own declaration. */
export interface FeatureNamePolicy {
  /** Names that are not features but belong to the input (id, passthrough or suite columns). */
  known?: Iterable<string>;
  /** Refuse names that are neither features nor `known` (default true). */
  refuseUnknown?: boolean;
}

/** The outcome of a check: required features absent, names that are no feature, optional ones absent. */
export interface FeatureNameCheck {
  missing: readonly string[];
  unknown: readonly string[];
  /** Optional features absent: scored as missing values (imputed). */
  imputed: readonly string[];
  /** Names that are no feature but allowed, listed only when a feature is missing (for "did you mean"). */
  extra?: readonly string[];
}

const CLEAN: FeatureNameCheck = Object.freeze({
  missing: Object.freeze([]),
  unknown: Object.freeze([]),
  imputed: Object.freeze([]),
}) as FeatureNameCheck;

/** The features a model declares optional: `optional: true` in its schema, plus its version's tag. */
export function optionalFeatures(
  schema: ModelSchema,
  info: Readonly<Record<string, unknown>> = {},
): string[] {
  const names = new Set(schema.features.filter((f) => f.optional === true).map((f) => f.name));
  const tag = info[OPTIONAL_FEATURES_TAG];
  if (typeof tag === 'string') {
    const features = new Set(schema.features.map((f) => f.name));
    for (const raw of tag.split(',')) {
      const name = raw.trim();
      if (features.has(name)) names.add(name);
    }
  }
  return [...names];
}

/** Checks the names of inputs to one model under one policy (built once, used per row or table). */
export class FeatureNames {
  /** The model's features, in schema order. */
  readonly features: readonly string[];
  /** Features that may be absent. */
  readonly optional: ReadonlySet<string>;
  private readonly featureSet: ReadonlySet<string>;
  private readonly known: ReadonlySet<string>;
  private readonly refuseUnknown: boolean;

  constructor(
    schema: ModelSchema,
    info: Readonly<Record<string, unknown>> = {},
    policy: FeatureNamePolicy = {},
  ) {
    this.features = schema.features.map((f) => f.name);
    this.featureSet = new Set(this.features);
    this.optional = new Set(optionalFeatures(schema, info));
    this.known = new Set(policy.known ?? []);
    this.refuseUnknown = policy.refuseUnknown !== false;
  }

  /**
   * Check the names an input carries: `has(name)` says whether a feature is present, `names` lists
   * every name (only read when unknown names are refused). Allocates nothing when all is well.
   */
  check(has: (name: string) => boolean, names: () => Iterable<string>): FeatureNameCheck {
    let missing: string[] | undefined;
    let imputed: string[] | undefined;
    for (const f of this.features) {
      if (has(f)) continue;
      if (this.optional.has(f)) imputed = add(imputed, f);
      else missing = add(missing, f);
    }
    let unknown: string[] | undefined;
    let extra: string[] | undefined;
    if (this.refuseUnknown || missing !== undefined) {
      for (const name of names()) {
        if (this.featureSet.has(name)) continue;
        if (this.refuseUnknown && !this.known.has(name)) unknown = add(unknown, name);
        else extra = add(extra, name);
      }
    }
    if (missing === undefined && unknown === undefined && imputed === undefined) return CLEAN;
    const check: FeatureNameCheck = {
      missing: missing ?? [],
      unknown: unknown ?? [],
      imputed: imputed ?? [],
    };
    if (missing !== undefined && extra !== undefined) check.extra = extra;
    return check;
  }

  /** Whether a row object lacks a feature's key that is not optional (the cheap test of a hot path). */
  lacksRequired(row: object): boolean {
    const features = this.features;
    for (let i = 0; i < features.length; i++) {
      const f = features[i]!;
      if (!Object.hasOwn(row, f) && !this.optional.has(f)) return true;
    }
    return false;
  }

  /** Check a row object's own keys. */
  checkRow(row: object): FeatureNameCheck {
    return this.check(
      (f) => Object.hasOwn(row, f),
      () => Object.keys(row),
    );
  }

  /** Check a table's (or file's) column names. */
  checkColumns(columns: readonly string[]): FeatureNameCheck {
    const set = new Set(columns);
    return this.check(
      (f) => set.has(f),
      () => columns,
    );
  }
}

/** `list` with `name` appended (made on the first name: a clean input allocates nothing). */
function add(list: string[] | undefined, name: string): string[] {
  if (list === undefined) return [name];
  list.push(name);
  return list;
}

/** Whether a check refuses its input (a required feature absent, or a name that is no feature). */
export function refused(check: FeatureNameCheck): boolean {
  return check.missing.length > 0 || check.unknown.length > 0;
}

/**
 * "Did you mean": per unknown name, the absent feature it is closest to (else any feature), and per
 * missing feature, the unknown name closest to it; names without a close match are left out.
 */
export function featureSuggestions(
  check: FeatureNameCheck,
  features: readonly string[],
): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  const others = [...check.unknown, ...(check.extra ?? [])].slice(0, 1000);
  for (const name of others) {
    const s =
      closestName(check.missing, name) ??
      (check.unknown.includes(name) ? closestName(features, name) : undefined);
    if (s !== undefined) out[name] = s;
  }
  for (const name of check.missing.slice(0, 1000)) {
    const s = closestName(others, name);
    if (s !== undefined) out[name] = s;
  }
  return out;
}

const listed = (names: readonly string[]) =>
  names.length > 10
    ? `${names.slice(0, 10).map(quote).join(', ')} and ${names.length - 10} more`
    : names.map(quote).join(', ');
const quote = (s: string) => JSON.stringify(s.length > 60 ? `${s.slice(0, 60)}…` : s);

/**
 * One sentence naming what a refused check found, e.g. `lacks feature "mean radius" and has the
 * unknown key "mean_radius" (did you mean "mean radius"?)`; `noun` is "key" or "column".
 */
export function describeFeatureCheck(
  check: FeatureNameCheck,
  features: readonly string[],
  noun: 'key' | 'column',
): string {
  const parts: string[] = [];
  const m = check.missing;
  if (m.length > 0)
    parts.push(
      `lacks ${m.length} of the model's ${features.length} features (${m.length === 1 ? 'feature' : 'features'} ${listed(m)})`,
    );
  const u = check.unknown;
  if (u.length > 0)
    parts.push(`has ${u.length === 1 ? `an unknown ${noun}` : `${u.length} unknown ${noun}s`} ${listed(u)}`);
  const hints = Object.entries(featureSuggestions(check, features))
    .filter(([from]) => !features.includes(from))
    .slice(0, 5)
    .map(([from, to]) => `${quote(from)} → ${quote(to)}`);
  return `${parts.join(' and ')}${hints.length > 0 ? ` (did you mean ${hints.join(', ')}?)` : ''}`;
}

/**
 * The error for a refused table, file or row outside a request (SCHEMA_MISMATCH): `what` says whose
 * names they are, e.g. "The input" or "The row".
 */
export function featureNamesError(
  check: FeatureNameCheck,
  features: readonly string[],
  what: string,
  noun: 'key' | 'column',
): FlywheelError {
  return new FlywheelError('SCHEMA_MISMATCH', `${what} ${describeFeatureCheck(check, features, noun)}`, {
    hint:
      check.missing.length > 0
        ? `Send every feature (null or an empty cell for a missing value), fix misspelt ${noun}s, or declare the feature optional (train with optional_features, or tag the version ${OPTIONAL_FEATURES_TAG}).`
        : `Leave out ${noun}s that are not features, or fix their spelling.`,
    details: {
      missing: check.missing.slice(0, 100),
      unknown: check.unknown.slice(0, 100),
      suggestions: featureSuggestions(check, features),
    },
  });
}
