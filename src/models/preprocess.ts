/**
 * Preprocessing that travels inside a model: the fitted steps that turn a table (or one row) into
 * the numeric matrix the model family reads — imputation, standardisation, one-hot, ordinal and
 * target encoding, and the handling of unknown categories. The steps are plain JSON (numbers and
 * strings), so a saved model carries exactly what training used and serving cannot drift from it.
 *
 * Handling, for every family alike:
 * - numeric NaN/null: replaced by the step's `impute` value, or kept as NaN (a missing value the
 *   trees route natively) when `impute` is null;
 * - ±Infinity in a numeric feature: rejected with DATA_INVALID naming the row and the column;
 * - text in a numeric feature: rejected with SCHEMA_MISMATCH naming the first non-numeric value;
 * - unknown or missing categories: all zeros (one-hot), NaN (ordinal, i.e. missing), the prior (target).
 */
import { z } from 'zod';
import { FlywheelError } from '../core/errors.js';
import { type CellValue, type Column, getColumn, type Table } from '../data/table.js';

/** One fitted preprocessing step, reading one input column. */
export type PreprocessStep =
  | { kind: 'numeric'; source: string; impute: number | null; center: number; scale: number }
  | { kind: 'onehot'; source: string; categories: string[] }
  | { kind: 'ordinal'; source: string; categories: string[] }
  | { kind: 'target'; source: string; categories: string[]; values: number[]; prior: number[] };

/** zod schema of the steps (models are parsed with it on load). */
export const preprocessStepSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('numeric'),
    source: z.string(),
    impute: z.number().nullable(),
    center: z.number(),
    scale: z.number().positive(),
  }),
  z.object({ kind: z.literal('onehot'), source: z.string(), categories: z.array(z.string()) }),
  z.object({ kind: z.literal('ordinal'), source: z.string(), categories: z.array(z.string()) }),
  z.object({
    kind: z.literal('target'),
    source: z.string(),
    categories: z.array(z.string()),
    values: z.array(z.number()),
    prior: z.array(z.number()).min(1),
  }),
]);

/** See `Preprocessor.rawPlan`. */
export interface RawPlan {
  /** Per step, the index of its source among the decoded features. */
  sources: Int32Array;
  /** Per decoded feature, the category → code lookup of the step reading it (null: numeric). */
  categories: ReadonlyArray<ReadonlyMap<string, number> | null>;
}

/** A row given as an object keyed by feature name. */
export type FeatureRow = Readonly<Record<string, CellValue | undefined>>;

/** The number of output columns a step writes. */
export function stepWidth(step: PreprocessStep): number {
  if (step.kind === 'onehot') return step.categories.length;
  if (step.kind === 'target') return step.prior.length;
  return 1;
}

/** The output column names of a step. */
export function stepOutputNames(step: PreprocessStep): string[] {
  if (step.kind === 'onehot') return step.categories.map((c) => `${step.source}=${c}`);
  if (step.kind === 'target')
    return step.prior.length === 1
      ? [`${step.source}#te`]
      : step.prior.map((_, k) => `${step.source}#te${k}`);
  return [step.source];
}

/** Applies fitted steps to tables and rows. */
export class Preprocessor {
  /** Output columns per row. */
  readonly width: number;
  /** Output column names. */
  readonly outputNames: string[];
  private readonly offsets: number[];
  private readonly lookups: (Map<string, number> | null)[];

  constructor(readonly steps: readonly PreprocessStep[]) {
    this.offsets = [];
    let w = 0;
    for (const s of steps) {
      this.offsets.push(w);
      w += stepWidth(s);
    }
    this.width = w;
    this.outputNames = steps.flatMap(stepOutputNames);
    this.lookups = steps.map((s) =>
      s.kind === 'numeric' ? null : new Map(s.categories.map((c, i) => [c, i])),
    );
  }

  /** The row-major n×width matrix of a table (columns are found by name; extra columns are ignored). */
  transform(table: Table): Float64Array {
    return this.transformRows(table, 0, table.rowCount, new Float64Array(table.rowCount * this.width));
  }

  /** Rows start..end of a table into `out` (row-major, row `start` first); returns `out`. */
  transformRows(table: Table, start: number, end: number, out: Float64Array): Float64Array {
    const w = this.width;
    const columns = this.steps.map((step) => getColumn(table, step.source));
    const remaps = this.steps.map((step, s) =>
      step.kind === 'numeric' ? null : remapOf(this.lookups[s]!, columns[s]!),
    );
    // Rows in blocks, so the strided writes of every column land in cache. Offsets are shifted by
    // −start·width so row r lands at (r − start)·width.
    for (let r0 = start; r0 < end; r0 += TRANSFORM_BLOCK) {
      const r1 = Math.min(end, r0 + TRANSFORM_BLOCK);
      for (let s = 0; s < this.steps.length; s++) {
        const step = this.steps[s]!;
        const column = columns[s]!;
        const o = this.offsets[s]! - start * w;
        if (step.kind === 'numeric') {
          if (column.kind === 'dictionary') throw textInNumeric(step.source, column.dictionary, column.codes);
          numericColumn(step, column.values, column.nulls, out, o, w, r0, r1);
        } else categoricalColumn(step, this.lookups[s]!, remaps[s]!, column, out, o, w, r0, r1);
      }
    }
    return out;
  }

