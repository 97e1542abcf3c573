// Drift over 1,000,000 reference x 1,000,000 current rows x 20 numeric columns, one thread:
// Flywheel's drift report (per column KS statistic and p-value, normalised Wasserstein, PSI, KL,
// Jensen-Shannon, Hellinger) against scipy 1.10's ks_2samp loop over the same columns (re-measured
// in the same run with /usr/bin/python3 when it is there) and against one DuckDB pass that
// builds a histogram of every column of both tables (the floor: reading each value once).
// Target: at least 5x faster than the scipy loop. The D statistics are checked equal to scipy's.
// Usage: npm run bench -- drift-stats [--rows 1000000] [--repeat 3]
import { spawnSync } from 'node:child_process';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDataEngine, readTable } from '../dist/data/index.js';
import { driftTables } from '../dist/monitoring/index.js';
import { dataDir, flag, median } from './lib.js';

const rows = flag('--rows', 1_000_000);
const repeat = flag('--repeat', 3);
const COLUMNS = 20;
const PYTHON = '/usr/bin/python3';
const names = Array.from({ length: COLUMNS }, (_, i) => `c${i}`);
const engine = await openDataEngine({ threads: 1 });

// Five shapes (normal, lognormal, uniform, integers 0-49, normal rounded to 2 decimals); the current
// data moves some columns by small amounts so that the p-values span the asymptotic regions.
const normal = 'sqrt(-2 * ln(random())) * cos(2 * pi() * random())';
function columnSql(i, current) {
  const shift = current ? [0, 0.003, 0.01, 0.1][Math.floor(i / 5)] : 0;
  switch (i % 5) {
    case 0:
      return `${normal} + ${shift} AS c${i}`;
    case 1:
      return `exp(0.5 * ${normal} + ${shift}) AS c${i}`;
    case 2:
      return `random() + ${shift} AS c${i}`;
    case 3:
      return `floor(random() * 50) AS c${i}`;
    default:
      return `round(${normal} + ${shift}, 2) AS c${i}`;
  }
}

async function makeData(kind) {
  const file = join(dataDir, `drift-${kind}-${COLUMNS}x${rows}.parquet`);
  if (!existsSync(file)) {
    const cols = names.map((_, i) => columnSql(i, kind === 'cur')).join(', ');
    await engine.withConnection(async (c) => {
      await c.run(`SELECT setseed(${kind === 'cur' ? 0.25 : 0.5})`);
      await c.run(`COPY (SELECT ${cols} FROM range(${rows})) TO '${file}' (FORMAT parquet)`);
    });
  }
  return file;
}

/** The table's columns one after the other as raw float64, for numpy.fromfile. */
function rawFile(table, kind) {
  const file = join(dataDir, `drift-${kind}-${COLUMNS}x${rows}.f64`);
  if (!existsSync(file) || statSync(file).size !== 8 * rows * COLUMNS) {
    const out = new Float64Array(rows * COLUMNS);
    table.columns.forEach((c, j) => {
      out.set(c.values, j * rows);
    });
    writeFileSync(file, out);
  }
  return file;
}

const SCIPY = `
import json, sys, time
import numpy as np
from scipy import stats
c, n = int(sys.argv[3]), int(sys.argv[4])
ref = np.fromfile(sys.argv[1]).reshape(c, n)
cur = np.fromfile(sys.argv[2]).reshape(c, n)
t = time.perf_counter()
out = [stats.ks_2samp(ref[j], cur[j]) for j in range(c)]
seconds = time.perf_counter() - t
print(json.dumps({"seconds": seconds, "d": [float(r.statistic) for r in out], "p": [float(r.pvalue) for r in out]}))
`;

