// Loading 1,000,000 rows x 30 numeric Parquet columns into a Flywheel table, against DuckDB
// computing sum() of the same 30 columns of the same file, in one run (same engine, same threads).
// Target: the load takes at most 3x the time of the sums.
// Usage: npm run bench -- data-load [--rows 1000000] [--repeat 7]
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDataEngine, readTable } from '../dist/data/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const flag = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const rows = flag('--rows', 1_000_000);
const repeat = flag('--repeat', 7);
const COLUMNS = 30;
const dataDir = join(here, '.data');
mkdirSync(dataDir, { recursive: true });
const file = join(dataDir, `numeric-${COLUMNS}x${rows}.parquet`);

const engine = await openDataEngine();
if (!existsSync(file)) {
  const list = Array.from({ length: COLUMNS }, (_, i) => `random() * ${i + 1} AS c${i}`).join(', ');
  await engine.withConnection((c) =>
    c.run(`COPY (SELECT ${list} FROM range(${rows})) TO '${file}' (FORMAT parquet)`),
  );
}

const sums = Array.from({ length: COLUMNS }, (_, i) => `sum(c${i})`).join(', ');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const settle = () => {
  globalThis.gc?.();
  return new Promise((r) => setTimeout(r, 100));
};

let check = 0;
async function load() {
  await settle();
  const t = performance.now();
  const table = await readTable(file, { engine });
  const ms = performance.now() - t;
  if (table.rowCount !== rows || table.columns.length !== COLUMNS) throw new Error('incomplete table');
  check = table.columns[COLUMNS - 1].values[rows - 1];
  return ms;
}
async function sum() {
  await settle();
  const t = performance.now();
  await engine.withConnection((c) => c.runAndReadAll(`SELECT ${sums} FROM read_parquet('${file}')`));
  return performance.now() - t;
}

await load(); // warm the page cache
await sum();
const times = { load: [], sum: [] };
for (let i = 0; i < repeat; i++) {
  times.load.push(await load());
  times.sum.push(await sum());
}
engine.close();
const loadMs = median(times.load);
const sumMs = median(times.sum);
const ratio = loadMs / sumMs;
console.log(
  `data-load: ${rows.toLocaleString('en-US')} rows x ${COLUMNS} DOUBLE columns, Parquet, median of ${repeat} (node ${process.version}, check ${check.toFixed(3)})`,
);
console.log(
  `  readTable into Float64Arrays   ${loadMs.toFixed(0).padStart(6)} ms   [${times.load.map((t) => t.toFixed(0)).join(', ')}]`,
);
console.log(
  `  DuckDB sum() of the columns    ${sumMs.toFixed(0).padStart(6)} ms   [${times.sum.map((t) => t.toFixed(0)).join(', ')}]`,
);
console.log(
  `  ratio                          ${ratio.toFixed(2).padStart(6)} x    target <= 3x: ${ratio <= 3 ? 'met' : 'NOT met'}`,
);
