/** The demo's second half offline: retrain on the fresh period, the promotion gate, batch scoring. */
import { join } from 'node:path';
import type { Platform } from '../platform.js';
import { type ChurnFiles, ID_COLUMNS, TARGET } from './churn-data.js';
import { MODEL, type StepOutcome } from './model-steps.js';

const f3 = (x: number) => x.toFixed(3);

/** Retrain gradient-boosted trees on the 2025-H2 rows (`churn-fresh:1`). */
export async function retrain(p: Platform, dir: string): Promise<StepOutcome> {
  const result = await p.train({
    data: 'churn-fresh:1',
    target: TARGET,
    model: 'gbdt',
    exclude: ID_COLUMNS,
    validation: 0.2,
    seed: 1,
    params: { n_estimators: 200, learning_rate: 0.1 },
    experiment: 'churn-demo',
    runName: 'retrain on 2025-H2',
    register: MODEL,
    cwd: dir,
  });
  const version = result.version!.version;
  const auc = result.metrics.valid_auc ?? Number.NaN;
  return {
    figure: `gbdt on churn-fresh:1 → ${MODEL}:${version} (valid AUC ${f3(auc)})`,
    values: { version, auc },
  };
}

/** ROC-AUC of `ref` on `data` (recorded as an evaluation run). */
async function aucOf(p: Platform, dir: string, ref: string, data: string): Promise<number> {
  const result = await p.evaluation.evaluate({ model: ref, data, baselines: false, store: false, cwd: dir });
  return result.report.metrics.roc_auc ?? Number.NaN;
}

/**
 * The promotion gate: production and the candidate on the fresh hold-out; `production` moves only
 * when the candidate's ROC-AUC is higher, and the move records why. With `move` false the caller
 * moves it (the demo does so under traffic).
 */
export async function gate(
  p: Platform,
  files: ChurnFiles,
  dir: string,
  candidate: number,
  move: boolean,
): Promise<StepOutcome> {
  const current = (await p.registry.resolve(`${MODEL}@production`)).version;
  const [old, fresh] = await Promise.all([
    aucOf(p, dir, `${MODEL}:${current}`, files.freshHoldout),
    aucOf(p, dir, `${MODEL}:${candidate}`, files.freshHoldout),
  ]);
  const promoted = fresh > old;
  const reason = `2025-H2 hold-out ROC-AUC ${f3(fresh)} for ${MODEL}:${candidate} vs ${f3(old)} for ${MODEL}:${current}`;
  if (promoted && move)
    await p.registry.setAlias(MODEL, 'production', candidate, { actor: 'flywheel demo', reason });
  const verdict = promoted ? `promoted ${MODEL}:${candidate}` : `kept ${MODEL}:${current}`;
  return {
    figure: `${verdict}: ${reason}`,
    values: { from: current, candidate, oldAuc: old, newAuc: fresh, promoted, reason },
  };
}

/** Score the fresh hold-out file with `churn@production` into a Parquet file. */
export async function batchScore(p: Platform, files: ChurnFiles, dir: string): Promise<StepOutcome> {
  const output = join(dir, 'scored-2025-h2.parquet');
  const s = await p.batch.predict({
    model: `${MODEL}@production`,
    input: files.freshHoldout,
    output,
    idColumn: 'customer_id',
    cwd: dir,
  });
  return {
    figure: `${s.scored} of ${s.rows} rows scored by ${s.modelVersion} (${s.failed} failed) → scored-2025-h2.parquet`,
    values: { rows: s.rows, scored: s.scored, failed: s.failed, model: s.modelVersion, output },
  };
}
