import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchWorkspace, inputTable, TEST_QUEUE_SECRET, writeInput } from '../../batch/batch.fixture.js';
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
