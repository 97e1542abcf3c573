// `runs list` with a filter over 10,000 runs (target <= 200 ms), on SQLite. Measured three ways in
// one run: the platform call the command makes (platform.tracking.searchRuns), the whole command
// in-process (open the workspace, search, print JSON), and as the reference a hand-written SQL
// query for the same filter with better-sqlite3 (ids only, no params/metrics/tags loaded).
// Usage: npm run bench -- tracking-search [--runs 10000] [--repeat 9]
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { main } from '../dist/cli/main.js';
import { initWorkspace, openPlatform } from '../dist/index.js';
import { dataDir, flag, median } from './lib.js';

const nRuns = flag('--runs', 10_000);
const repeat = flag('--repeat', 9);
const filter = "metrics.auc > 0.9 and params.model = 'gbdt'";
const sort = '-metrics.auc';
const ws = join(dataDir, 'ws-tracking-search');

// Seed: runs with 4 params, 3 metrics (20 points each) and 2 tags; auc spread over [0.5, 1).
await rm(ws, { recursive: true, force: true });
await initWorkspace(ws, { env: {} });
const p = await openPlatform({ cwd: ws, env: {} });
const experiment = await p.tracking.createExperiment('search-bench');
const models = ['gbdt', 'linear', 'mlp', 'rf'];
let expected = 0;
const t0 = performance.now();
for (let start = 0; start < nRuns; start += 1000) {
  await p.metadata.transaction(async (tx) => {
    for (let i = start; i < Math.min(nRuns, start + 1000); i++) {
      const run = await tx.tracking.createRun({
        experimentId: experiment.id,
        name: `run-${i}`,
        user: 'bench',
      });
      const model = models[i % 4];
      const auc = 0.5 + ((i * 7919) % 1000) / 2000;
      if (auc > 0.9 && model === 'gbdt') expected++;
      await tx.tracking.putParams(run.id, {
        model,
        lr: String(0.001 * (i % 10)),
        depth: String(i % 8),
        seed: '1',
      });
      await tx.tracking.setTags(run.id, { team: i % 2 ? 'a' : 'b', stage: 'dev' });
      const keys = [];
      const values = [];
      const steps = [];
      for (let s = 0; s < 20; s++) {
        for (const [k, v] of [
          ['auc', auc - (19 - s) * 0.001],
          ['loss', 1 / (s + 1)],
          ['f1', auc / 2],
        ]) {
          keys.push(k);
          values.push(v);
          steps.push(s);
        }
      }
      await tx.tracking.logMetrics(run.id, {
        length: keys.length,
        keys,
        values: Float64Array.from(values),
        steps: Float64Array.from(steps),
        times: new Float64Array(keys.length).fill(Date.now()),
      });
      await tx.tracking.updateRun(run.id, { status: 'FINISHED', endTime: Date.now() });
    }
  });
}
console.log(
  `tracking-search: seeded ${nRuns.toLocaleString('en-US')} runs in ${((performance.now() - t0) / 1000).toFixed(1)} s; filter matches ${expected}`,
);

async function timed(fn) {
  const times = [];
  let out;
  for (let r = 0; r < repeat + 1; r++) {
    const t = performance.now();
    out = await fn();
    if (r > 0) times.push(performance.now() - t); // the first call warms caches and JIT
  }
  return { ms: median(times), out };
}

const search = await timed(() => p.tracking.searchRuns({ filter, sort, limit: 1000 }));
if (search.out.length !== expected)
  throw new Error(`searchRuns found ${search.out.length}, expected ${expected}`);
await p.close();

const sink = { write: () => true };
const command = await timed(() =>
  main(
    ['runs', 'list', '-C', ws, '--json', '--filter', filter, '--sort', sort, '--limit', '1000'],
    { stdout: sink, stderr: process.stderr },
    {},
  ),
);

const db = new Database(join(ws, '.flywheel', 'metadata.db'), { readonly: true });
const raw = db.prepare(`
  select r.id from runs r
  join run_latest_metrics m on m.run_id = r.id and m.key = 'auc'
  join run_params pm on pm.run_id = r.id and pm.key = 'model'
  where m.value > 0.9 and pm.value = 'gbdt' and r.lifecycle_stage = 'active'
  order by m.value desc limit 1000`);
const reference = await timed(() => raw.all());
db.close();
if (reference.out.length !== expected)
  throw new Error(`reference found ${reference.out.length}, expected ${expected}`);

console.log(
  `  filter: ${filter}  sort: ${sort}; median of ${repeat} after one warm-up (node ${process.version})`,
);
console.log(`  platform.tracking.searchRuns (runs + params, metrics, tags)  ${search.ms.toFixed(1)} ms`);
console.log(`  runs list --json in-process (open workspace, search, print)  ${command.ms.toFixed(1)} ms`);
console.log(`  reference: hand-written SQL, ids only                       ${reference.ms.toFixed(2)} ms`);
console.log(`  searchRuns / reference = ${(search.ms / reference.ms).toFixed(1)}x`);
console.log(`  target runs list <= 200 ms: ${command.ms <= 200 ? 'PASS' : 'FAIL'}`);
await rm(ws, { recursive: true, force: true });
