/**
 * Score one chunk: check rows, predict the good ones, and build the two tables a sink writes —
 * predictions (id, prediction columns, model_version, job_id) and errors (row, id, reason, job_id).
 * Pure and synchronous, so the same function runs in the main thread and in worker threads.
 * A classifier's label and action are decided by the model's rule (models/decision.ts), the one
 * serving and monitoring use.
 */

import { type Column, type DictionaryColumn, getColumn, type Table, takeRows } from '../data/table.js';
import { compareStrings, dictionaryColumn } from '../data/table-build.js';
import {
  ACCEPT_ACTION,
  binaryClass,
  type ClassLabel,
  confidenceAction,
  type Decision,
  type Model,
} from '../models/index.js';
import { checkRows } from './row-checks.js';

export type { Decision };

/** What a chunk is scored with. */
export interface ChunkContext {
  /** The chunk's number (0-based) and its first input row. */
  index: number;
  startRow: number;
  /** The input's id column, or null to write the input row number as `row`. */
  idColumn: string | null;
  modelVersion: string;
  jobId: string;
  /** Columns the input has (features absent from it are all-null). */
  present: readonly string[];
}

/** A scored chunk. */
export interface ScoredChunk {
  index: number;
  rows: number;
  scored: number;
  failed: number;
  predictions: Table;
  errors: Table;
}

/** Score one chunk of input rows. */
export function scoreChunk(model: Model, chunk: Table, ctx: ChunkContext, decision: Decision): ScoredChunk {
  const n = chunk.rowCount;
  const checked = checkRows(model, chunk, new Set(ctx.present));
  const good = new Int32Array(n - checked.failed);
  const bad = new Int32Array(checked.failed);
  for (let r = 0, g = 0, b = 0; r < n; r++) {
    if (checked.reasons[r] === undefined) good[g++] = r;
    else bad[b++] = r;
  }
  const features = checked.failed === 0 ? checked.table : takeRows(checked.table, good);
  const prediction = model.predict(features);
  const ids = idColumn(chunk, ctx, good);
  const names = [ids.name, ...predictionNames(model)];
  const columns: Column[] = [
    ids.column,
    ...predictionColumns(model, prediction.values, good.length, decision),
  ];
  names.push('model_version', 'job_id');
  columns.push(constant(ctx.modelVersion, good.length), constant(ctx.jobId, good.length));
  const errorIds = idColumn(chunk, ctx, bad);
  const errors: Table = {
    names: ['row', ...(ctx.idColumn === null ? [] : [errorIds.name]), 'reason', 'job_id'],
    columns: [
      rowNumbers(ctx.startRow, bad),
      ...(ctx.idColumn === null ? [] : [errorIds.column]),
      dictionaryColumn(Array.from(bad, (r) => checked.reasons[r]!)),
      constant(ctx.jobId, bad.length),
    ],
    rowCount: bad.length,
  };
  return {
    index: ctx.index,
    rows: n,
    scored: good.length,
    failed: bad.length,
    predictions: { names, columns, rowCount: good.length },
    errors,
  };
}

/**
 * Output column names for a model's predictions: `prediction` (the value, or the decided label),
 * then for a classifier `prob_<label>` per class and `action` (the confidence policy's).
 */
export function predictionNames(model: Model): string[] {
  const classes = classLabels(model);
  if (classes === null) return ['prediction'];
  return ['prediction', ...classes.map((c, k) => probName(c, k)), 'action'];
}

/** A classifier's labels in output order (a binary model without stored labels: 0 and 1); null for regression. */
export function classLabels(model: Model): ClassLabel[] | null {
  const { task, classes } = model.schema.output;
  if (task === 'regression') return null;
  return classes ?? (task === 'binary' ? [0, 1] : null);
}

function probName(label: string | number | boolean, k: number): string {
  const name = `prob_${String(label)}`;
  return /^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(name) ? name : `prob_${k}`;
}

function predictionColumns(model: Model, values: Float64Array, n: number, decision: Decision): Column[] {
  const w = model.outputWidth;
  const classes = classLabels(model);
  if (classes === null) return [{ kind: 'float64', values, nulls: null }];
  const labels = new Int32Array(n);
  const actions = new Int32Array(n);
  const probs = classes.map(() => new Float64Array(n));
  const policy = decision.policy;
  for (let r = 0; r < n; r++) {
    let best = 0;
    let top: number;
    if (w === 1) {
      const p = values[r]!;
      probs[0]![r] = 1 - p;
      probs[1]![r] = p;
      best = binaryClass(p, decision.threshold);
      top = Math.max(1 - p, p);
    } else {
      for (let k = 0; k < w; k++) {
        const v = values[r * w + k]!;
        probs[k]![r] = v;
        if (v > values[r * w + best]!) best = k;
      }
      top = values[r * w + best]!;
    }
    labels[r] = best;
    actions[r] = confidenceAction(policy, top) === ACCEPT_ACTION ? 0 : 1;
  }
  return [
    codedColumn(labels, classes.map(String)),
    ...probs.map((p): Column => ({ kind: 'float64', values: p, nulls: null })),
    codedColumn(actions, [ACCEPT_ACTION, policy?.action ?? ACCEPT_ACTION]),
  ];
}

/** Distinct strings in the order table dictionaries keep them. */
export function sortedDistinct(values: readonly string[]): string[] {
  return [...new Set(values)].sort(compareStrings);
}

/** A dictionary column from codes into `values`, its dictionary sorted and distinct (as tables keep them). */
function codedColumn(codes: Int32Array, values: readonly string[]): DictionaryColumn {
  const dictionary = sortedDistinct(values);
  const remap = Int32Array.from(values, (v) => dictionary.indexOf(v));
  for (let i = 0; i < codes.length; i++) codes[i] = remap[codes[i]!]!;
  return { kind: 'dictionary', codes, dictionary };
}

function idColumn(chunk: Table, ctx: ChunkContext, rows: Int32Array): { name: string; column: Column } {
  if (ctx.idColumn === null) return { name: 'row', column: rowNumbers(ctx.startRow, rows) };
  const column = getColumn(chunk, ctx.idColumn);
  if (rows.length === chunk.rowCount) return { name: ctx.idColumn, column };
  const picked = takeRows({ names: ['id'], columns: [column], rowCount: chunk.rowCount }, rows);
  return { name: ctx.idColumn, column: picked.columns[0]! };
}

function rowNumbers(start: number, rows: Int32Array): Column {
  return { kind: 'float64', values: Float64Array.from(rows, (r) => start + r), nulls: null };
}

function constant(value: string, n: number): DictionaryColumn {
  return { kind: 'dictionary', codes: new Int32Array(n), dictionary: [value] };
}
