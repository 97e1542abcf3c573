// Reading 10 of the 50 columns of a 1,000,000-row Parquet file against reading all 50, in one run.
// Target: the 10-column read is at least 5x faster (only the requested column chunks are decoded).
// For context the bench also times DuckDB's own sum() of the same 10 and 50 columns: the ratio
// of those two is what the Parquet decoder itself gains from the projection. The timed reads are
// repeated reads in one process, whose columns reuse the memory of collected tables (the column
// pool, docs/data.md); the first read of each kind, into fresh memory, is printed too.
// Usage: npm run bench -- data-projection [--rows 1000000] [--repeat 5]
import { configureColumnPool, openDataEngine, readTable } from '../dist/data/index.js';
import { flag, median, randomParquet, settle as settleFor } from './lib.js';

const rows = flag('--rows', 1_000_000);
const repeat = flag('--repeat', 5);
const COLUMNS = 50;
const engine = await openDataEngine();
const file = await randomParquet(engine, 'wide', COLUMNS, rows);

// Every fifth column, so the ten are spread over the file rather than adjacent.
const ten = Array.from({ length: 10 }, (_, i) => `c${i * 5}`);
const settle = () => settleFor(100);
async function time(fn) {
  await settle();
  const t = performance.now();
  const table = await fn();
  const ms = performance.now() - t;
  if (table.rowCount !== rows) throw new Error(`read ${table.rowCount} rows, expected ${rows}`);
  return ms;
}

const sumOf = (columns) =>
  `SELECT ${columns.map((c) => `sum(${c})`).join(', ')} FROM read_parquet('${file}')`;
const every = Array.from({ length: COLUMNS }, (_, i) => `c${i}`);
async function sql(query) {
  await settle();
  const t = performance.now();
  await engine.withConnection((c) => c.runAndReadAll(query));
  return performance.now() - t;
}

// The first reads warm the page cache; they also map the process's first column memory.
const firstTen = await time(() => readTable(file, { engine, columns: ten }));
const firstAll = await time(() => readTable(file, { engine }));
const pool = configureColumnPool();
const times = { one: [], ten: [], all: [], sumTen: [], sumAll: [] };
for (let i = 0; i < repeat; i++) {
  times.one.push(await time(() => readTable(file, { engine, columns: ['c0'] })));
  times.ten.push(await time(() => readTable(file, { engine, columns: ten })));
  times.all.push(await time(() => readTable(file, { engine })));
  times.sumTen.push(await sql(sumOf(ten)));
  times.sumAll.push(await sql(sumOf(every)));
}
const pooled = configureColumnPool();
engine.close();
const ten10 = median(times.ten);
const all50 = median(times.all);
const ratio = all50 / ten10;
console.log(
  `data-projection: ${rows.toLocaleString('en-US')} rows x ${COLUMNS} DOUBLE columns, Parquet, median of ${repeat} (node ${process.version})`,
);
console.log(
  `  read 10 of 50 columns   ${ten10.toFixed(0).padStart(6)} ms   [${times.ten.map((t) => t.toFixed(0)).join(', ')}]`,
);
console.log(
  `  read all 50 columns     ${all50.toFixed(0).padStart(6)} ms   [${times.all.map((t) => t.toFixed(0)).join(', ')}]`,
);
console.log(
  `  speed-up                ${ratio.toFixed(2).padStart(6)} x    target >= 5x: ${ratio >= 5 ? 'met' : 'NOT met'}`,
);
// Why the ratio sits where it does: what one more column costs in each range, and the fixed cost
// per read left over (from the 1- and 50-column reads). With columns of equal cost c and a fixed
// cost F, the ratio is (F + 50c) / (F + 10c): under 5 for any F > 0.
const one = median(times.one);
const c = (all50 - one) / 49;
const fixed = one - c;
console.log(
  `  one column ${one.toFixed(1)} ms; each further column ${((ten10 - one) / 9).toFixed(2)} ms (1 -> 10), ${((all50 - ten10) / 40).toFixed(2)} ms (10 -> 50)`,
);
console.log(
  `  fixed cost F = ${fixed.toFixed(1)} ms, column c = ${c.toFixed(2)} ms: (F + 50c) / (F + 10c) = ${((fixed + 50 * c) / (fixed + 10 * c)).toFixed(2)}x`,
);
const sumTen = median(times.sumTen);
const sumAll = median(times.sumAll);
console.log(
  `  DuckDB sum() of 10 / all 50 columns: ${sumTen.toFixed(0)} / ${sumAll.toFixed(0)} ms = ${(sumAll / sumTen).toFixed(2)}x (the decoder's own gain)`,
);
console.log(
  `  first reads, into fresh memory: 10 columns ${firstTen.toFixed(0)} ms, all 50 ${firstAll.toFixed(0)} ms (${(firstAll / firstTen).toFixed(2)}x)`,
);
if (pool !== null && pooled !== null) {
  const reused = pooled.reused - pool.reused;
  const fresh = pooled.fresh - pool.fresh;
  console.log(
    `  column pool: ${reused} of ${reused + fresh} large columns of the timed reads reused collected memory`,
  );
}
