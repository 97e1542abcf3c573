/**
 * Every report a command writes goes through the atomic writer, so a failed write is a clear error
 * naming the path with its catalog code — never "this is a bug in Flywheel" (issue 24, item 14).
 */
import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { float64Column, writeTable } from '../../data/index.js';
import { segmentSink } from '../../prediction-log/index.js';
import { runCli } from '../../testing/cli.js';
import { tempDir } from '../../testing/services.js';

/** Each command with the flag that names the report it writes (OUT). */
const WRITERS: Array<{ name: string; args: string[] }> = [
  { name: 'data profile --html', args: ['data', 'profile', 'd:1', '--html', 'OUT'] },
  { name: 'drift --html', args: ['drift', 'd:1', 'd.csv', '--html', 'OUT'] },
  { name: 'eval --html', args: ['eval', 'm:1', '--data', 'd:1', '--no-store', '--html', 'OUT'] },
  { name: 'check --html', args: ['check', 'd:1', '--suite', 'suite.yaml', '--no-store', '--html', 'OUT'] },
  { name: 'suite infer --out', args: ['suite', 'infer', 'd:1', '--out', 'OUT'] },
  { name: 'monitor --html', args: ['monitor', 'm:1', '--reference', 'd:1', '--html', 'OUT'] },
];

/**
 * A folder this process may not write in: a read-only folder, except for root, who writes in any
 * folder whatever its mode; there sysfs (Linux), which refuses new files to everyone.
 */
function unwritableFolder(dir: string): string | undefined {
  if (process.getuid?.() !== 0) {
    const locked = join(dir, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o500);
    return locked;
  }
  return existsSync('/sys/kernel') ? '/sys/kernel' : undefined;
}

describe('report writes', () => {
  const dir = tempDir('flywheel-report-writes-');
  const cli = (args: string[]) => runCli(['-C', dir.path, '--json', ...args]);
  let locked: string | undefined;
  beforeAll(async () => {
    expect((await runCli(['init', dir.path])).code).toBe(0);
    const n = 200;
    const x = Float64Array.from({ length: n }, (_, i) => (i * 7919) % 101);
    const y = Float64Array.from(x, (v, i) => (v > 50 !== (i % 7 === 0) ? 1 : 0));
    const table = { names: ['x', 'y'], columns: [float64Column(x), float64Column(y)], rowCount: n };
    await writeTable(table, join(dir.path, 'd.csv'));
    writeFileSync(
      join(dir.path, 'suite.yaml'),
      'name: s\nexpectations:\n  - expect: not_null\n    column: x\n',
    );
    for (const args of [
      ['data', 'add', 'd.csv', '--name', 'd'],
      ['train', '--data', 'd:1', '--target', 'y', '--model', 'linear', '--register', 'm'],
    ]) {
      const r = await cli(args);
      expect(r.code, r.stdout).toBe(0);
    }
    await segmentSink(join(dir.path, '.flywheel', 'predictions')).write(
      Array.from({ length: 20 }, (_, i) => ({
        kind: 'prediction' as const,
        time: Date.now() - 1000 + i,
        request_id: `r${i}`,
        model: 'm',
        version: 1,
        route: 'primary' as const,
        latency_ms: 1,
        features: { x: i * 5 },
        prediction: i % 2,
        probabilities: [[0.5, 0.5]],
      })),
    );
    mkdirSync(join(dir.path, 'a-folder'));
    locked = unwritableFolder(dir.path);
  }, 120_000);
  afterAll(() => {
    if (locked?.startsWith(dir.path)) chmodSync(locked, 0o700);
    dir.cleanup();
  });

  for (const writer of WRITERS) {
    it(`${writer.name}: written whole, or a catalog error naming the path`, async () => {
      const run = (out: string) => cli(writer.args.map((a) => (a === 'OUT' ? out : a)));
      const good = join(dir.path, `${writer.name.replace(/\W+/g, '-')}.out`);
      const ok = await run(good);
      expect(ok.code, ok.stdout).toBe(0);
      expect(existsSync(good)).toBe(true);
      const cases = [
        { out: join(dir.path, 'no-such-folder', 'r.html'), code: 'NOT_FOUND', exit: 66 },
        { out: join(dir.path, 'a-folder'), code: 'INVALID_ARGUMENT', exit: 64 },
        ...(locked ? [{ out: join(locked, 'r.html'), code: 'PERMISSION_DENIED', exit: 77 }] : []),
      ];
      for (const c of cases) {
        const r = await run(c.out);
        expect(r.code, r.stdout).toBe(c.exit);
        expect(r.json().error).toMatchObject({ code: c.code, where: { file: c.out } });
        expect(r.json().error.message).toContain(c.out);
      }
      // No temporary file is left beside a failed write.
      expect(readdirSync(dir.path).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    }, 60_000);
  }
});
