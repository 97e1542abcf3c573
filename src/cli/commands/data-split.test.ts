/** `flywheel data split` (issue 24, item 7): two versions with the source recorded, usage errors for bad numbers. */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dictionaryColumn, float64Column, writeTable } from '../../data/index.js';
import { runCli } from '../../testing/cli.js';
import { tempDir } from '../../testing/services.js';

describe('flywheel data split', () => {
  const dir = tempDir('flywheel-split-cli-');
  const cli = (args: string[]) => runCli(['-C', dir.path, '--json', ...args]);
  beforeAll(async () => {
    expect((await cli(['init'])).code).toBe(0);
    const n = 100;
    await writeTable(
      {
        names: ['x', 'y'],
        columns: [
          float64Column(Array.from({ length: n }, (_, i) => i)),
          dictionaryColumn(Array.from({ length: n }, (_, i) => (i % 4 === 0 ? 'yes' : 'no'))),
        ],
        rowCount: n,
      },
      join(dir.path, 'rows.csv'),
    );
    expect((await cli(['data', 'add', 'rows.csv'])).code).toBe(0);
  });
  afterAll(() => dir.cleanup());

  it('records NAME-train and NAME-test with the source version', async () => {
    const r = await cli(['data', 'split', 'rows:1', '--test', '0.2', '--stratify', 'y', '--seed', '4']);
    expect(r.code, r.stdout).toBe(0);
    expect(r.json()).toMatchObject({
      source: 'rows:1',
      train: { dataset: { name: 'rows-train', version: 1, rowCount: 80, source: 'rows:1' } },
      test: { dataset: { name: 'rows-test', version: 1, rowCount: 20, source: 'rows:1' } },
    });
  });

  it('a share that is not a number is a usage error', async () => {
    const r = await cli(['data', 'split', 'rows:1', '--test', 'most']);
    expect(r.code).toBe(64);
    expect(r.stdout).toMatch(/--test needs a number/);
  });
});
