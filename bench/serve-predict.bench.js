// Online serving: `POST /models/churn/predict`, one row per request, the synth_200k GBDT (200 trees,
// depth 6), 16 connections, load generator (wrk) on the same machine. Measured in the same
// alternating rounds: a bare `node:http` server returning a fixed JSON body (the ceiling) and, when
// Debian's python3-fastapi, python3-uvicorn, uvloop, httptools and xgboost are installed, the
// FastAPI peer (bench/peers/serve_peer.py: the same request, the synth_200k XGBoost model) with the
// same number of workers. Also: latency at half the measured throughput (a paced generator), and
// hot swap under load (alias moves through the admin API while a checking client runs: every
// response must be 2xx and name the version that produced it). The server writes its prediction
// log to disk as `flywheel serve` does (JSON-lines segments).
// Targets: throughput >= 4x FastAPI at equal worker count (1 and 2; without the peer, its
// BASELINES.md figures 4,200 and 7,150 req/s); at half rate p50 <= 1 ms, p99 <= 5 ms; 20 swaps in
// 60 s with zero non-2xx.
// Usage: npm run bench -- serve-predict [--seconds 10] [--rounds 5] [--swap-seconds 60] [--swaps 20]
//   [--baseline DIR]: also measure the server built in DIR (a copy of an earlier dist/) in the
//   same rounds, for a before/after on a machine whose speed drifts.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dataDir, flag } from './lib.js';

const PYTHON = '/usr/bin/python3';
const PEER_MODEL = join(dataDir, 'synth-xgb-200x6.json');
/** BASELINES.md's FastAPI figures (uvloop + httptools), used when the peer cannot run here. */
const FASTAPI_BASELINE = { 1: 4200, 2: 7150 };
const baselineDist = process.argv.includes('--baseline')
  ? process.argv[process.argv.indexOf('--baseline') + 1]
  : undefined;

const MODEL_DIR = join(dataDir, 'serve-gbdt-200');
const here = fileURLToPath(new URL('.', import.meta.url));
const TOKEN = 'bench-token-0123456789';
const BARE_BODY = JSON.stringify({ predictions: [1], probabilities: [[0.25, 0.75]], model_version: 1 });

/** Where the servers' workspaces go, and the servers started (all removed or stopped at the end). */
const benchTmp = process.argv[2] === '--child' ? '' : mkdtempSync(join(tmpdir(), 'flywheel-serve-bench-'));
const children = [];

if (process.argv[2] === '--child') await child(process.argv[3]);
else await main();

async function child(mode) {
  if (mode.endsWith('-cluster')) {
    // Two processes on one port, as `flywheel serve --workers 2` runs (and a 2-process bare server).
    const cluster = (await import('node:cluster')).default;
    if (cluster.isPrimary) {
      cluster.setupPrimary({ silent: true });
      let printed = false;
      for (let i = 0; i < 2; i++) {
        cluster.fork().process.stdout.on('data', (d) => {
          if (!printed) process.stdout.write(d);
          printed = true;
        });
      }
      process.on('SIGTERM', () => {
        for (const w of Object.values(cluster.workers)) w.process.kill('SIGTERM');
        process.exit(0);
      });
      return;
    }
    mode = mode.slice(0, -'-cluster'.length);
  }
  if (mode === 'bare') {
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(BARE_BODY),
        });
        res.end(BARE_BODY);
      });
    });
    server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })));
    return;
  }
  // `flywheel` runs this tree's dist/; `flywheel@DIR` the build in DIR (--baseline).
  const dist = mode.startsWith('flywheel@') ? mode.slice('flywheel@'.length) : '../dist';
  const at = (path) => import(dist.startsWith('.') ? `${dist}/${path}` : join(dist, path));
  const { loadModel } = await at('models/index.js');
  const { ServingService, segmentSink: olderSink } = await at('serving/index.js');
  const segmentSink = olderSink ?? (await at('prediction-log/index.js')).segmentSink;
  const { createServer } = await at('server/index.js');
  const { initWorkspace, openPlatform } = await at('platform.js');
  const { createLogger } = await at('core/index.js');
  const model = await loadModel(MODEL_DIR);
  // Under the folder the bench process made (it removes it, prediction logs included, at the end).
  const ws = mkdtempSync(join(process.env.FLYWHEEL_BENCH_TMP ?? tmpdir(), 'ws-'));
  await initWorkspace(ws, { env: {} });
  const platform = await openPlatform({ cwd: ws, env: {}, logger: createLogger({ level: 'silent' }) });
  // Versions 1 and 2 are the same trees; the answer's model_version says which one answered.
  const aliases = new Map([['churn@production', 1]]);
  const moves = [];
  const source = {
    resolve: async (ref) => ({ name: 'churn', version: aliases.get(ref) ?? Number(ref.split(':')[1]) }),
    load: async () => model,
    aliasMoves: async (after) => ({ cursor: moves.length, moves: after < 0 ? [] : moves.slice(after) }),
    moveAlias: async (name, alias, version) => {
      aliases.set(`${name}@${alias}`, version);
      moves.push({ id: moves.length + 1, name, alias, to: version });
    },
    audit: async () => {},
  };
  // The prediction log is written as `flywheel serve` writes it: JSON-lines segments on disk.
  const serving = new ServingService(source, { sink: segmentSink(join(ws, 'predictions')), pollMs: 0 });
  await serving.start([{ ref: 'churn@production' }]);
  const app = await createServer(platform, { token: TOKEN, serving });
  await app.listen({ host: '127.0.0.1', port: 0 });
  process.on('SIGINT', () => process.exit(0));
  console.log(JSON.stringify({ port: app.server.address().port }));
}

