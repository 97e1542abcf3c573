import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchWorkspace, inputTable, TEST_QUEUE_SECRET, writeInput } from '../../batch/batch.fixture.js';
import {
  type DictionaryColumn,
  type Float64Column,
  float64Column,
  getColumn,
  readTable,
  type Table,
} from '../../data/index.js';
import { formatOutputs } from '../../serving/index.js';
import { runCli } from '../../testing/cli.js';
import { tempDir } from '../../testing/services.js';
import { main } from '../main.js';

async function run(cwd: string, args: string[], env: Record<string, string> = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough() as unknown as NodeJS.WriteStream;
  let out = '';
  stdout.on('data', (d) => (out += d));
  const code = await main(['-C', cwd, ...args], { stdout, stderr }, env);
  return { code, out };
}

describe('flywheel predict', () => {
  const dir = tempDir('flywheel-predict-cli-');
  let modelDir: string;
  beforeAll(async () => {
    const ws = await batchWorkspace(dir.path);
    await ws.platform.close();
    modelDir = ws.modelDir;
    await writeInput(dir.path, 'in.parquet', inputTable(300));
  }, 60_000);
  afterAll(() => dir.cleanup());

  it('scores a file and prints the summary as JSON', async () => {
    const r = await run(dir.path, [
      '--json',
      'predict',
      modelDir,
      '--input',
      'in.parquet',
      '--output',
      'out.csv',
      '--threads',
      '1',
      '--chunk-rows',
      '100',
    ]);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.out);
    expect(summary).toMatchObject({
      rows: 300,
      scored: 300,
      failed: 0,
      chunks: 3,
      output: join(dir.path, 'out.csv'),
    });
  });

  it('resuming a finished job scores nothing again', async () => {
    const first = JSON.parse(
      (
        await run(dir.path, [
          '--json',
          'predict',
          modelDir,
          '--input',
          'in.parquet',
          '--output',
          'again.parquet',
          '--threads',
          '1',
          '--chunk-rows',
          '100',
        ])
      ).out,
    );
    const r = await run(dir.path, ['--json', 'predict', '--resume', first.jobId, '--threads', '1']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual(first);
  });

  it('exits with usage and not-found codes from the catalog', async () => {
    expect((await run(dir.path, ['--json', 'predict', modelDir])).code).toBe(64);
    expect(
      (
        await run(dir.path, [
          '--json',
          'predict',
          modelDir,
          '--input',
          'in.parquet',
          '--output',
          'o.csv',
          '--threads',
          'x',
        ])
      ).code,
    ).toBe(64);
    const unknown = await run(dir.path, ['--json', 'predict', '--resume', 'nosuchjob']);
    expect(unknown.code).toBe(66);
    expect(JSON.parse(unknown.out).error.code).toBe('NOT_FOUND');
  });

  it('flywheel worker fails fast on a Redis that is down, and needs --queue and a queue secret', async () => {
    const secret = { FLYWHEEL_QUEUE_SECRET: TEST_QUEUE_SECRET };
    const down = await run(dir.path, ['--json', 'worker', '--queue', 'redis://127.0.0.1:1'], secret);
    expect(down.code).toBe(69);
    expect(JSON.parse(down.out).error.code).toBe('BACKEND_UNAVAILABLE');
    expect((await run(dir.path, ['--json', 'worker'], secret)).code).toBe(64);
    for (const args of [
      ['worker', '--queue', 'redis://127.0.0.1:1'],
      ['predict', modelDir, '--input', 'in.parquet', '--output', 'q.csv', '--queue', 'redis://127.0.0.1:1'],
    ]) {
      const none = await run(dir.path, ['--json', ...args]);
      expect(none.code).toBe(78);
      expect(JSON.parse(none.out).error).toMatchObject({
        code: 'CONFIG_INVALID',
        hint: expect.stringContaining('FLYWHEEL_QUEUE_SECRET'),
      });
    }
  });
});

describe('flywheel predict with a tuned binary model', () => {
  const dir = tempDir('flywheel-predict-tuned-');
  afterAll(() => dir.cleanup());

  it('decides labels with the threshold and policy `flywheel eval` stored, as the server answers', async () => {
    const ws = ['-C', dir.path, '--json'];
    const ok = async (args: string[]) => {
      const r = await runCli([...ws, ...args]);
      expect(r.code, r.stdout).toBe(0);
      return r.json();
    };
    await ok(['init', dir.path]);
    await writeInput(dir.path, 'in.parquet', labelled(inputTable(400)));
    await ok(['train', '--data', 'in.parquet', '--target', 'y', '--model', 'linear', '--register', 'm']);
    const evaluated = await ok([
      'eval',
      'm:1',
      '--data',
      'in.parquet',
      '--target-recall',
      '0.99',
      '--policy',
      '0.9:human',
    ]);
    const threshold = evaluated.report.threshold as number;
    // One scoring thread, as in the tests above: threads are batch.test.ts's subject, and each costs a
    // module graph of its own here (about a second of CPU when run from source).
    const predict = (output: string) =>
      ok([
        'predict',
        'm:1',
        '--input',
        'in.parquet',
        '--output',
        output,
        '--id-column',
        'id',
        '--threads',
        '1',
      ]);
    await predict('out.parquet');
    const out = await readTable(join(dir.path, 'out.parquet'));
    const text = (name: string) => {
      const column = getColumn(out, name) as DictionaryColumn;
      return Array.from(column.codes, (c) => column.dictionary[c]);
    };
    const { openPlatform } = await import('../../platform.js');
    const platform = await openPlatform({ cwd: dir.path, env: {} });
    try {
      const model = await platform.registry.load('m:1');
      const served = formatOutputs(model, model.predict(inputTable(400)).values, 400);
      expect(text('prediction')).toEqual(served.predictions.map(String));
      expect(text('action')).toEqual(served.actions);
      // Text outputs hold the same labels and actions (file outputs keep them as codes until assembly).
      for (const format of ['csv', 'jsonl']) {
        const file = join(dir.path, `out.${format}`);
        await predict(file);
        const lines = await readTable(file, { columns: ['prediction', 'action'] });
        expect(cells(lines, 'prediction'), format).toEqual(served.predictions.map(String));
        expect(cells(lines, 'action'), format).toEqual(served.actions);
      }
      expect(new Set(served.actions)).toEqual(new Set(['accept', 'human']));
      const p = (getColumn(out, 'prob_1') as Float64Column).values;
      expect(text('prediction')).toEqual(Array.from(p, (v) => (v >= threshold ? '1' : '0')));
      // Rows the default 0.5 would decide otherwise: the stored threshold made a difference.
      expect(p.some((v) => v >= threshold !== v >= 0.5)).toBe(true);
    } finally {
      await platform.close();
    }
  }, 120_000);
});

/** `table` with y = 1 when x1 + x2 > 5 (the batch fixture's rule), every 5th label flipped (noise). */
function labelled(table: Table): Table {
  const x1 = (getColumn(table, 'x1') as Float64Column).values;
  const x2 = (getColumn(table, 'x2') as Float64Column).values;
  const y = Float64Array.from(x1, (v, i) => (v + x2[i]! > 5 !== (i % 5 === 0) ? 1 : 0));
  return { ...table, names: [...table.names, 'y'], columns: [...table.columns, float64Column(y)] };
}

/** A column's cells as text, whatever kind the reader gave it (CSV reads 0/1 labels as numbers). */
function cells(table: Table, name: string): string[] {
  const column = getColumn(table, name);
  if (column.kind === 'dictionary') return Array.from(column.codes, (c) => column.dictionary[c]!);
  return Array.from(column.values as ArrayLike<number>, String);
}
