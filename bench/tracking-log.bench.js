// Logging 100,000 metric points from one run through the SDK on SQLite (target <= 2 s), against
// the floor: the same 100,000 rows inserted into the same table with one prepared better-sqlite3
// statement in one transaction, measured in the same run.
// Usage: npm run bench -- tracking-log [--points 100000] [--keys 10] [--repeat 3]
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { initWorkspace, openPlatform } from '../dist/index.js';
import { dataDir, flag, median, settleDisk } from './lib.js';

const points = flag('--points', 100_000);
const keys = flag('--keys', 10);
const repeat = flag('--repeat', 3);
const names = Array.from({ length: keys }, (_, i) => `metric_${i}`);

async function workspace() {
  const ws = join(dataDir, 'ws-tracking-log');
  await rm(ws, { recursive: true, force: true });
  await initWorkspace(ws, { env: {} });
  return { ws, p: await openPlatform({ cwd: ws, env: {} }) };
}

/** startRun → 100,000 × logMetric → end(); the clock covers the logging calls and the final flush. */
async function sdk() {
  const { ws, p } = await workspace();
  const run = await p.tracking.startRun({ experiment: 'bench', git: false });
  await settleDisk();
  const t = performance.now();
  for (let i = 0; i < points; i++) run.logMetric(names[i % keys], Math.sin(i), Math.floor(i / keys));
  await run.end();
  const s = (performance.now() - t) / 1000;
  const stored = await p.metadata.tracking.metricCount(run.id);
  await p.close();
  if (stored !== points) throw new Error(`stored ${stored} points, expected ${points}`);
  return { s, ws };
}

/** The same rows through one prepared statement in one transaction, in the workspace's database. */
async function floor(ws) {
  const db = new Database(join(ws, '.flywheel', 'metadata.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const insert = db.prepare(
    'insert into run_metrics (run_id, key, value, step, time) values (?, ?, ?, ?, ?)',
  );
  await settleDisk();
  const t = performance.now();
  const now = Date.now();
  db.transaction(() => {
    for (let i = 0; i < points; i++)
      insert.run('floor', names[i % keys], Math.sin(i), Math.floor(i / keys), now);
  })();
  const s = (performance.now() - t) / 1000;
  db.close();
  return s;
}

const sdkTimes = [];
const floorTimes = [];
for (let r = 0; r < repeat; r++) {
  const { s, ws } = await sdk();
  sdkTimes.push(s);
  floorTimes.push(await floor(ws));
  await rm(ws, { recursive: true, force: true });
}
const a = median(sdkTimes);
const b = median(floorTimes);
console.log(
  `tracking-log: ${points.toLocaleString('en-US')} points, ${keys} keys, one run, SQLite; median of ${repeat} (node ${process.version})`,
);
console.log(
  `  SDK logMetric ×${points} + end()      ${a.toFixed(3)} s (${Math.round(points / a).toLocaleString('en-US')} points/s)`,
);
console.log(
  `  floor: prepared insert, one txn   ${b.toFixed(3)} s (${Math.round(points / b).toLocaleString('en-US')} points/s)`,
);
console.log(`  SDK / floor = ${(a / b).toFixed(2)}x`);
console.log(`  target <= 2 s: ${a <= 2 ? 'PASS' : 'FAIL'}`);
