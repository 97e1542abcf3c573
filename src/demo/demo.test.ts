import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../core/index.js';
import { openPlatform } from '../platform.js';
import { parseServeConfig } from '../serving/index.js';
import { runCli } from '../testing/cli.js';
import { tempDir } from '../testing/services.js';
import type { DemoResult, DemoStep } from './demo-types.js';
import { formatStep, formatSummary } from './format.js';
import { runDemo } from './run-demo.js';

// One run of the whole demo on the default 20,000 generated rows (seed 7); each test reads its steps.
// The bounds are properties of the generator (churn-data.ts), not of one lucky draw: the label follows a
// logistic model, so AUCs sit near 0.78 while the prior baseline is 0.5 by construction.
describe('flywheel demo', () => {
  const dir = tempDir('flywheel-demo-');
  const ws = join(dir.path, 'ws');
  const heard: string[] = [];
  let result: DemoResult;
  const values = (id: string): DemoStep['values'] => {
    const step = result.steps.find((s) => s.id === id);
    if (!step) throw new Error(`no step ${id}`);
    return step.values;
  };

  beforeAll(async () => {
    result = await runDemo({ dir: ws }, (s) => heard.push(formatStep(s)));
    if (process.env.DEMO_PRINT) console.log([...heard, formatSummary(result)].join('\n'));
  }, 120_000);
  afterAll(() => dir.cleanup());

  it('runs every step in order and reports one ✓ line each', () => {
    expect(result.steps.map((s) => s.id)).toEqual([
      'workspace',
      'data',
      'suite',
      'check',
      'train',
      'evaluate',
      'promote',
      'serve',
      'traffic',
      'traffic-drifts',
      'monitor',
      'alert',
      'drift',
      'retrain',
      'gate',
      'hot-swap',
      'batch',
    ]);
    expect(heard).toHaveLength(result.steps.length);
    expect(heard.every((l) => l.startsWith('✓ '))).toBe(true);
    expect(formatSummary(result)).toMatch(/failed requests during swap\s+0/);
  });

  it('monitors the served traffic: drift from the first window of drifted traffic, none before', () => {
    const m = values('monitor');
    expect(m.windows).toBe(6); // 3,000 logged rows of each period, windows of 1,000
    expect(m.firstDrift).toBe(3);
    const perWindow = String(m.drifted).split(' ').map(Number);
    expect(perWindow.slice(0, 3)).toEqual([0, 0, 0]);
    expect(perWindow.slice(3).every((n) => n > 0)).toBe(true);
  });

  it('raises the drift alert of its flywheel.yaml once, at the second drifted window', () => {
    const a = values('alert');
    expect(a.alerts).toBe(1);
    expect(a.alertWindow).toBe(4); // drift_share >= 0.3 for 2 windows: windows 3 and 4
    // The label-free estimate of accuracy is a probability-weighted share, so it lies in [0, 1].
    expect(Number(a.estimatedBefore)).toBeGreaterThan(0.5);
    expect(Number(a.estimatedBefore)).toBeLessThanOrEqual(1);
  });

  it('quarantines exactly the rows the generator spoiled', () => {
    // A spoiled row has a negative tenure, an empty charge or the contract "N/A": each breaks a
    // per-row expectation drafted from the clean hold-out; no clean row does.
    expect(values('data').rows).toBe(8000);
    expect(Number(values('data').spoiled)).toBeGreaterThan(40); // 1% of 8,000 = 80 expected
    expect(values('check').badRows).toBe(values('data').spoiled);
    expect(Number(values('check').badRows) + Number(values('check').cleanRows)).toBe(8000);
  });

  it('trains two families, beats the prior baseline, meets the recall target, promotes the better', () => {
    const e = values('evaluate');
    const best = Math.max(Number(e.aucA), Number(e.aucB));
    expect(best).toBeGreaterThan(0.7);
    expect(e.priorAuc).toBe(0.5); // constant scores rank nothing
    expect(Number(e.recall)).toBeGreaterThanOrEqual(0.75); // 0.8 chosen on the same rows, within noise
    expect(values('promote').auc).toBe(best);
    expect([values('train').linearVersion, values('train').gbdtVersion]).toContain(
      values('promote').production,
    );
  });

  it('serves traffic without failures and sees the scores shift when traffic drifts', () => {
    expect(values('traffic').failed).toBe(0);
    expect(values('traffic-drifts').failed).toBe(0);
    // 2025-H2 customers churn more (higher prices, more calls, a competitor): the mean score rises.
    expect(Number(values('traffic-drifts').meanScore)).toBeGreaterThan(
      Number(values('traffic').meanScore) + 0.1,
    );
  });

  it('detects the planted drift: prices, calls, tenure and contract move; region and payment do not', () => {
    const d = values('drift');
    expect(d.columns).toBe(6);
    expect(d.drifted).toBe(4);
    expect(d.beforeDrifted).toBe(0); // the training period's own hold-out: nothing drifted
    expect(d.beforeDatasetDrift).toBe(false);
    expect(d.datasetDrift).toBe(true);
    expect(result.steps.find((s) => s.id === 'drift')!.figure).toContain('monthly_charges');
    expect(result.steps.find((s) => s.id === 'drift')!.figure).not.toContain('region');
  });

  it('promotes the retrained model through the gate and swaps it under traffic with zero failures', async () => {
    const g = values('gate');
    expect(Number(g.newAuc)).toBeGreaterThan(Number(g.oldAuc));
    expect(g.promoted).toBe(true);
    const swap = values('hot-swap');
    expect(swap.failed).toBe(0);
    expect(swap.versions).toBe(`${values('promote').production},${values('retrain').version}`);
    const p = await openPlatform({ cwd: ws, env: {}, logger: createLogger({ level: 'silent' }) });
    try {
      expect((await p.registry.resolve('churn@production')).version).toBe(values('retrain').version);
      const moves = (await p.registry.history('churn')).filter((e) =>
        JSON.stringify(e.data).includes('hold-out'),
      );
      expect(moves).toHaveLength(2); // the first promotion and the gate's, each with its reason
    } finally {
      await p.close();
    }
  });

  it('batch-scores the fresh hold-out with the new production model', () => {
    expect(values('batch')).toMatchObject({ rows: 2000, scored: 2000, failed: 0 });
    expect(values('batch').model).toBe(`churn:${values('retrain').version}`);
  });

  it('flywheel demo --json prints one document with every step', async () => {
    const run = await runCli([
      'demo',
      '--json',
      '--no-serve',
      '--rows',
      '4000',
      '--dir',
      join(dir.path, 'cli'),
    ]);
    expect(run.code).toBe(0);
    const doc = run.json();
    expect(doc.steps.map((s: DemoStep) => s.id)).not.toContain('hot-swap');
    expect(doc.steps.find((s: DemoStep) => s.id === 'batch').values.scored).toBe(400);
    expect((await runCli(['demo', '--dir', join(dir.path, 'cli')])).code).not.toBe(0); // not empty now
  }, 60_000);
});

