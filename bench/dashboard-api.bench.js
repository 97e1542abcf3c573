// The dashboard's JSON API (issue 26) on a workspace of 10,000 runs with 20 params and 10 metrics
// each: every call the pages make must answer <= 100 ms. Timed over real HTTP (the built server,
// dist/, listening on 127.0.0.1, fetch with keep-alive from this process): the runs page's first
// page (newest first), sorted by a metric, filtered and sorted, a deep page; one run; the metric
// histories of 5 runs x 10 keys (1,000 steps each, down-sampled to 1,000 points: no thinning);
// the overview. Reference in the same run: the MLflow-compatible search over the same experiment
// (POST /api/2.0/mlflow/runs/search, 100 runs), so the ratios compare across machines.
// Curves: the 5 compared runs log 1,000 steps of each of their 10 metrics, the other runs --steps
// (default 10) per metric: the full 10,000 x 10 x 1,000 = 100M metric rows would take hours to seed
// and ~6 GB here (bench/RESULTS.md has the arithmetic); the history call reads only the 5 compared runs.
// The workspace is bench/.data/ws-dashboard-RUNSxSTEPS, seeded by dashboard-workspace.js (shared with bench/dashboard).
// Usage: npm run bench -- dashboard-api [--runs 10000] [--steps 10] [--repeat 15]
import { loadavg } from 'node:os';
import { openPlatform } from '../dist/index.js';
import { createServer } from '../dist/server/index.js';
import { dashboardWorkspace, metricKeys, N_METRICS, N_PARAMS } from './dashboard-workspace.js';
import { flag, median } from './lib.js';

const nRuns = flag('--runs', 10_000);
const shortSteps = flag('--steps', 10);
const repeat = flag('--repeat', 15);
const { ws, experimentId, compared, rows } = await dashboardWorkspace(nRuns, shortSteps);
const p = await openPlatform({ cwd: ws, env: {} });
const app = await createServer(p, {});
await app.listen({ host: '127.0.0.1', port: 0 });
const base = `http://127.0.0.1:${app.server.address().port}`;

const q = (s) => encodeURIComponent(s);
const runs = `/api/v1/runs?experiment_id=${experimentId}&max_results=100`;
const calls = [
  [
    'reference: MLflow runs/search, 100 runs',
    'POST',
    '/api/2.0/mlflow/runs/search',
    { experiment_ids: [experimentId], max_results: 100 },
  ],
  ['GET /runs first page (newest first)', 'GET', runs],
  ['GET /runs sorted by metrics.m3 DESC', 'GET', `${runs}&order_by=${q('metrics.m3 DESC')}`],
  [
    'GET /runs filtered + sorted',
    'GET',
    `${runs}&filter=${q("metrics.m0 > 0.1 and params.p2 = '3'")}&order_by=${q('metrics.m0 DESC')}`,
  ],
  [
    'GET /runs page 51 (offset 5,000), sorted',
    'GET',
    `${runs}&order_by=${q('params.p1')}&page_token=${Buffer.from('offset:5000').toString('base64url')}`,
  ],
  ['GET /runs/{id}', 'GET', `/api/v1/runs/${compared[0]}`],
  [
    'POST /metrics/history 5 runs x 10 keys',
    'POST',
    '/api/v1/metrics/history',
    { run_ids: compared, keys: metricKeys, max_points: 1000 },
  ],
  ['GET /overview', 'GET', '/api/v1/overview'],
  ['GET /experiments', 'GET', '/api/v1/experiments'],
];

async function call(method, path, body) {
  const r = await fetch(`${base}${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  if (r.status !== 200) throw new Error(`${method} ${path}: ${r.status} ${text.slice(0, 300)}`);
  return text;
}

console.log(
  `dashboard-api: ${nRuns.toLocaleString('en-US')} runs x ${N_PARAMS} params x ${N_METRICS} metrics, ${rows.toLocaleString('en-US')} metric rows; median of ${repeat} after one warm-up, over HTTP`,
);
const results = [];
for (const [label, method, path, body] of calls) {
  const text = await call(method, path, body); // warm-up
  const times = [];
  for (let r = 0; r < repeat; r++) {
    const t = performance.now();
    await call(method, path, body);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  // The same call in-process (app.inject), timed in CPU time of this process: what the call costs
  // when it has a core to itself, which wall times on a shared machine overstate.
  const cpu = [];
  for (let r = 0; r < repeat; r++) {
    const c = process.cpuUsage();
    const res = await app.inject({ method, url: path, payload: body });
    const d = process.cpuUsage(c);
    if (res.statusCode !== 200) throw new Error(`${method} ${path}: ${res.statusCode}`);
    cpu.push((d.user + d.system) / 1000);
  }
  results.push({ label, median: median(times), max: times.at(-1), cpu: median(cpu), bytes: text.length });
}
const ref = results[0].median;
console.log('| call | median ms | max ms | x reference | CPU ms in-process | answer KB |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const r of results) {
  console.log(
    `| ${r.label} | ${r.median.toFixed(1)} | ${r.max.toFixed(1)} | ${(r.median / ref).toFixed(2)} | ${r.cpu.toFixed(1)} | ${(r.bytes / 1024).toFixed(0)} |`,
  );
}
const worst = Math.max(...results.slice(1).map((r) => r.median));
const worstCpu = Math.max(...results.slice(1).map((r) => r.cpu));
console.log(
  `dashboard-api: slowest /api/v1 call ${worst.toFixed(1)} ms median wall, ${worstCpu.toFixed(1)} ms CPU in-process (target <= 100 ms): ${worst <= 100 ? 'met' : 'NOT met'}; load average ${loadavg()[0].toFixed(1)}`,
);
await app.close();
await p.close();
