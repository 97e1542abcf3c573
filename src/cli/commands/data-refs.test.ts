/**
 * Every command that takes data accepts a stored version of every format (issue 24, item 12):
 * one table of commands × one table of formats (CSV, Parquet, JSONL, a folder of CSV parts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { float64Column, type Table, writeTable } from '../../data/index.js';
import { segmentSink } from '../../prediction-log/index.js';
import { runCli } from '../../testing/cli.js';
import { tempDir } from '../../testing/services.js';

/** 120 rows: x1, x2 numeric, y = 1 when x1 + x2 > 5 (noise-free, so every model learns it). */
function rows(n: number, offset = 0): Table {
  const x1 = new Float64Array(n);
  const x2 = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const k = i + offset;
    x1[i] = Math.sin(k * 0.37) * 3 + 2;
    x2[i] = ((k * 7919) % 101) / 10;
    y[i] = x1[i]! + x2[i]! > 5 ? 1 : 0;
  }
  return { names: ['x1', 'x2', 'y'], columns: [x1, x2, y].map(float64Column), rowCount: n };
}

/** The formats a dataset version can have: each added under its name. */
const FORMATS = ['csv', 'parquet', 'jsonl', 'folder'] as const;

/** Each command with its data reference `REF` (and `MODEL`, `SUITE`, `OUT` filled in per run). */
const COMMANDS: Array<{ name: string; args: string[] }> = [
  { name: 'predict', args: ['predict', 'MODEL', '--input', 'REF', '--output', 'OUT.csv', '--threads', '1'] },
  { name: 'eval', args: ['eval', 'MODEL', '--data', 'REF', '--no-store', '--no-baselines'] },
  { name: 'drift', args: ['drift', 'REF', 'REF'] },
  { name: 'train', args: ['train', '--data', 'REF', '--target', 'y', '--model', 'linear'] },
  { name: 'check', args: ['check', 'REF', '--suite', 'SUITE', '--no-store'] },
  { name: 'data profile', args: ['data', 'profile', 'REF'] },
  { name: 'suite infer', args: ['suite', 'infer', 'REF'] },
  { name: 'monitor --reference', args: ['monitor', 'm:1', '--reference', 'REF'] },
];

describe('data references of every stored format, in every command', () => {
  const dir = tempDir('flywheel-data-refs-');
  const ws = ['-C', dir.path, '--json'];
  beforeAll(async () => {
    expect((await runCli(['init', dir.path])).code).toBe(0);
    const table = rows(120);
    await writeTable(table, join(dir.path, 'd.csv'));
    await writeTable(table, join(dir.path, 'd.parquet'));
    await writeTable(table, join(dir.path, 'd.jsonl'));
    mkdirSync(join(dir.path, 'parts'));
    await writeTable(rows(60), join(dir.path, 'parts', 'a.csv'));
    await writeTable(rows(60, 60), join(dir.path, 'parts', 'b.csv'));
    for (const [name, path] of [
      ['csv', 'd.csv'],
      ['parquet', 'd.parquet'],
      ['jsonl', 'd.jsonl'],
      ['folder', 'parts'],
    ]) {
      const added = await runCli([...ws, 'data', 'add', join(dir.path, path!), '--name', name!]);
      expect(added.code, added.stdout).toBe(0);
    }
    const trained = await runCli([
      ...ws,
      'train',
      '--data',
      join(dir.path, 'd.csv'),
      '--target',
      'y',
      '--model',
      'linear',
      '--register',
      'm',
    ]);
    expect(trained.code, trained.stdout).toBe(0);
    // A few logged predictions of m:1, as `flywheel serve` writes them, for `monitor`.
    await segmentSink(join(dir.path, '.flywheel', 'predictions')).write(
      Array.from({ length: 20 }, (_, i) => ({
        kind: 'prediction' as const,
        time: Date.now() - 1000 + i,
        request_id: `r${i}`,
        model: 'm',
        version: 1,
        route: 'primary' as const,
        latency_ms: 1,
        features: { x1: i / 4, x2: i / 2 },
        prediction: i % 2,
        probabilities: [[0.5, 0.5]],
      })),
    );
    writeFileSync(
      join(dir.path, 'suite.yaml'),
      'name: s\nexpectations:\n  - expect: not_null\n    column: x1\n',
    );
  }, 120_000);
  afterAll(() => dir.cleanup());

  for (const command of COMMANDS) {
    for (const format of FORMATS) {
      it(`${command.name} reads ${format}:1`, async () => {
        const args = command.args.map((a) =>
          a
            .replace('REF', `${format}:1`)
            .replace('MODEL', 'm:1')
            .replace('SUITE', join(dir.path, 'suite.yaml'))
            .replace('OUT', join(dir.path, `out-${format}`)),
        );
        const r = await runCli([...ws, ...args]);
        expect(r.code, `${r.stdout}${r.stderr}`).toBe(0);
      }, 60_000);
    }
  }
});
