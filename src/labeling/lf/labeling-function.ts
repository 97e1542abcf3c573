/**
 * The labeling-function API users write in `labeling.ts`: `labelingFunction(name, fn, options)`.
 * A labeling function (LF) looks at one row and returns a class index or ABSTAIN, as in Snorkel
 * (`snorkel.labeling.LabelingFunction(name, f, resources, pre)`). LFs are branded by a global symbol,
 * not by class identity, so an LF file that imports this module from a different copy of Flywheel
 * (the built package, or the sources under a test) is still recognised.
 */

/** The vote of a labeling function that has no opinion on a row. */
export const ABSTAIN = -1;

/** One row as the LF sees it: column name → value (numbers, strings, booleans, Dates, or null). */
// biome-ignore lint/suspicious/noExplicitAny: a row holds the user's data; the LF file reads what it knows is there
export type LabelRow = Readonly<Record<string, any>>;

/** A preprocessor: maps a row to another row (for example with a parsed or derived field). */
export type Preprocessor = (row: LabelRow) => LabelRow;

/** Options of a labeling function. */
export interface LabelingFunctionOptions<R extends object = Record<string, unknown>> {
  /** Extra values handed to the function as its second argument (word lists, thresholds, models). */
  resources?: R;
  /** Preprocessors applied in order before the function; shared ones run once per row. */
  pre?: Preprocessor | readonly Preprocessor[];
}

/** A labeling function: its name, the function and its options. */
export interface LabelingFunction<R extends object = Record<string, unknown>> {
  readonly name: string;
  readonly fn: (row: LabelRow, resources: R) => number;
  readonly resources: R;
  readonly pre: readonly Preprocessor[];
}

const BRAND = Symbol.for('flywheel:labelingFunction');

/** Make a labeling function: `fn(row, resources)` returns a class index (0, 1, …) or ABSTAIN (-1). */
export function labelingFunction<R extends object = Record<string, unknown>>(
  name: string,
  fn: (row: LabelRow, resources: R) => number,
  options: LabelingFunctionOptions<R> = {},
): LabelingFunction<R> {
  const pre = options.pre === undefined ? [] : Array.isArray(options.pre) ? [...options.pre] : [options.pre];
  const lf = { name, fn, resources: (options.resources ?? {}) as R, pre };
  Object.defineProperty(lf, BRAND, { value: true });
  return Object.freeze(lf) as LabelingFunction<R>;
}

/** True for a value made by `labelingFunction` (from any copy of this module). */
export function isLabelingFunction(value: unknown): value is LabelingFunction<object> {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}