// The copyable project in examples/: the README's commands, run through the CLI on a copy of it.
describe('examples/', () => {
  const dir = tempDir('flywheel-examples-');
  const ws = join(dir.path, 'my-churn');
  const cli = (...args: string[]) => runCli([...args, '-C', ws]);
  // As examples/README.md does: `flywheel init` makes the workspace's stores, then the project's files
  // (its flywheel.yaml over the generated one). src/examples.test.ts runs that page itself.
  beforeAll(async () => {
    expect((await runCli(['init', ws])).code).toBe(0);
    cpSync(fileURLToPath(new URL('../../examples', import.meta.url)), ws, { recursive: true });
  });
  afterAll(() => dir.cleanup());

  it('runs the README steps: add, check (19 planted bad rows), train, alias, drift alert, serve config', async () => {
    expect((await cli('status')).code).toBe(0);
    expect((await cli('data', 'add', 'data/churn-2025-h1.csv', '--name', 'churn')).code).toBe(0);
    const check = await cli(
      'check',
      'churn:1',
      '--suite',
      'churn.suite.yaml',
      '--quarantine',
      'bad.csv',
      '--clean',
      'clean.csv',
      '--json',
    );
    // 19 = the rows writeChurnData(dir, 5000, 11) spoiled in its 2,000-row history part (printed when generated).
    expect(check.json().quarantine).toMatchObject({ badRows: 19, cleanRows: 1981 });
    expect((await cli('data', 'add', 'clean.csv', '--name', 'churn-clean')).code).toBe(0);
    const train = await cli('train', '-c', 'train.yaml', '--json');
    expect(train.code).toBe(0);
    expect((await cli('models', 'alias', 'churn', 'production', '1', '--reason', 'first model')).code).toBe(
      0,
    );
    const drift = await cli(
      'drift',
      'churn-clean:1',
      'data/churn-2025-h2.csv',
      '--config',
      'alerts.yaml',
      '--fail-on-drift',
      '--json',
    );
    expect(drift.code).toBe(1);
    expect(drift.json().dataset.drift).toBe(true);
    const config = parseServeConfig(readFileSync(join(ws, 'serve.yaml'), 'utf8'), 'serve.yaml');
    expect(config.models).toEqual([
      { ref: 'churn@production', suite: 'churn.suite.yaml', unknown_keys: 'refuse', runtime: 'native' },
    ]);
  }, 60_000);
});