  /**
   * How rows decoded in `features` order (numbers for numeric features, category codes for text
   * ones) become this preprocessor's output: per step, its source's index in `features`, and per
   * feature, the category lookup its codes come from (null for a numeric feature). Null when a
   * feature feeds no step, a categorical one feeds more than one, or a step reads a feature of the
   * other kind or one not listed.
   */
  rawPlan(features: readonly { name: string; type: 'numeric' | 'categorical' }[]): RawPlan | null {
    const index = new Map(features.map((f, i) => [f.name, i]));
    const sources = new Int32Array(this.steps.length);
    const categories: Array<Map<string, number> | null> = features.map(() => null);
    const used = new Uint8Array(features.length);
    for (let s = 0; s < this.steps.length; s++) {
      const step = this.steps[s]!;
      const i = index.get(step.source);
      if (i === undefined) return null;
      const text = features[i]!.type === 'categorical';
      if (text !== (step.kind !== 'numeric') || (text && used[i])) return null;
      used[i] = 1;
      sources[s] = i;
      if (text) categories[i] = this.lookups[s]!;
    }
    return used.every((u) => u === 1) ? { sources, categories } : null;
  }

  /**
   * Rows decoded as `rawPlan` describes (row-major, `rawWidth` per row; finite numbers, category
   * codes with −1 for an unknown category) into `out`: what `transformRow` writes for those rows.
   */
  transformRaw(raw: Float64Array, rows: number, rawWidth: number, plan: RawPlan, out: Float64Array): void {
    const w = this.width;
    for (let s = 0; s < this.steps.length; s++) {
      const step = this.steps[s]!;
      const o = this.offsets[s]!;
      const src = plan.sources[s]!;
      if (step.kind === 'numeric') {
        const { center, scale } = step;
        for (let r = 0; r < rows; r++) out[r * w + o] = (raw[r * rawWidth + src]! - center) / scale;
      } else for (let r = 0; r < rows; r++) writeCategory(step, raw[r * rawWidth + src]!, out, r * w + o);
    }
  }

  /** Write one row's features into `out` (length `width`) without allocating. */
  transformRow(row: FeatureRow, out: Float64Array): Float64Array {
    for (let s = 0; s < this.steps.length; s++) {
      const step = this.steps[s]!;
      const value = row[step.source];
      const o = this.offsets[s]!;
      if (step.kind === 'numeric') out[o] = numericCell(step, value);
      else writeCategory(step, lookupCode(this.lookups[s]!, value), out, o);
    }
    return out;
  }
}

const TRANSFORM_BLOCK = 1024;

function numericColumn(
  step: Extract<PreprocessStep, { kind: 'numeric' }>,
  values: Float64Array | Uint8Array,
  nulls: Uint8Array | null,
  out: Float64Array,
  o: number,
  w: number,
  r0: number,
  r1: number,
): void {
  if (values instanceof Float64Array && step.impute === null && step.center === 0 && step.scale === 1) {
    copyNumeric(step.source, values, out, o, w, r0, r1);
    return;
  }
  const fill = step.impute === null ? Number.NaN : step.impute;
  const center = step.center;
  const inv = 1 / step.scale;
  if (values instanceof Float64Array && nulls === null) {
    // The common case in one tight loop: v − v is 0 for every finite v and NaN otherwise, so one
    // sum says whether the block needs the careful loop below (which writes the same values).
    let bad = 0;
    for (let r = r0; r < r1; r++) {
      const v = values[r]!;
      bad += v - v;
      out[r * w + o] = (v - center) * inv;
    }
    if (bad === 0) return;
  }
  for (let r = r0; r < r1; r++) {
    let v: number = values[r]!;
    if (nulls !== null && nulls[r] === 1) v = fill;
    else if (Number.isNaN(v)) v = fill;
    else if (v - v !== 0) throw infinite(step.source, r, v);
    out[r * w + o] = (v - center) * inv;
  }
}

/** The trees' case: values as they are (a null is already NaN in a float64 column), infinity refused. */
function copyNumeric(
  source: string,
  values: Float64Array,
  out: Float64Array,
  o: number,
  w: number,
  r0: number,
  r1: number,
): void {
  if (allFinite(values, r0, r1)) {
    for (let r = r0; r < r1; r++) out[r * w + o] = values[r]!;
    return;
  }
  for (let r = r0; r < r1; r++) {
    const v = values[r]!;
    if (v === Number.POSITIVE_INFINITY || v === Number.NEGATIVE_INFINITY) throw infinite(source, r, v);
    out[r * w + o] = v;
  }
}

/**
 * True when values r0…r1-1 are all finite (no NaN, no ±Infinity): v·0 is 0 for a finite v and NaN
 * otherwise, summed in four independent lanes so the adds do not wait on each other.
 */