function startChild(mode) {
  const proc = spawn(process.execPath, [fileURLToPath(import.meta.url), '--child', mode], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, FLYWHEEL_BENCH_TMP: benchTmp },
  });
  children.push(proc);
  return new Promise((resolve, reject) => {
    proc.stdout.once('data', (d) => resolve({ proc, port: JSON.parse(String(d)).port }));
    proc.once('exit', (code) => reject(new Error(`${mode} server exited with ${code}`)));
  });
}

/** The FastAPI peer with `workers` uvicorn workers, or undefined when it cannot run here. */
async function startPeer(workers) {
  const ok = spawnSync(PYTHON, ['-c', 'import fastapi, uvicorn, uvloop, httptools, xgboost'], {
    stdio: 'ignore',
  });
  if (ok.status !== 0 || !existsSync(PEER_MODEL)) return undefined;
  const port = await new Promise((resolve) => {
    const s = http.createServer().listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => resolve(p));
    });
  });
  const args = ['-m', 'uvicorn', 'serve_peer:app', '--app-dir', join(here, 'peers')];
  args.push('--loop', 'uvloop', '--http', 'httptools', '--workers', String(workers));
  args.push('--no-access-log', '--log-level', 'warning', '--host', '127.0.0.1', '--port', String(port));
  const proc = spawn(PYTHON, args, {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, PEER_MODEL, OMP_NUM_THREADS: '1' },
  });
  children.push(proc);
  // Up when it answers a request.
  for (let i = 0; i < 100; i++) {
    await new Promise((r) => setTimeout(r, 200));
    const up = await fetch(`http://127.0.0.1:${port}/docs`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return { proc, port };
  }
  throw new Error('the FastAPI peer did not start');
}

function wrk(port, path, body, seconds) {
  const script = join(dataDir, 'serve-post.lua');
  writeFileSync(
    script,
    `wrk.method = "POST"\nwrk.body = ${JSON.stringify(body)}\nwrk.headers["Content-Type"] = "application/json"\n`,
  );
  const r = spawnSync(
    'wrk',
    ['-t2', '-c16', `-d${seconds}s`, '--latency', '-s', script, `http://127.0.0.1:${port}${path}`],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`wrk failed: ${r.stderr}`);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(r.stdout)[1]);
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(r.stdout)?.[1] ?? 0);
  return { rps, non2xx };
}

/** 16 keep-alive connections; paced at `rate` req/s overall when given, else closed-loop. */
async function load(port, path, body, { seconds, rate, check }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const lat = [];
  let bad = 0;
  let done = 0;
  const end = performance.now() + seconds * 1000;
  const one = () =>
    new Promise((resolve) => {
      const t = performance.now();
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          path,
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (d) => (text += d));
          res.on('end', () => {
            lat.push(performance.now() - t);
            done++;
            if (res.statusCode < 200 || res.statusCode >= 300 || (check && !check(text))) bad++;
            resolve();
          });
        },
      );
      req.on('error', () => {
        bad++;
        resolve();
      });
      req.end(body);
    });
  const lanes = Array.from({ length: 16 }, async (_, lane) => {
    const interval = rate ? (16 * 1000) / rate : 0;
    let next = performance.now() + (interval * lane) / 16;
    while (performance.now() < end) {
      if (rate) {
        const wait = next - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        next += interval;
      }
      await one();
    }
  });
  await Promise.all(lanes);
  agent.destroy();
  lat.sort((a, b) => a - b);
  const q = (p) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))];
  return { done, bad, rps: done / seconds, p50: q(0.5), p99: q(0.99) };
}

