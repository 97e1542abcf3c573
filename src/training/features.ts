/**
 * Choosing and checking the features of a training table, and fitting the preprocessing steps that
 * will travel inside the model: means and standard deviations, imputation values, the categories of
 * each categorical feature (the most frequent ones when there are too many) and target encodings.
 */
import { closestName, FlywheelError } from '../core/index.js';
import { type Column, getColumn, type Table } from '../data/index.js';
import { categoryKey, type FeatureSpec, type PreprocessStep, textInNumeric } from '../models/index.js';

/** How categorical features are encoded (trees use `native`: category codes split natively). */
export type CategoricalEncoding = 'native' | 'onehot' | 'ordinal' | 'target';

/** What to fit. */
export interface FeatureOptions {
  /** Feature columns (default: every column not otherwise used). */
  features?: string[];
  /** Columns never used as features (the target, loss targets and weights are excluded anyway). */
  exclude: string[];
  /** Columns to treat as categorical even if numeric. */
  categorical: string[];
  encoding: CategoricalEncoding;
  standardize: boolean;
  /** Replace missing numeric values by the training mean (false: keep NaN for the trees). */
  impute: boolean;
  /** Most categories kept per feature; the rest are treated as unknown. */
  maxCategories: number;
  /** Features that may be absent from a prediction's input (imputed); see models/feature-names.ts. */
  optional?: readonly string[];
}

/** The feature schema of a table: names and types, with categories filled in by `fitSteps`. */
export function selectFeatures(table: Table, o: FeatureOptions): FeatureSpec[] {
  requireColumns(table, o.exclude, 'excluded');
  requireColumns(table, o.categorical, 'categorical');
  requireColumns(table, o.optional ?? [], 'optional');
  const names = o.features ?? table.names.filter((n) => !o.exclude.includes(n));
  const notFeature = (o.optional ?? []).find((n) => !names.includes(n));
  if (notFeature !== undefined) {
    throw new FlywheelError('INVALID_ARGUMENT', `The optional feature "${notFeature}" is not a feature`, {
      where: { field: notFeature },
      hint: 'List only features in optional_features (not the target or excluded columns).',
    });
  }
  const optional = (spec: FeatureSpec): FeatureSpec =>
    o.optional?.includes(spec.name) ? { ...spec, optional: true } : spec;
  if (names.length === 0) {
    throw new FlywheelError('DATA_INVALID', 'No feature columns are left to train on', {
      hint: 'The table has only the target (and excluded) columns; add features or list them explicitly.',
    });
  }
  return names.map((name) => optional(featureSpec(table, name, o)));
}

/** One feature's spec: categorical when told or when its column holds text that is not numbers. */
function featureSpec(table: Table, name: string, o: FeatureOptions): FeatureSpec {
  const column = getColumn(table, name);
  checkHasValues(column, name, table.rowCount);
  if (o.categorical.includes(name)) return { name, type: 'categorical' };
  if (column.kind !== 'dictionary') return { name, type: 'numeric' };
  if (looksNumeric(column.dictionary)) throw textInNumeric(name, column.dictionary, column.codes);
  return { name, type: 'categorical' };
}

/**
 * Every column a setting names must be in the table: a misspelt `exclude` or `categorical` column
 * is an error with the closest name (as a misspelt feature is), never silently a no-op.
 */
function requireColumns(table: Table, names: readonly string[], what: string): void {
  for (const name of names) {
    if (table.names.includes(name)) continue;
    const suggestion = closestName(table.names, name);
    const listed =
      table.names.length > 20 ? `${table.names.slice(0, 20).join(', ')}, …` : table.names.join(', ');
    throw new FlywheelError('SCHEMA_MISMATCH', `The ${what} column "${name}" is not in the training data`, {
      where: { field: name },
      hint: `${suggestion ? `Did you mean "${suggestion}"? ` : ''}Available columns: ${listed}`,
      details: { column: name, available: table.names.slice(0, 100) },
    });
  }
}

/** Fit one step per feature on the training table; `y` (K columns, class-major) feeds target encoding. */
export function fitSteps(
  table: Table,
  features: FeatureSpec[],
  o: FeatureOptions,
  y: Float64Array,
  K: number,
): PreprocessStep[] {
  return features.map((f) => {
    const column = getColumn(table, f.name);
    if (f.type === 'numeric') return numericStep(column, f.name, o);
    const { categories, codes } = categoriesOf(column, o.maxCategories);
    f.categories = categories;
    if (o.encoding === 'native' || o.encoding === 'ordinal')
      return { kind: 'ordinal', source: f.name, categories };
    if (o.encoding === 'onehot') return { kind: 'onehot', source: f.name, categories };
    return targetStep(f.name, categories, codes, y, K);
  });
}

function numericStep(column: Column, name: string, o: FeatureOptions): PreprocessStep {
  if (column.kind === 'dictionary') throw textInNumeric(name, column.dictionary, column.codes);
  const { mean, std } = finiteMoments(column.values, column.nulls) ?? moments(column, name);
  return {
    kind: 'numeric',
    source: name,
    impute: o.impute ? mean : null,
    center: o.standardize ? mean : 0,
    scale: o.standardize && std > 0 ? std : 1,
  };
}

