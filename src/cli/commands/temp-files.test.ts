/**
 * Commands leave the system temp folder as they found it (issue 24, item 14: every `flywheel eval`
 * left a flywheel-eval-<id>.json behind). TMPDIR points at a fresh folder while the commands run.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { float64Column, writeTable } from '../../data/index.js';
import { runCli } from '../../testing/cli.js';
import { tempDir } from '../../testing/services.js';

describe('the system temp folder after each command', () => {
  const dir = tempDir('flywheel-temp-files-');
  const temp = join(dir.path, 'tmp');
  const before = process.env.TMPDIR;
  const ws = join(dir.path, 'ws');
  const cli = (args: string[]) => runCli(['-C', ws, '--json', ...args]);
  beforeAll(async () => {
    mkdirSync(temp);
    process.env.TMPDIR = temp;
    expect(tmpdir()).toBe(temp);
    expect((await runCli(['init', ws])).code).toBe(0);
    const n = 200;
    const x = Float64Array.from({ length: n }, (_, i) => (i * 7919) % 101);
    const y = Float64Array.from(x, (v, i) => (v > 50 !== (i % 7 === 0) ? 1 : 0));
    await writeTable(
      { names: ['x', 'y'], columns: [float64Column(x), float64Column(y)], rowCount: n },
      join(ws, 'd.csv'),
    );
    writeFileSync(join(ws, 'suite.yaml'), 'name: s\nexpectations:\n  - expect: not_null\n    column: x\n');
  });
  afterAll(() => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    dir.cleanup();
  });

  for (const args of [
    ['data', 'add', 'd.csv', '--name', 'd'],
    ['train', '--data', 'd:1', '--target', 'y', '--model', 'linear', '--register', 'm'],
    [
      'eval',
      'm:1',
      '--data',
      'd:1',
      '--target-recall',
      '0.9',
      '--policy',
      '0.8:human',
      '--html',
      'eval.html',
    ],
    ['predict', 'm:1', '--input', 'd:1', '--output', 'out.parquet', '--threads', '1'],
    ['check', 'd:1', '--suite', 'suite.yaml', '--html', 'check.html'],
    ['drift', 'd:1', 'd.csv', '--html', 'drift.html'],
    ['data', 'profile', 'd:1', '--html', 'profile.html'],
  ]) {
    it(`flywheel ${args.slice(0, 2).join(' ')} leaves nothing behind`, async () => {
      const r = await cli(args);
      expect(r.code, r.stdout).toBe(0);
      expect(readdirSync(temp)).toEqual([]);
    }, 60_000);
  }
});