/**
 * Warm the servers up, then `rounds` rounds of each in turn (bare, ours, …), `seconds / rounds`
 * each: per server, the median rate, and per other server the median of the per-round ratios of
 * ours to it (the machine's speed drifts between rounds, much less within one).
 */
function alternate(servers, body, seconds, rounds) {
  for (const s of servers) wrk(s.port, s.path, body, 2);
  const pairs = [];
  for (let k = 0; k < rounds; k++) {
    const round = {};
    for (const s of servers) {
      const r = wrk(s.port, s.path, body, seconds / rounds);
      round[s.name] = r.rps;
      round[`${s.name}:non2xx`] = r.non2xx;
    }
    pairs.push(round);
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const rate = (name) => median(pairs.map((p) => p[name]));
  const ratio = (a, b) => median(pairs.map((p) => p[a] / p[b]));
  const non2xx = (name) => pairs.reduce((n, p) => n + p[`${name}:non2xx`], 0);
  return { pairs, rate, ratio, non2xx };
}

async function ensureModel() {
  if (existsSync(join(MODEL_DIR, 'model.json'))) return;
  const { trainModel } = await import('../dist/training/index.js');
  const { saveModel } = await import('../dist/models/index.js');
  const { synthTables } = await import('./train-common.js');
  const { train } = await synthTables();
  const { model } = await trainModel(train, {
    target: 'target',
    model: 'gbdt',
    params: { n_estimators: 200, max_depth: 6, learning_rate: 0.1 },
  });
  await saveModel(model, MODEL_DIR);
}

async function main() {
  const seconds = flag('--seconds', 10);
  const swapSeconds = flag('--swap-seconds', 60);
  const swaps = flag('--swaps', 20);
  await ensureModel();
  const { loadModel } = await import('../dist/models/index.js');
  const model = await loadModel(MODEL_DIR);
  const row = Object.fromEntries(
    model.schema.features.map((f, i) => [
      f.name,
      f.type === 'numeric' ? (i % 7) * 0.37 - 1 : (f.categories?.[0] ?? 'a'),
    ]),
  );
  const body = JSON.stringify({ rows: [row] });
  const loadBefore = readFileSync('/proc/loadavg', 'utf8').trim();

  // The servers up at once, measured in alternating rounds (bare, ours, FastAPI, bare, …): this
  // VM's speed drifts by tens of percent over seconds to minutes, and a ratio of two runs taken
  // one after the other mostly measures that drift.
  const rounds = flag('--rounds', 5);
  const PREDICT = '/models/churn/predict';
  const setOf = async (workers) => {
    const suffix = workers === 2 ? '-cluster' : '';
    const set = [
      { name: 'bare', path: '/', ...(await startChild(`bare${suffix}`)) },
      { name: 'flywheel', path: PREDICT, ...(await startChild(`flywheel${suffix}`)) },
    ];
    if (baselineDist)
      set.push({
        name: 'baseline',
        path: PREDICT,
        ...(await startChild(`flywheel@${baselineDist}${suffix}`)),
      });
    const peer = await startPeer(workers);
    if (peer) set.push({ name: 'fastapi', path: PREDICT, ...peer });
    return set;
  };
  const stop = (set, keep) => {
    for (const s of set) if (s.name !== keep) s.proc.kill();
  };
  const one = await setOf(1);
  const r1 = alternate(one, body, seconds, rounds);
  const ours = one.find((s) => s.name === 'flywheel');
  const base = one.find((s) => s.name === 'baseline');
  // The baseline's latency at the same paced rate, right before ours.
  const halfRate = r1.rate('flywheel') / 2;
  const baseHalf = base && (await load(base.port, PREDICT, body, { seconds, rate: halfRate }));
  stop(one, 'flywheel');
  const half = await load(ours.port, PREDICT, body, { seconds, rate: halfRate });

  const versionOk = (text) => /"model_version":[12][,}]/.test(text);
  const swapping = load(ours.port, PREDICT, body, { seconds: swapSeconds, check: versionOk });
  let moved = 0;
  for (let k = 0; k < swaps; k++) {
    await new Promise((r) => setTimeout(r, (swapSeconds * 1000) / (swaps + 1)));
    const r = await fetch(`http://127.0.0.1:${ours.port}/admin/models/churn/aliases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ alias: 'production', version: k % 2 === 0 ? 2 : 1 }),
    });
    if ((await r.json()).swapped === 1) moved++;
  }
  const swap = await swapping;
  ours.proc.kill();

  // Two processes each (`flywheel serve --workers 2`, a 2-process bare cluster, 2 uvicorn workers).
  const two = await setOf(2);
  const r2 = alternate(two, body, seconds, rounds);
  stop(two);

  console.log(
    `serve-predict: synth_200k GBDT (200 trees, depth 6), one row per request, 16 connections, wrk -t2 (node ${process.version}; load average before: ${loadBefore})`,
  );
  for (const [workers, r, set] of [
    [1, r1, one],
    [2, r2, two],
  ]) {
    const names = set.map((s) => s.name);
    const peer = names.includes('fastapi');
    console.log(
      `  ${workers} process(es), rounds (${names.join(' / ')} req/s): ${r.pairs.map((p) => names.map((n) => `${(p[n] / 1000).toFixed(1)}k`).join('/')).join('  ')}`,
    );
    console.log(`    bare node:http fixed JSON      ${r.rate('bare').toFixed(0).padStart(7)} req/s`);
    const vsPeer = peer
      ? `${r.ratio('flywheel', 'fastapi').toFixed(2)}x FastAPI with ${workers} worker(s) (median of the rounds' ratios; target >= 4x)`
      : `${(r.rate('flywheel') / FASTAPI_BASELINE[workers]).toFixed(2)}x FastAPI's BASELINES.md figure ${FASTAPI_BASELINE[workers]} (the peer did not run here; target >= 4x)`;
    console.log(
      `    flywheel ${PREDICT} ${r.rate('flywheel').toFixed(0).padStart(7)} req/s  non-2xx ${r.non2xx('flywheel')}  = ${(r.ratio('flywheel', 'bare') * 100).toFixed(0)}% of bare, ${vsPeer}`,
    );
    if (names.includes('baseline'))
      console.log(
        `    baseline (${baselineDist}) ${r.rate('baseline').toFixed(0).padStart(7)} req/s  non-2xx ${r.non2xx('baseline')}  = ${(r.ratio('baseline', 'bare') * 100).toFixed(0)}% of bare; flywheel / baseline ${r.ratio('flywheel', 'baseline').toFixed(2)} (median of the rounds' ratios)`,
      );
    if (peer)
      console.log(
        `    FastAPI + uvicorn ${workers} worker(s) (uvloop, httptools) ${r.rate('fastapi').toFixed(0).padStart(7)} req/s  non-2xx ${r.non2xx('fastapi')}`,
      );
  }
  console.log(
    `  at half rate (${(r1.rate('flywheel') / 2).toFixed(0)} req/s target, ${half.rps.toFixed(0)} achieved): p50 ${half.p50.toFixed(2)} ms (target <= 1), p99 ${half.p99.toFixed(2)} ms (target <= 5), failures ${half.bad}`,
  );
  if (baseHalf)
    console.log(
      `  baseline at the same rate (${baseHalf.rps.toFixed(0)} achieved): p50 ${baseHalf.p50.toFixed(2)} ms, p99 ${baseHalf.p99.toFixed(2)} ms, failures ${baseHalf.bad}`,
    );
  console.log(
    `  hot swap: ${moved}/${swaps} alias moves in ${swapSeconds} s under load: ${swap.done} responses, ${swap.bad} non-2xx or without their version (target 0), ${swap.rps.toFixed(0)} req/s`,
  );
  console.log(`  load average after: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
  rmSync(join(dataDir, 'serve-post.lua'), { force: true });
  await cleanUp();
}

/** Stop every server (a cluster primary takes its workers down) and remove their workspaces. */
async function cleanUp() {
  for (const proc of children) if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  await Promise.all(
    children.map((proc) =>
      proc.exitCode === null && proc.signalCode === null ? new Promise((r) => proc.once('exit', r)) : null,
    ),
  );
  // Cluster workers notice their primary is gone and exit; give them a moment before removing.
  await new Promise((r) => setTimeout(r, 500));
  rmSync(benchTmp, { recursive: true, force: true });
}
