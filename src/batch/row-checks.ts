/**
 * Per-row checks before scoring, so one bad row fails alone instead of the whole chunk: text in a
 * numeric feature, ±Infinity, and a missing value where the model cannot impute it. Numeric text
 * columns (CSV/JSONL quirks) become numbers; a feature absent from the input is a column of nulls.
 */
import {
  type Column,
  type DictionaryColumn,
  type Float64Column,
  getColumn,
  type Table,
} from '../data/table.js';
import type { Model } from '../models/index.js';
import { allFinite } from '../models/preprocess.js';

/** A chunk ready to score: fixed feature columns and the reason each failed row failed. */
export interface CheckedChunk {
  /** The feature columns, by name, as the model reads them. */
  table: Table;
  /** Reason per row; undefined where the row passed. */
  reasons: (string | undefined)[];
  failed: number;
}

/** Check `chunk` against the model's features; `present` lists the columns the input has. */
export function checkRows(model: Model, chunk: Table, present: ReadonlySet<string>): CheckedChunk {
  const n = chunk.rowCount;
  const reasons: (string | undefined)[] = new Array(n);
  let failed = 0;
  const fail = (r: number, why: string) => {
    if (reasons[r] === undefined) {
      reasons[r] = why;
      failed++;
    }
  };
  const names: string[] = [];
  const columns: Column[] = [];
  for (const step of model.preprocessor.steps) {
    if (names.includes(step.source)) continue;
    let column: Column = present.has(step.source) ? getColumn(chunk, step.source) : nullColumn(n);
    if (step.kind === 'numeric') {
      const numeric = column.kind === 'dictionary' ? parseNumbers(column, step.source, fail) : column;
      checkNumeric(numeric, step.source, step.impute !== null || model.family === 'gbdt', fail);
      column = numeric;
    }
    names.push(step.source);
    columns.push(column);
  }
  return { table: { names, columns, rowCount: n }, reasons, failed };
}

function nullColumn(n: number): Float64Column {
  return { kind: 'float64', values: new Float64Array(n).fill(Number.NaN), nulls: new Uint8Array(n).fill(1) };
}

/** Text holding numbers becomes float64; other text fails its rows. */
function parseNumbers(
  column: DictionaryColumn,
  field: string,
  fail: (r: number, why: string) => void,
): Float64Column {
  const parsed = column.dictionary.map((v) => (v.trim() === '' ? Number.NaN : Number(v)));
  const n = column.codes.length;
  const values = new Float64Array(n);
  const nulls = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    const c = column.codes[r]!;
    if (c < 0) {
      values[r] = Number.NaN;
      nulls[r] = 1;
      continue;
    }
    const v = parsed[c]!;
    if (Number.isNaN(v) && column.dictionary[c]!.trim() !== '') {
      fail(r, `feature "${field}" is numeric but holds the text "${column.dictionary[c]}"`);
      nulls[r] = 1;
    }
    values[r] = v;
    if (Number.isNaN(v)) nulls[r] = 1;
  }
  return { kind: 'float64', values, nulls };
}

function checkNumeric(
  column: Exclude<Column, DictionaryColumn>,
  field: string,
  canImpute: boolean,
  fail: (r: number, why: string) => void,
): void {
  const { values, nulls } = column;
  // Most columns hold no NaN or infinity at all: one quick pass says so.
  if (values instanceof Float64Array && allFinite(values, 0, values.length)) return;
  for (let r = 0; r < values.length; r++) {
    const v = values[r]!;
    if (v - v === 0) continue;
    const missing = (nulls !== null && nulls[r] === 1) || Number.isNaN(v);
    if (!missing) fail(r, `feature "${field}" is ${v > 0 ? '+' : '-'}Infinity`);
    else if (!canImpute) fail(r, `required feature "${field}" is missing`);
  }
}
