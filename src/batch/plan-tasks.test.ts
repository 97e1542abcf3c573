/** Planning a queued job's tasks reads a stored version by its recorded format (issue 24, item 12). */
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../testing/services.js';
import { inputTable, writeInput } from './batch.fixture.js';
import { planTasks, type TaskBase } from './distributed.js';
import type { JobState } from './job-state.js';

describe('planTasks', () => {
  const dir = tempDir('flywheel-plan-');
  afterAll(() => dir.cleanup());
  const base = { jobId: 'j' } as TaskBase;
  const state = (files: string[], format: JobState['format']) =>
    ({ files, format, chunkRows: 100 }) as JobState;

  it('splits a Parquet object without an extension when its recorded format says Parquet', async () => {
    // A dataset version's object: named by its digest, no extension.
    const object = join(dir.path, '7dd8e4');
    renameSync(await writeInput(dir.path, 'x.parquet', inputTable(250)), object);
    const tasks = await planTasks(state([object], 'parquet'), base);
    expect(tasks.map((t) => [t.fileStart, t.rows, t.startRow])).toEqual([
      [0, 100, 0],
      [100, 100, 100],
      [200, 50, 200],
    ]);
  });

  it('refuses a text-format input with the reason', async () => {
    await expect(planTasks(state([join(dir.path, 'abc')], 'csv'), base)).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      hint: expect.stringContaining('Parquet'),
    });
  });
});