export function allFinite(values: Float64Array, r0: number, r1: number): boolean {
  let a = 0;
  let b = 0;
  let c = 0;
  let d = 0;
  let r = r0;
  for (; r + 4 <= r1; r += 4) {
    a += values[r]! * 0;
    b += values[r + 1]! * 0;
    c += values[r + 2]! * 0;
    d += values[r + 3]! * 0;
  }
  for (; r < r1; r++) a += values[r]! * 0;
  return a + b + c + d === 0;
}

function numericCell(
  step: Extract<PreprocessStep, { kind: 'numeric' }>,
  value: CellValue | undefined,
): number {
  let v: number;
  if (value === null || value === undefined) v = Number.NaN;
  else if (typeof value === 'number') v = value;
  else if (typeof value === 'boolean') v = value ? 1 : 0;
  else if (value instanceof Date) v = value.getTime();
  else {
    throw new FlywheelError(
      'SCHEMA_MISMATCH',
      `Feature "${step.source}" is numeric but got the text "${value}"`,
      {
        where: { field: step.source },
        hint: 'Send a number (or null for a missing value).',
      },
    );
  }
  if (Number.isNaN(v)) {
    if (step.impute === null) return Number.NaN;
    v = step.impute;
  } else if (v === Infinity || v === -Infinity) throw infinite(step.source, undefined, v);
  return (v - step.center) / step.scale;
}

/** For a text column, the training code of each of its dictionary entries (−1: unknown). */
function remapOf(lookup: Map<string, number>, column: Column): Int32Array {
  return column.kind === 'dictionary'
    ? Int32Array.from(column.dictionary, (v) => lookup.get(v) ?? -1)
    : new Int32Array(0);
}

function categoricalColumn(
  step: Exclude<PreprocessStep, { kind: 'numeric' }>,
  lookup: Map<string, number>,
  remap: Int32Array,
  column: Column,
  out: Float64Array,
  o: number,
  w: number,
  r0: number,
  r1: number,
): void {
  if (column.kind === 'dictionary') {
    for (let r = r0; r < r1; r++) {
      const c = column.codes[r]!;
      writeCategory(step, c < 0 ? -1 : remap[c]!, out, r * w + o);
    }
    return;
  }
  for (let r = r0; r < r1; r++) {
    const isNull = column.nulls !== null && column.nulls[r] === 1;
    const v = column.values[r]!;
    writeCategory(
      step,
      isNull ? -1 : (lookup.get(categoryKey(column.kind === 'bool' ? v === 1 : v)) ?? -1),
      out,
      r * w + o,
    );
  }
}

/** The string a numeric or boolean category value is known by. */
export function categoryKey(value: number | boolean | string): string {
  return typeof value === 'string' ? value : String(value);
}

function lookupCode(lookup: Map<string, number>, value: CellValue | undefined): number {
  if (value === null || value === undefined) return -1;
  if (value instanceof Date) return lookup.get(value.toISOString()) ?? -1;
  return lookup.get(categoryKey(value)) ?? -1;
}

function writeCategory(
  step: Exclude<PreprocessStep, { kind: 'numeric' }>,
  code: number,
  out: Float64Array,
  o: number,
): void {
  if (step.kind === 'ordinal') {
    out[o] = code < 0 ? Number.NaN : code;
  } else if (step.kind === 'onehot') {
    for (let c = 0; c < step.categories.length; c++) out[o + c] = c === code ? 1 : 0;
  } else {
    const K = step.prior.length;
    for (let k = 0; k < K; k++) out[o + k] = code < 0 ? step.prior[k]! : step.values[code * K + k]!;
  }
}

function infinite(field: string, row: number | undefined, v: number): FlywheelError {
  return new FlywheelError(
    'DATA_INVALID',
    `Feature "${field}" has ${v > 0 ? '+' : '-'}Infinity${row === undefined ? '' : ` at row ${row}`}`,
    {
      where: row === undefined ? { field } : { field, row },
      hint: 'Replace infinite values (for example by null, which the model treats as missing) before predicting.',
    },
  );
}

/** The error for a text column where the model expects numbers, naming the first non-numeric value. */
export function textInNumeric(
  field: string,
  dictionary: readonly string[],
  codes: Int32Array,
): FlywheelError {
  const bad = new Set(dictionary.map((v, i) => (Number.isFinite(Number(v)) && v.trim() !== '' ? -1 : i)));
  let row = -1;
  for (let r = 0; r < codes.length && row < 0; r++) if (codes[r]! >= 0 && bad.has(codes[r]!)) row = r;
  const value = row >= 0 ? dictionary[codes[row]!] : undefined;
  return new FlywheelError(
    'SCHEMA_MISMATCH',
    `Feature "${field}" is numeric but the column holds text${value === undefined ? '' : ` ("${value}" at row ${row})`}`,
    {
      where: row >= 0 ? { field, row } : { field },
      hint: 'Fix or remove the non-numeric values, or declare the column categorical when training.',
    },
  );
}
