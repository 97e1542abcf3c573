// Profiling a 1,000,000-row Parquet file of 50 DOUBLE columns (`profileFile`, what `data add` and
// `data profile` run) against DuckDB's own SUMMARIZE of the same file, in the same run. No issue
// sets a target; the ratio is context. The two differ in what they compute: ours is exact
// (distinct, quantiles, top-k and histogram counts from every value, a million kept per column;
// mean and std compensated), SUMMARIZE approximates distinct (HyperLogLog) and quartiles and has
// no top-k or histogram.
// Usage: npm run bench -- data-profile [--rows 1000000] [--repeat 3]
import { openDataEngine, profileFile } from '../dist/data/index.js';
import { flag, median, randomParquet, settle } from './lib.js';

const rows = flag('--rows', 1_000_000);
const repeat = flag('--repeat', 3);
const COLUMNS = 50;
const engine = await openDataEngine();
const file = await randomParquet(engine, 'wide', COLUMNS, rows);

const ours = [];
const duck = [];
let profile;
for (let i = 0; i < repeat; i++) {
  await settle();
  let t = performance.now();
  profile = await profileFile(file);
  ours.push(performance.now() - t);
  await settle();
  t = performance.now();
  await engine.withConnection((c) => c.runAndReadAll(`SUMMARIZE SELECT * FROM read_parquet('${file}')`));
  duck.push(performance.now() - t);
}
engine.close();
if (profile.rowCount !== rows || profile.columns.length !== COLUMNS)
  throw new Error('unexpected profile shape');
const a = median(ours);
const b = median(duck);
console.log(
  `data-profile: ${rows.toLocaleString('en-US')} rows x ${COLUMNS} DOUBLE columns, Parquet, median of ${repeat} (node ${process.version})`,
);
console.log(
  `  profileFile (exact)          ${a.toFixed(0).padStart(6)} ms   [${ours.map((t) => t.toFixed(0)).join(', ')}]`,
);
console.log(
  `  DuckDB SUMMARIZE (approx.)   ${b.toFixed(0).padStart(6)} ms   [${duck.map((t) => t.toFixed(0)).join(', ')}]`,
);
console.log(`  ratio                        ${(a / b).toFixed(2).padStart(6)} x`);
