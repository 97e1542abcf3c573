/**
 * `runDemo`: the whole Flywheel loop on a generated churn table, step by step, in a new workspace:
 * data → suite → check → train → evaluate → promote → serve → traffic → drift → retrain → gate →
 * hot swap → batch scoring. Each step reports one line with its key figure.
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger, FlywheelError } from '../core/index.js';
import { initWorkspace, openPlatform, type Platform } from '../platform.js';
import type { ServingService } from '../serving/index.js';
import { type ChurnFiles, writeChurnData } from './churn-data.js';
import type { DemoOptions, DemoResult, DemoStep } from './demo-types.js';
import {
  addData,
  checkData,
  detectDrift,
  evaluateAndPromote,
  inferSuite,
  type StepOutcome,
  trainTwo,
} from './model-steps.js';
import { batchScore, gate, retrain } from './refresh-steps.js';
import {
  alertOnTraffic,
  DEMO_MONITOR_CONFIG,
  hotSwap,
  monitorServedTraffic,
  readFeatureRows,
  sendTraffic,
  startServing,
  trafficStep,
} from './serve-steps.js';

type Runner = (id: string, title: string, fn: () => Promise<StepOutcome>) => Promise<StepOutcome>;

/** Refuse a folder that already holds files: the demo creates a workspace of its own. */
function prepareDir(dir: string): void {
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new FlywheelError('INVALID_ARGUMENT', `${dir} is not empty`, {
      where: { file: dir },
      hint: 'Give --dir a new or empty folder, or leave it out to use a new temporary folder.',
    });
  }
  mkdirSync(dir, { recursive: true });
}

/** Run the demo in `options.dir`; `onStep` hears of each step as it finishes. */
export async function runDemo(
  options: DemoOptions,
  onStep: (step: DemoStep) => void = () => undefined,
): Promise<DemoResult> {
  const started = performance.now();
  const { dir } = options;
  prepareDir(dir);
  const steps: DemoStep[] = [];
  const step: Runner = async (id, title, fn) => {
    const t0 = performance.now();
    const outcome = await fn();
    const done = { id, title, ...outcome, seconds: (performance.now() - t0) / 1000 };
    steps.push(done);
    onStep(done);
    return outcome;
  };
  // The demo's own workspace: environment overrides (another metadata URL) must not redirect it.
  await step('workspace', 'create a workspace', async () => {
    const init = await initWorkspace(dir, { name: 'churn-demo', env: {} });
    appendFileSync(join(init.root, 'flywheel.yaml'), DEMO_MONITOR_CONFIG);
    return { figure: `${init.root} (${init.status.metadata.dialect} metadata)`, values: { root: init.root } };
  });
  const p = await openPlatform({ cwd: dir, env: {}, logger: createLogger({ level: 'silent' }) });
  try {
    await runLoop(p, options, step);
  } finally {
    await p.close();
  }
  return { dir, steps, seconds: (performance.now() - started) / 1000 };
}

async function runLoop(p: Platform, options: DemoOptions, step: Runner): Promise<void> {
  const { dir } = options;
  const seed = options.seed ?? 7;
  const files = writeChurnData(dir, options.rows ?? 20_000, seed);
  await step('data', 'add the 2025-H1 history', () => addData(p, files, seed));
  await step('suite', 'infer an expectation suite', () => inferSuite(p, files, dir));
  await step('check', 'check the history, quarantine bad rows', () => checkData(p, dir));
  const trained = await step('train', 'train two model families', () => trainTwo(p, dir));
  const versions: [number, number] = [
    Number(trained.values.linearVersion),
    Number(trained.values.gbdtVersion),
  ];
  const judged = evaluateAndPromote(p, dir, files, versions);
  await step(
    'evaluate',
    `evaluate against baselines with a recall target`,
    async () => (await judged).evaluate,
  );
  await step('promote', 'register and alias production', async () => (await judged).promote);
  const serving = options.serve === false ? undefined : await serveAndDrift(p, files, dir, step);
  try {
    if (serving) {
      await step('monitor', 'monitor the served traffic', () => monitorServedTraffic(p, serving));
      await step('alert', 'alert rules over the traffic', () => alertOnTraffic(p, serving));
    }
    await step('drift', 'drift of the 2025-H2 data against the training period', () =>
      detectDrift(p, files, dir),
    );
    const fresh = await step('retrain', 'retrain on the fresh period', () => retrain(p, dir));
    const candidate = Number(fresh.values.version);
    const verdict = await step('gate', 'gated promotion by ROC-AUC', () =>
      gate(p, files, dir, candidate, !serving),
    );
    if (serving) {
      const move = verdict.values.promoted
        ? { version: candidate, reason: String(verdict.values.reason) }
        : undefined;
      const rows = readFeatureRows(files.freshHoldout);
      await step('hot-swap', 'hot swap under traffic', () => hotSwap(p, serving, rows, move));
    }
  } finally {
    await serving?.close();
  }
  await step('batch', 'batch-score a file', () => batchScore(p, files, dir));
}

/** Serve production, send 2025-H1 traffic, then 2025-H2 traffic. */
async function serveAndDrift(
  p: Platform,
  files: ChurnFiles,
  dir: string,
  step: Runner,
): Promise<ServingService> {
  let serving: ServingService | undefined;
  await step('serve', 'serve in-process', async () => {
    const started = await startServing(p, dir);
    serving = started.serving;
    return started.step;
  });
  const s = serving!;
  const traffic = { requests: 150, size: 20, concurrency: 8 };
  try {
    const h1 = readFeatureRows(files.historyHoldout);
    await step('traffic', 'send traffic', async () =>
      trafficStep(await sendTraffic(s, h1, traffic), 20, '2025-H1'),
    );
    const h2 = readFeatureRows(files.freshHoldout);
    await step('traffic-drifts', 'traffic drifts', async () =>
      trafficStep(await sendTraffic(s, h2, traffic), 20, '2025-H2'),
    );
  } catch (error) {
    await s.close();
    throw error;
  }
  return s;
}
