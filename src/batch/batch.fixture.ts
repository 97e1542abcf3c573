/** A workspace, a small GBDT model folder and input data for the batch tests. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger } from '../core/index.js';
import { float64Column, type Table, writeTable } from '../data/index.js';
import { saveModel } from '../models/index.js';
import { initWorkspace, openPlatform, type Platform } from '../platform.js';
import { trainModel } from '../training/index.js';

/** Deterministic input rows: id, x1, x2, x3 (a pseudo-random walk, no RNG state needed). */
export function inputTable(n: number, offset = 0): Table {
  const id = new Float64Array(n);
  const x1 = new Float64Array(n);
  const x2 = new Float64Array(n);
  const x3 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const k = i + offset;
    id[i] = 1000 + k;
    x1[i] = Math.sin(k * 0.37) * 3;
    x2[i] = ((k * 7919) % 101) / 10;
    x3[i] = Math.cos(k * 0.11) + (k % 3);
  }
  return {
    names: ['id', 'x1', 'x2', 'x3'],
    columns: [float64Column(id), float64Column(x1), float64Column(x2), float64Column(x3)],
    rowCount: n,
  };
}

/** The queue secret the distributed tests share between submitter and workers (never a real one). */
export const TEST_QUEUE_SECRET = 'test-queue-secret-0123456789abcdef';

/**
 * A workspace in `dir` with a GBDT model folder (model/) trained on 400 rows of `inputTable`;
 * `env` is the platform's environment (FLYWHEEL_QUEUE_SECRET for distributed jobs).
 */
export async function batchWorkspace(
  dir: string,
  env: Record<string, string> = {},
): Promise<{ platform: Platform; modelDir: string }> {
  await initWorkspace(dir, { env: {} });
  const train = inputTable(400);
  const y = new Float64Array(400);
  for (let i = 0; i < 400; i++) {
    const x1 = (train.columns[1] as { values: Float64Array }).values[i]!;
    const x2 = (train.columns[2] as { values: Float64Array }).values[i]!;
    y[i] = x1 + x2 > 5 ? 1 : 0;
  }
  const table = { ...train, names: [...train.names, 'y'], columns: [...train.columns, float64Column(y)] };
  const { model } = await trainModel(table, {
    target: 'y',
    model: 'gbdt',
    features: ['x1', 'x2', 'x3'],
    params: { n_estimators: 20, max_depth: 3, learning_rate: 0.3 },
  });
  const modelDir = join(dir, 'model');
  await saveModel(model, modelDir);
  const platform = await openPlatform({ cwd: dir, env, logger: createLogger({ level: 'silent' }) });
  return { platform, modelDir };
}

/** Write `table` as Parquet at `dir/name`. */
export async function writeInput(dir: string, name: string, table: Table): Promise<string> {
  const path = join(dir, name);
  await writeTable(table, path);
  return path;
}

/** A CSV with bad rows: text in x1 (row 2), +Infinity in x2 (row 4), x3 missing (row 5: fine for trees). */
export function writeBadCsv(dir: string): string {
  const path = join(dir, 'bad.csv');
  const rows = ['id,x1,x2,x3', '1,0.5,2,1', '2,1.5,3,0', '3,abc,4,1', '4,0.1,5,2', '5,2,inf,1', '6,1,1,'];
  writeFileSync(path, `${rows.join('\n')}\n`);
  return path;
}