/**
 * The common case in one tight loop: no nulls and every value finite (v − v is 0 for each, NaN for
 * NaN or ±Infinity). Same sums in the same order as `moments`; null sends the column there.
 */
function finiteMoments(
  values: Float64Array | Uint8Array,
  nulls: Uint8Array | null,
): { mean: number; std: number } | null {
  if (!(values instanceof Float64Array) || nulls !== null || values.length === 0) return null;
  const k = values[0]!;
  let bad = 0;
  let sum = 0;
  let sq = 0;
  for (let r = 0; r < values.length; r++) {
    const v = values[r]!;
    bad += v - v;
    const x = v - k;
    sum += x;
    sq += x * x;
  }
  if (bad !== 0) return null;
  const count = values.length;
  return { mean: k + sum / count, std: Math.sqrt(Math.max(0, sq - (sum * sum) / count) / count) };
}

/** Mean and standard deviation of the non-missing values; ±Infinity is refused. */
function moments(
  column: Exclude<Column, { kind: 'dictionary' }>,
  name: string,
): { mean: number; std: number } {
  // One pass: sums of (v − k) and its square, shifted by the first value k for accuracy.
  let count = 0;
  let sum = 0;
  let sq = 0;
  let k = Number.NaN;
  const nulls = column.nulls;
  const values = column.values;
  for (let r = 0; r < values.length; r++) {
    const v = values[r]!;
    if (Number.isNaN(v) || (nulls !== null && nulls[r] === 1)) continue;
    if (v - v !== 0) {
      throw new FlywheelError(
        'DATA_INVALID',
        `Feature "${name}" has ${v > 0 ? '+' : '-'}Infinity at row ${r}`,
        {
          where: { field: name, row: r },
          hint: 'Replace infinite values (by null, for a missing value) before training.',
        },
      );
    }
    if (Number.isNaN(k)) k = v;
    const x = v - k;
    sum += x;
    sq += x * x;
    count++;
  }
  const mean = k + sum / count;
  const ss = Math.max(0, sq - (sum * sum) / count);
  return { mean, std: Math.sqrt(ss / count) };
}

/** The kept categories (most frequent first up to the limit, then sorted) and each row's code (−1: none). */
function categoriesOf(column: Column, limit: number): { categories: string[]; codes: Int32Array } {
  const n = column.kind === 'dictionary' ? column.codes.length : column.values.length;
  const counts = new Map<string, number>();
  const keys: (string | null)[] = new Array(n);
  for (let r = 0; r < n; r++) {
    const key = cellKey(column, r);
    keys[r] = key;
    if (key !== null) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const kept = [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([k]) => k)
    .sort();
  const index = new Map(kept.map((k, i) => [k, i]));
  const codes = Int32Array.from(keys, (k) => (k === null ? -1 : (index.get(k) ?? -1)));
  return { categories: kept, codes };
}

function cellKey(column: Column, r: number): string | null {
  if (column.kind === 'dictionary') return column.codes[r]! < 0 ? null : column.dictionary[column.codes[r]!]!;
  if (column.nulls !== null && column.nulls[r] === 1) return null;
  const v = column.values[r]!;
  if (Number.isNaN(v)) return null;
  return categoryKey(column.kind === 'bool' ? v === 1 : v);
}

/** Smoothed mean target per category (m = 10 pseudo-rows of the prior); K outputs for multiclass. */
function targetStep(
  name: string,
  categories: string[],
  codes: Int32Array,
  y: Float64Array,
  K: number,
): PreprocessStep {
  const m = 10;
  const n = codes.length;
  const width = K > 2 ? K : 1;
  const prior = new Array<number>(width).fill(0);
  const sums = new Float64Array(categories.length * width);
  const counts = new Float64Array(categories.length);
  for (let r = 0; r < n; r++) {
    const c = codes[r]!;
    for (let k = 0; k < width; k++) {
      const v = width === 1 ? y[r]! : y[r] === k ? 1 : 0;
      prior[k]! += v / n;
      if (c >= 0) sums[c * width + k]! += v;
    }
    if (c >= 0) counts[c]!++;
  }
  const values = Array.from(
    sums,
    (s, i) => (s + m * prior[i % width]!) / (counts[Math.floor(i / width)]! + m),
  );
  return { kind: 'target', source: name, categories, values, prior };
}

function checkHasValues(column: Column, name: string, rows: number): void {
  const n = column.kind === 'dictionary' ? column.codes.length : column.values.length;
  for (let r = 0; r < n; r++) {
    if (
      column.kind === 'dictionary'
        ? column.codes[r]! >= 0
        : column.nulls?.[r] !== 1 && !Number.isNaN(column.values[r]!)
    )
      return;
  }
  throw new FlywheelError(
    'DATA_INVALID',
    `Feature "${name}" has no values: all ${rows} rows are null or NaN`,
    {
      where: { field: name },
      hint: `Exclude it (--exclude ${name}, or exclude: [${name}] in the config); it carries no information.`,
    },
  );
}

/** True when at least 90% of the distinct values parse as numbers: a numeric column with stray text. */
function looksNumeric(dictionary: readonly string[]): boolean {
  if (dictionary.length === 0) return false;
  let numeric = 0;
  for (const v of dictionary) if (v.trim() !== '' && Number.isFinite(Number(v))) numeric++;
  return numeric < dictionary.length && numeric >= 0.9 * dictionary.length;
}
