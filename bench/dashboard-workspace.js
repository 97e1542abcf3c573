// The workspace both dashboard benches read (bench/dashboard: the pages in Chromium;
// bench/dashboard-api: the /api/v1 calls): RUNS runs x 20 params x 10 metrics, the first 5 with
// 1,000-step curves (the ones a page compares), the rest SHORT steps. Seeded once and cached in
// bench/.data/ws-dashboard-RUNSxSHORT (delete it to reseed); bench/RESULTS.md has the arithmetic.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { initWorkspace, openPlatform } from '../dist/index.js';
import { dataDir } from './lib.js';

export const N_PARAMS = 20;
export const N_METRICS = 10;
export const LONG_STEPS = 1000;
export const COMPARED = 5;
const EXPERIMENT = 'dashboard-bench';
export const metricKeys = Array.from({ length: N_METRICS }, (_, k) => `m${k}`);
const paramKeys = Array.from({ length: N_PARAMS }, (_, k) => `p${k}`);

/** The workspace's folder and what seeding it recorded (experimentId, compared, rows), seeding it if needed. */
export async function dashboardWorkspace(nRuns, shortSteps) {
  const ws = join(dataDir, `ws-dashboard-${nRuns}x${shortSteps}`);
  const ready = join(ws, 'seeded.json');
  if (!existsSync(ready)) await seed(ws, ready, nRuns, shortSteps);
  return { ws, ...JSON.parse(readFileSync(ready, 'utf8')) };
}

/** Seed the workspace once: 10,000 runs, the first COMPARED with 1,000-step curves. */
async function seed(ws, ready, nRuns, shortSteps) {
  rmSync(ws, { recursive: true, force: true });
  await initWorkspace(ws, { env: {} });
  const p = await openPlatform({ cwd: ws, env: {} });
  const experiment = await p.tracking.createExperiment(EXPERIMENT);
  const t0 = performance.now();
  let rows = 0;
  const compared = [];
  for (let start = 0; start < nRuns; start += 500) {
    await p.metadata.transaction(async (tx) => {
      for (let i = start; i < Math.min(nRuns, start + 500); i++) {
        const run = await tx.tracking.createRun({
          experimentId: experiment.id,
          name: `run-${i}`,
          user: 'bench',
          startTime: Date.UTC(2026, 0, 1) + i * 60_000,
        });
        if (i < COMPARED) compared.push(run.id);
        const params = {};
        for (let k = 0; k < N_PARAMS; k++) params[paramKeys[k]] = String(((i + 1) * (k + 3)) % (5 + k));
        await tx.tracking.putParams(run.id, params);
        const steps = i < COMPARED ? LONG_STEPS : shortSteps;
        const n = steps * N_METRICS;
        const keys = new Array(n);
        const values = new Float64Array(n);
        const stepCol = new Float64Array(n);
        const times = new Float64Array(n);
        let j = 0;
        for (let s = 0; s < steps; s++) {
          for (let k = 0; k < N_METRICS; k++) {
            keys[j] = metricKeys[k];
            values[j] = Math.exp(-s / (steps / 3)) * (1 + k / 10) + ((i * 7919 + s * 31 + k) % 97) / 970;
            stepCol[j] = s;
            times[j] = Date.UTC(2026, 0, 1) + i * 60_000 + s * 50;
            j++;
          }
        }
        await tx.tracking.logMetrics(run.id, { length: n, keys, values, steps: stepCol, times });
        rows += n;
        await tx.tracking.updateRun(run.id, {
          status: 'FINISHED',
          endTime: Date.UTC(2026, 0, 1) + i * 60_000 + 55_000,
        });
      }
    });
  }
  await p.close();
  const seconds = (performance.now() - t0) / 1000;
  writeFileSync(ready, JSON.stringify({ experimentId: experiment.id, compared, rows, seconds }));
  console.log(
    `dashboard benches: seeded ${nRuns.toLocaleString('en-US')} runs, ${rows.toLocaleString('en-US')} metric rows in ${seconds.toFixed(1)} s`,
  );
}
