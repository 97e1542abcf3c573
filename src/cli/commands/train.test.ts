import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CATALOG, TAGS } from '../../core/index.js';
import { initWorkspace, openPlatform } from '../../platform.js';
import { tempDir } from '../../testing/services.js';
import { createContext } from '../context.js';
import type { Streams } from '../output.js';
import { registerTrainCommands } from './train.js';

/** Run `flywheel [--json] train …` with only this command registered; returns the exit code and output. */
async function run(cwd: string, args: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough() as unknown as NodeJS.WriteStream;
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  (stderr as unknown as PassThrough).on('data', (d: Buffer) => (err += d));
  const program = new Command('flywheel').option('--json').exitOverride();
  const streams: Streams = { stdout, stderr };
  const ctx = createContext(streams, {}, () => ({ json: program.opts().json === true, cwd }));
  registerTrainCommands(program, ctx);
  await program.parseAsync(args, { from: 'user' });
  return { code: ctx.exitCode, out, err };
}

describe('flywheel train', () => {
  const dir = tempDir();
  beforeAll(async () => {
    await initWorkspace(dir.path, { env: {} });
    const rows = Array.from(
      { length: 80 },
      (_, i) => `${i % 9},${(i * 7) % 5},${i % 9 > 4 ? 1 : 0},${(i % 9) / 9}`,
    );
    writeFileSync(join(dir.path, 'd.csv'), `a,b,label,score\n${rows.join('\n')}\n`);
    writeFileSync(
      join(dir.path, 'train.yaml'),
      'data: d.csv\ntarget: label\nmodel: gbdt\nparams:\n  n_estimators: 5\n  max_depth: 2\nloss:\n  - { loss: logloss, target: label, weight: 1 }\n  - { loss: brier, target: score, weight: 0.5 }\n',
    );
  });
  afterAll(() => dir.cleanup());

  it('trains from flags and prints one JSON document', async () => {
    const r = await run(dir.path, [
      '--json',
      'train',
      '--data',
      'd.csv',
      '--target',
      'label',
      '--model',
      'linear',
      '--param',
      'alpha=0.5',
      '--exclude',
      'score',
      '--register',
      'm',
    ]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json).toMatchObject({
      model: { family: 'linear', task: 'binary', target: 'label', features: 2 },
      version: { name: 'm', version: 1 },
      params: expect.objectContaining({ alpha: 0.5 }),
      stopReason: 'converged',
    });
    expect(json.metrics.train_auc).toBeGreaterThan(0.9);
  });

  it('reads a YAML config with a combined loss; flags override it', async () => {
    const r = await run(dir.path, ['--json', 'train', '-c', 'train.yaml', '--param', 'n_estimators=3']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.iterations).toBe(3);
    expect(json.params).toMatchObject({
      'loss.1.kind': 'brier',
      'loss.1.target': 'score',
      'loss.1.weight': 0.5,
      max_depth: 2,
    });
  });

  it('tags the run with the alert it answers (--alert, which the retrain action passes)', async () => {
    const flags = [
      'train',
      '--data',
      'd.csv',
      '--target',
      'label',
      '--model',
      'linear',
      '--exclude',
      'score',
    ];
    const r = await run(dir.path, ['--json', ...flags, '--alert', '17']);
    expect(r.code).toBe(0);
    const p = await openPlatform({ cwd: dir.path, env: {} });
    try {
      const tagged = await p.tracking.getRun(JSON.parse(r.out).run.id);
      expect(tagged.tags[TAGS.alert]).toBe('17');
      // Without --alert, no tag: the process environment (the old contract) does not count.
      process.env.FLYWHEEL_ALERT_ID = '99';
      const plain = await run(dir.path, ['--json', ...flags]).finally(() => {
        delete process.env.FLYWHEEL_ALERT_ID;
      });
      expect((await p.tracking.getRun(JSON.parse(plain.out).run.id)).tags[TAGS.alert]).toBeUndefined();
    } finally {
      await p.close();
    }
    const bad = await run(dir.path, [...flags, '--alert', '17x']);
    expect(bad.code).toBe(ERROR_CATALOG.INVALID_ARGUMENT.exit);
    expect(bad.err).toContain("--alert must be an alert's event id");
  });

  it('reports a missing setting as a usage error with a hint', async () => {
    const r = await run(dir.path, ['train', '--data', 'd.csv', '--model', 'gbdt']);
    expect(r.code).toBe(64);
    expect(r.err).toContain('Invalid training setting "target"');
    expect(r.err).toContain('hint:');
  });
});
