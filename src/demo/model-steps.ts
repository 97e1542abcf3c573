/** The offline steps of the demo: data, suite, check, train, evaluate, drift, retrain, gate, batch. */
import { join } from 'node:path';
import type { Platform } from '../platform.js';
import { type ChurnFiles, FEATURES, ID_COLUMNS, TARGET } from './churn-data.js';
import type { DemoValue } from './demo-types.js';

/** What a step function returns: its line and its figures. */
export interface StepOutcome {
  figure: string;
  values: Record<string, DemoValue>;
}

/** The registered model's name. */
export const MODEL = 'churn';
/** The recall the operating point must reach. */
export const RECALL_TARGET = 0.8;
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const f3 = (x: number) => x.toFixed(3);

/** Version the 2025-H1 history as dataset `churn`. */
export async function addData(p: Platform, files: ChurnFiles, seed: number): Promise<StepOutcome> {
  const added = await p.data.add(files.history, { name: 'churn', message: '2025-H1 history (demo)' });
  const ref = `churn:${added.dataset.version}`;
  const rows = added.dataset.rowCount ?? files.rows.history;
  const total = Object.values(files.rows).reduce((s, n) => s + n, 0);
  return {
    figure: `${ref} — ${rows} rows of 2025-H1 (${total} rows generated, seed ${seed})`,
    values: { ref, rows, generated: total, spoiled: files.spoiled },
  };
}

/** Draft a suite from the trusted hold-out slice. */
export async function inferSuite(p: Platform, files: ChurnFiles, dir: string): Promise<StepOutcome> {
  const out = join(dir, 'churn.suite.yaml');
  const inferred = await p.validation.infer(files.historyHoldout, { name: 'churn', out, cwd: dir });
  const expectations = inferred.suite.expectations.length;
  return {
    figure: `${expectations} expectations drafted → churn.suite.yaml`,
    values: { expectations, suite: out },
  };
}

/** Check the history; quarantine the bad rows; version the clean rows as `churn-clean`. */
export async function checkData(p: Platform, dir: string): Promise<StepOutcome> {
  const suite = join(dir, 'churn.suite.yaml');
  const clean = join(dir, 'churn-clean.csv');
  const result = await p.validation.check('churn:1', suite, {
    cwd: dir,
    quarantine: join(dir, 'quarantine.csv'),
    clean,
  });
  const q = result.quarantine!;
  const failed = result.report.results.filter((r) => !r.success).length;
  await p.data.add(clean, { name: 'churn-clean', message: 'rows that passed churn.suite.yaml' });
  return {
    figure: `${q.badRows} of ${q.badRows + q.cleanRows} rows quarantined (${failed} expectations failed) → churn-clean:1`,
    values: { badRows: q.badRows, cleanRows: q.cleanRows, failedExpectations: failed },
  };
}

/** Train and register one model of `family` on `data`. */
async function trainOne(p: Platform, dir: string, data: string, family: 'linear' | 'gbdt') {
  const result = await p.train({
    data,
    target: TARGET,
    model: family,
    exclude: ID_COLUMNS,
    validation: 0.2,
    seed: 1,
    params: family === 'gbdt' ? { n_estimators: 200, learning_rate: 0.1 } : {},
    experiment: 'churn-demo',
    register: MODEL,
    cwd: dir,
  });
  return { version: result.version!.version, auc: result.metrics.valid_auc ?? Number.NaN };
}

/** Train a linear model and gradient-boosted trees on the clean history. */
export async function trainTwo(p: Platform, dir: string): Promise<StepOutcome> {
  const linear = await trainOne(p, dir, 'churn-clean:1', 'linear');
  const gbdt = await trainOne(p, dir, 'churn-clean:1', 'gbdt');
  return {
    figure: `linear → ${MODEL}:${linear.version} (valid AUC ${f3(linear.auc)}) · gbdt → ${MODEL}:${gbdt.version} (valid AUC ${f3(gbdt.auc)})`,
    values: {
      linearVersion: linear.version,
      linearAuc: linear.auc,
      gbdtVersion: gbdt.version,
      gbdtAuc: gbdt.auc,
    },
  };
}

