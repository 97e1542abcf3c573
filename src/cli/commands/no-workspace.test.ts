/** One-off reports on plain files work anywhere: no workspace is needed, nothing is recorded (issue 24, item 13). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { float64Column, writeTable } from '../../data/index.js';
import { runCli } from '../../testing/cli.js';
import { tempDir } from '../../testing/services.js';

describe('data profile and drift on files, outside any workspace', () => {
  const dir = tempDir('flywheel-no-ws-');
  const cli = (args: string[]) => runCli(['-C', dir.path, '--json', ...args]);
  beforeAll(async () => {
    const column = (k: number) =>
      float64Column(Float64Array.from({ length: 200 }, (_, i) => (i * 7919 + k) % 101));
    await writeTable(
      { names: ['x', 'y'], columns: [column(0), column(3)], rowCount: 200 },
      join(dir.path, 'a.csv'),
    );
    await writeTable(
      { names: ['x', 'y'], columns: [column(5), column(3)], rowCount: 200 },
      join(dir.path, 'b.parquet'),
    );
  });
  afterAll(() => dir.cleanup());

  it('profiles a file, as text, JSON and HTML', async () => {
    const r = await cli(['data', 'profile', 'a.csv']);
    expect(r.code, r.stdout).toBe(0);
    expect(r.json()).toMatchObject({ rowCount: 200 });
    const html = await cli(['data', 'profile', 'a.csv', '--html', 'profile.html']);
    expect(html.code, html.stdout).toBe(0);
    expect(existsSync(join(dir.path, 'profile.html'))).toBe(true);
  });

  it('compares two files, as JSON and HTML', async () => {
    const r = await cli(['drift', 'a.csv', 'b.parquet', '--html', 'drift.html']);
    expect(r.code, r.stdout).toBe(0);
    expect(r.json()).toMatchObject({ reference: { rows: 200 }, current: { rows: 200 } });
    expect(existsSync(join(dir.path, 'drift.html'))).toBe(true);
  });

  it('creates no workspace, and a dataset reference still needs one', async () => {
    expect(existsSync(join(dir.path, '.flywheel'))).toBe(false);
    for (const args of [
      ['data', 'profile', 'train:1'],
      ['drift', 'a.csv', 'train@latest'],
    ]) {
      const r = await cli(args);
      expect(r.code).toBe(66);
      expect(r.json().error.code).toBe('WORKSPACE_NOT_FOUND');
    }
  });

  it('a missing file is a clear error naming it, not a workspace error', async () => {
    const r = await cli(['data', 'profile', 'nope.csv']);
    expect(r.json().error.code).not.toBe('WORKSPACE_NOT_FOUND');
    expect(r.json().error.message).toContain('nope.csv');
  });
});
