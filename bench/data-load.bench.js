// Loading 1,000,000 rows x 30 numeric Parquet columns into a Flywheel table, against DuckDB
// computing sum() of the same 30 columns of the same file, in one run (same engine, same threads).
// Target: the load takes at most 3x the time of the sums.
// Usage: npm run bench -- data-load [--rows 1000000] [--repeat 7]
import { openDataEngine, readTable } from '../dist/data/index.js';
import { flag, median, randomParquet, settle as settleFor } from './lib.js';

const rows = flag('--rows', 1_000_000);
const repeat = flag('--repeat', 7);
const COLUMNS = 30;
const engine = await openDataEngine();
const file = await randomParquet(engine, 'numeric', COLUMNS, rows);

const sums = Array.from({ length: COLUMNS }, (_, i) => `sum(c${i})`).join(', ');
const settle = () => settleFor(100);

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
