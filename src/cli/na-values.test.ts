/** The global `--na-values` flag: which CSV fields every read of one invocation takes as missing (issue 24, item 11). */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../testing/cli.js';
import { tempDir } from '../testing/services.js';

describe('--na-values', () => {
  const dir = tempDir('flywheel-na-values-');
  const cli = (args: string[]) => runCli(['-C', dir.path, '--json', ...args]);
  const column = (profile: { columns: { name: string }[] }) => profile.columns.find((c) => c.name === 'x');
  beforeAll(async () => {
    await writeFile(join(dir.path, 'q.csv'), 'id,x\n1,2\n2,?\n3,NA\n4,5\n');
  });
  afterAll(() => dir.cleanup());

  it('by default `NA` is missing and `?` a value (the column is text)', async () => {
    const r = await cli(['data', 'profile', 'q.csv']);
    expect(r.code, r.stdout).toBe(0);
    expect(column(r.json())).toMatchObject({ nulls: 1, kind: 'dictionary' });
  });

  it('adds `?` for one invocation only, then the default is back', async () => {
    const r = await cli(['--na-values', 'NA,,?', 'data', 'profile', 'q.csv']);
    expect(r.code, r.stdout).toBe(0);
    expect(column(r.json())).toMatchObject({ nulls: 2, kind: 'float64', min: 2, max: 5 });
    const again = await cli(['data', 'profile', 'q.csv']);
    expect(column(again.json())).toMatchObject({ nulls: 1, kind: 'dictionary' });
  });

  it('rejects an over-long list as a usage error', async () => {
    const r = await cli(['--na-values', 'x'.repeat(65), 'data', 'profile', 'q.csv']);
    expect(r.code).toBe(64);
    expect(r.stdout + r.stderr).toMatch(/--na-values/);
  });
});
