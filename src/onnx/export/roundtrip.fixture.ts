/**
 * Round-trip helpers for the export tests: score a table with ONNX Runtime (onnxruntime-node) on
 * an exported graph, compare with the model's own `predict` (the arithmetic `flywheel predict`
 * runs), and tables with missing values and unknown categories to score.
 */
import * as ort from 'onnxruntime-node';
import { type Column, createTable, getColumn, type Table } from '../../data/index.js';
import { decisionThreshold, type Model, predictedClasses } from '../../models/index.js';
import { exportOnnx, type OnnxExport } from './export.js';
import { onnxFeeds } from './feeds.js';

/** What ONNX Runtime returned. */
export interface OnnxOutputs {
  label: (string | number)[] | null;
  /** Row-major values: probabilities [N,K] or regression values [N,1]. */
  values: Float64Array;
  width: number;
}

/** Run an exported model on a table. */
export async function runOnnx(exported: OnnxExport, table: Table): Promise<OnnxOutputs> {
  const session = await ort.InferenceSession.create(exported.bytes);
  try {
    const feeds: Record<string, ort.Tensor> = {};
    for (const [name, f] of Object.entries(onnxFeeds(exported.inputs, table)))
      feeds[name] = new ort.Tensor(f.type, f.data, f.dims);
    const out = await session.run(feeds);
    const byName = (n: string) => out[exported.outputs.find((o) => o.name.startsWith(n))!.name]!;
    const regression = exported.outputs.length === 1;
    const values = byName(regression ? 'value' : 'probabilities');
    const label = regression
      ? null
      : Array.from(byName('label').data as ArrayLike<string | number | bigint>, (v) =>
          typeof v === 'bigint' ? Number(v) : v,
        );
    return { label, values: Float64Array.from(values.data as Float64Array), width: values.dims[1] as number };
  } finally {
    await session.release();
  }
}

/** The largest |a − b| / max(|b|, 1e-300) (0 when equal, Infinity on a NaN mismatch). */
export function maxRelative(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (Number.isNaN(x) || Number.isNaN(y)) {
      if (!(Number.isNaN(x) && Number.isNaN(y))) return Number.POSITIVE_INFINITY;
      continue;
    }
    if (x === y) continue;
    worst = Math.max(worst, Math.abs(x - y) / Math.max(Math.abs(y), 1e-300));
  }
  return worst;
}

/** Export, score with ONNX Runtime and with Flywheel; the worst relative difference and label mismatches. */
export async function roundTrip(
  model: Model,
  table: Table,
): Promise<{ maxRel: number; labelMismatches: number; rows: number; exported: OnnxExport }> {
  const exported = exportOnnx(model);
  const onnx = await runOnnx(exported, table);
  const p = model.predict(table);
  const { task, classes } = model.schema.output;
  if (task === 'regression')
    return { maxRel: maxRelative(onnx.values, p.values), labelMismatches: 0, rows: p.rowCount, exported };
  // Flywheel predicts P(classes[1]) for a binary model: that column is compared relatively; the
  // graph's [1 − p] column (ill-conditioned relatively where p is near 1) must add up to 1.
  let got = onnx.values;
  let complement = 0;
  if (task === 'binary') {
    got = new Float64Array(p.rowCount);
    for (let r = 0; r < p.rowCount; r++) {
      got[r] = onnx.values[2 * r + 1]!;
      complement = Math.max(complement, Math.abs(onnx.values[2 * r]! - (1 - onnx.values[2 * r + 1]!)));
    }
  }
  const ours = Array.from(predictedClasses(p, decisionThreshold(model)), (k) => classes![k]!);
  let labelMismatches = 0;
  ours.forEach((c, r) => {
    if (String(c) !== String(onnx.label![r])) labelMismatches++;
  });
  return {
    maxRel: Math.max(maxRelative(got, p.values), complement > 1e-12 ? Number.POSITIVE_INFINITY : 0),
    labelMismatches,
    rows: p.rowCount,
    exported,
  };
}

/** The table with every `every`-th cell of each feature column (by a stagger) made null. */
export function withMissing(table: Table, features: readonly string[], every = 7): Table {
  const columns = table.names.map((name, c): Column => {
    const column = getColumn(table, name);
    if (!features.includes(name)) return column;
    if (column.kind === 'dictionary') {
      const codes = Int32Array.from(column.codes, (v, r) => ((r + c) % every === 0 ? -1 : v));
      return { kind: 'dictionary', codes, dictionary: column.dictionary };
    }
    if (column.kind !== 'float64') return column;
    const values = Float64Array.from(column.values);
    const nulls = new Uint8Array(values.length);
    for (let r = 0; r < values.length; r++) {
      if ((r + c) % every === 0) {
        values[r] = Number.NaN;
        nulls[r] = 1;
      } else nulls[r] = column.nulls?.[r] ?? 0;
    }
    return { kind: 'float64', values, nulls };
  });
  return createTable(table.names, columns, table.rowCount);
}

/**
 * A synthetic table with a categorical column (`color`: red/green/blue, plus `violet` only in
 * scoring rows: an unknown category), a numeric `size` and `weight`, missing values in all three, and
 * targets for the three tasks (`y_bin` 0/1, `y_multi` a/b/c, `y_reg`). Seeded, deterministic.
 */
export function categoricalTable(n: number, seed: number, unknown: boolean): Table {
  let s = seed >>> 0;
  const rand = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const colors = unknown ? ['red', 'green', 'blue', 'violet'] : ['red', 'green', 'blue'];
  const codes = new Int32Array(n);
  const size = new Float64Array(n);
  const weight = new Float64Array(n);
  const sizeNulls = new Uint8Array(n);
  const yb = new Float64Array(n);
  const ym = new Int32Array(n);
  const yr = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const c = Math.floor(rand() * colors.length);
    codes[r] = rand() < 0.08 ? -1 : c;
    size[r] = Math.round(rand() * 100) / 10;
    weight[r] = rand() * 3 - 1;
    if (rand() < 0.1) {
      size[r] = Number.NaN;
      sizeNulls[r] = 1;
    }
    const z =
      (c === 0 ? 1.5 : c === 1 ? -1 : 0) +
      0.3 * (Number.isNaN(size[r]!) ? 5 : size[r]!) -
      1.5 +
      weight[r]! +
      rand() -
      0.5;
    yb[r] = z > 0 ? 1 : 0;
    ym[r] = z > 1 ? 0 : z > -0.5 ? 1 : 2;
    yr[r] = 3 * z + 10;
  }
  return createTable(
    ['color', 'size', 'weight', 'y_bin', 'y_multi', 'y_reg'],
    [
      { kind: 'dictionary', codes, dictionary: colors },
      { kind: 'float64', values: size, nulls: sizeNulls },
      { kind: 'float64', values: weight, nulls: null },
      { kind: 'float64', values: yb, nulls: null },
      { kind: 'dictionary', codes: ym, dictionary: ['a', 'b', 'c'] },
      { kind: 'float64', values: yr, nulls: null },
    ],
    n,
  );
}