function scipyLoop(refFile, curFile) {
  if (!existsSync(PYTHON)) return undefined;
  const r = spawnSync(PYTHON, ['-c', SCIPY, refFile, curFile, String(COLUMNS), String(rows)], {
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    console.log(`  (scipy not measured: ${r.stderr.trim().split('\n').at(-1)})`);
    return undefined;
  }
  return JSON.parse(r.stdout);
}

/** One DuckDB pass over both in-memory tables computing, for every column, `select`. */
async function duckdbPass(select) {
  const list = names.map(select).join(', ');
  const t = performance.now();
  await engine.withConnection(async (c) => {
    await c.runAndReadAll(`SELECT ${list} FROM drift_ref`);
    await c.runAndReadAll(`SELECT ${list} FROM drift_cur`);
  });
  return performance.now() - t;
}
const histogram = (c) => `histogram(CAST(floor(${c} * 16) AS INTEGER))`;
const minMax = (c) => `min(${c}), max(${c})`;

const refPath = await makeData('ref');
const curPath = await makeData('cur');
let t = performance.now();
const ref = await readTable(refPath, { engine });
const cur = await readTable(curPath, { engine });
const loadMs = performance.now() - t;
await engine.withConnection(async (c) => {
  await c.run(`CREATE TABLE drift_ref AS SELECT * FROM read_parquet('${refPath}')`);
  await c.run(`CREATE TABLE drift_cur AS SELECT * FROM read_parquet('${curPath}')`);
});

const ours = [];
let report;
for (let i = 0; i < repeat; i++) {
  globalThis.gc?.();
  t = performance.now();
  report = driftTables(ref, cur, { method: 'ks' });
  ours.push(performance.now() - t);
}
const duck = [];
const scan = [];
for (let i = 0; i < repeat; i++) {
  duck.push(await duckdbPass(histogram));
  scan.push(await duckdbPass(minMax));
}
const peer = scipyLoop(rawFile(ref, 'ref'), rawFile(cur, 'cur'));
engine.close();

const oursMs = median(ours);
const duckMs = median(duck);
const scanMs = median(scan);
console.log(
  `drift-stats: ${rows.toLocaleString('en-US')} reference x ${rows.toLocaleString('en-US')} current rows x ${COLUMNS} numeric columns, 1 thread, median of ${repeat} (node ${process.version})`,
);
console.log(
  `  Flywheel drift report (all statistics)  ${oursMs.toFixed(0).padStart(6)} ms  (${(oursMs / COLUMNS).toFixed(1)} ms/column)  [${ours.map((x) => x.toFixed(0)).join(', ')}]`,
);
if (peer) {
  const ratio = (1000 * peer.seconds) / oursMs;
  console.log(
    `  scipy ks_2samp loop                     ${(1000 * peer.seconds).toFixed(0).padStart(6)} ms  (${((1000 * peer.seconds) / COLUMNS).toFixed(1)} ms/column)`,
  );
  console.log(
    `  speed-up over scipy                     ${ratio.toFixed(2).padStart(6)} x   target >= 5x: ${ratio >= 5 ? 'met' : 'NOT met'}`,
  );
  const cols = report.columns;
  const sameD = cols.filter((c, j) => c.statistics.ks === peer.d[j]).length;
  const worstP = Math.max(
    ...cols.map((c, j) => Math.abs(c.statistics.ksPValue - peer.p[j]) / Math.max(peer.p[j], 1e-300)),
  );
  console.log(
    `  check: D equal to scipy's in ${sameD}/${COLUMNS} columns; largest relative p-value difference ${worstP.toExponential(2)}`,
  );
} else console.log('  scipy ks_2samp loop                     not measured (no /usr/bin/python3 with scipy)');
console.log(
  `  DuckDB histogram pass, both tables      ${duckMs.toFixed(0).padStart(6)} ms   Flywheel / DuckDB ${(oursMs / duckMs).toFixed(2)} x   [${duck.map((x) => x.toFixed(0)).join(', ')}]`,
);
console.log(
  `  DuckDB min/max pass, both tables        ${scanMs.toFixed(0).padStart(6)} ms   Flywheel / DuckDB ${(oursMs / scanMs).toFixed(2)} x   [${scan.map((x) => x.toFixed(0)).join(', ')}]`,
);
console.log(`  (reading both Parquet files into tables: ${loadMs.toFixed(0)} ms, not included above)`);
const p = report.columns.map((c) => c.statistics.ksPValue.toExponential(1)).join(' ');
console.log(`  KS p-values: ${p}`);