/** Evaluate one version on `data`: AUC, the prior baseline, the recall operating point. */
async function evaluateOne(p: Platform, dir: string, version: number, data: string) {
  const result = await p.evaluation.evaluate({
    model: `${MODEL}:${version}`,
    data,
    target: { kind: 'recall', min: RECALL_TARGET },
    require: ['roc_auc >= 0.6'],
    baselines: true,
    cwd: dir,
  });
  const r = result.report;
  const prior = r.baselines.find((b) => b.name === 'prior')?.metrics.roc_auc ?? Number.NaN;
  const op = r.operating;
  return {
    version,
    auc: r.metrics.roc_auc ?? Number.NaN,
    prior,
    passed: r.passed,
    threshold: op?.validation.threshold ?? Number.NaN,
    precision: op?.test.precision ?? Number.NaN,
    recall: op?.test.recall ?? Number.NaN,
  };
}

/** Evaluate both versions on the 2025-H1 hold-out; the better one by ROC-AUC gets `production`. */
export async function evaluateAndPromote(
  p: Platform,
  dir: string,
  files: ChurnFiles,
  versions: [number, number],
): Promise<{ evaluate: StepOutcome; promote: StepOutcome }> {
  const [a, b] = await Promise.all(versions.map((v) => evaluateOne(p, dir, v, files.historyHoldout)));
  const best = a!.auc >= b!.auc ? a! : b!;
  const reason = `best hold-out ROC-AUC ${f3(best.auc)} of ${MODEL}:${a!.version} and ${MODEL}:${b!.version}`;
  await p.registry.setAlias(MODEL, 'production', best.version, { actor: 'flywheel demo', reason });
  return {
    evaluate: {
      figure: `${MODEL}:${best.version} AUC ${f3(best.auc)} vs prior baseline ${f3(best.prior)}; recall ≥ ${RECALL_TARGET} at threshold ${f3(best.threshold)} (recall ${f3(best.recall)}, precision ${f3(best.precision)})`,
      values: {
        aucA: a!.auc,
        aucB: b!.auc,
        priorAuc: best.prior,
        passed: a!.passed && b!.passed,
        threshold: best.threshold,
        recall: best.recall,
        precision: best.precision,
      },
    },
    promote: {
      figure: `${MODEL}@production → ${MODEL}:${best.version} (${reason})`,
      values: { production: best.version, auc: best.auc, reason },
    },
  };
}

/** Drift of the fresh 2025-H2 period against the training period, over the feature columns. */
export async function detectDrift(p: Platform, files: ChurnFiles, dir: string): Promise<StepOutcome> {
  const added = await p.data.add(files.fresh, { name: 'churn-fresh', message: '2025-H2 (demo)' });
  const current = `churn-fresh:${added.dataset.version}`;
  const report = await p.monitoring.drift(
    'churn-clean:1',
    current,
    { columns: FEATURES, target: TARGET },
    dir,
  );
  const drifted = report.columns.filter((c) => c.role === 'feature' && c.drift).map((c) => c.column);
  const { share, columns, drift } = report.dataset;
  // The same check on held-out rows of the training period itself: no drift may be reported there.
  const before = await p.monitoring.drift(
    'churn-clean:1',
    files.historyHoldout,
    { columns: FEATURES, target: TARGET },
    dir,
  );
  const beforeDrifted = before.columns.filter((c) => c.role === 'feature' && c.drift).length;
  return {
    figure: `${drifted.length} of ${columns} feature columns drifted (${pct(share)}: ${drifted.join(', ')}); dataset drift ${drift ? 'yes' : 'no'}, label drift ${report.target?.drift ? 'yes' : 'no'}; before the drift (2025-H1 hold-out): ${beforeDrifted} drifted`,
    values: {
      beforeDrifted,
      beforeDatasetDrift: before.dataset.drift,
      drifted: drifted.length,
      columns,
      share,
      datasetDrift: drift,
      labelDrift: report.target?.drift ?? false,
    },
  };
}
