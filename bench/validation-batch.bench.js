// Batch validation of 1,000,000 rows x 20 columns (12 float, 2 integer, 1 id, 5 string) against a
// 40-expectation suite. Target: validateTable >= 200,000 rows/s. References measured in the same
// run: DuckDB computing the same counts with one SQL query over the same Parquet file (a SQL-backed
// validator's best case), and reading the file into a table (what `flywheel check` adds).
// Usage: npm run bench -- validation-batch [--rows 1000000] [--repeat 5]
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openDataEngine, readTable } from '../dist/data/index.js';
import { checkSuite, compileSuite } from '../dist/validation/index.js';
import { dataDir, flag, median, settle as settleFor } from './lib.js';

const rows = flag('--rows', 1_000_000);
const repeat = flag('--repeat', 5);
const engine = await openDataEngine();
const file = join(dataDir, `validation-${rows}.parquet`);
const F = Array.from({ length: 12 }, (_, i) => `f${i}`);
if (!existsSync(file)) {
  const floats = F.map((f, i) =>
    i === 11
      ? `CASE WHEN random() < 0.01 THEN NULL ELSE random() * 10 END AS ${f}`
      : `random() * ${i + 1} AS ${f}`,
  );
  const select = [
    ...floats,
    'floor(random() * 100)::BIGINT AS i0',
    'floor(random() * 1000)::BIGINT AS i1',
    'range AS id',
    ...[0, 1, 2, 3].map((k) => `'cat_' || floor(random() * ${5 + 5 * k})::INT AS s${k}`),
    `'user_' || floor(random() * 100000)::INT AS s4`,
  ].join(', ');
  await engine.withConnection((c) =>
    c.run(`COPY (SELECT ${select} FROM range(${rows})) TO '${file}' (FORMAT parquet)`),
  );
}

const cats = (k) => Array.from({ length: 5 + 5 * k }, (_, j) => `cat_${j}`);
const expectations = [
  { expect: 'columns_match_list', columns: [...F, 'i0', 'i1', 'id', 's0', 's1', 's2', 's3', 's4'] },
  { expect: 'row_count_between', min: 1, max: 10 * rows },
  ...F.map((f, i) => ({ expect: 'between', column: f, min: 0, max: i === 11 ? 10 : i + 1 })),
  ...F.slice(0, 5).map((f, i) => ({
    expect: 'mean_between',
    column: f,
    min: 0.45 * (i + 1),
    max: 0.55 * (i + 1),
  })),
  ...F.slice(0, 4).map((f) => ({ expect: 'not_null', column: f })),
  ...[0, 1, 2, 3].map((k) => ({ expect: 'in_set', column: `s${k}`, values: cats(k) })),
  { expect: 'regex', column: 's4', pattern: '^user_\\d+$' },
  { expect: 'length_between', column: 's4', min: 6, max: 10 },
  { expect: 'unique', column: 'id' },
  { expect: 'increasing', column: 'id', strict: true },
  { expect: 'type', column: 'i0', type: 'integer' },
  { expect: 'between', column: 'i1', min: 0, max: 999 },
  { expect: 'quantiles_between', column: 'f6', quantiles: [{ q: 0.5, min: 3, max: 4 }] },
  { expect: 'stdev_between', column: 'f7', min: 2, max: 3 },
  { expect: 'distinct_in_set', column: 's0', values: cats(0) },
  { expect: 'null_share_at_most', column: 'f11', max: 0.02 },
  {
    expect: 'distribution_distance_below',
    column: 'f8',
    metric: 'ks',
    threshold: 0.01,
    reference: { edges: Array.from({ length: 11 }, (_, k) => (9 * k) / 10), counts: Array(10).fill(100) },
  },
  { expect: 'pair_greater', column_a: 'f9', column_b: 'f10', mostly: 0.3 },
  { expect: 'z_score_below', column: 'f0', threshold: 3, mostly: 0.99 },
];
const suite = compileSuite(checkSuite({ version: 1, name: 'bench', expectations }));
if (expectations.length !== 40) throw new Error(`suite has ${expectations.length} expectations`);

// The same counts in one SQL query (regex_full_match ~ regex, list_contains ~ in_set, …).
const inList = (k) =>
  `[${cats(k)
    .map((c) => `'${c}'`)
    .join(', ')}]`;
const sqlParts = [
  'count(*)',
  ...F.map((f, i) => `count(*) FILTER (WHERE ${f} < 0 OR ${f} > ${i === 11 ? 10 : i + 1})`),
  ...F.slice(0, 5).map((f) => `avg(${f})`),
  ...F.slice(0, 4).map((f) => `count(*) - count(${f})`),
  ...[0, 1, 2, 3].map((k) => `count(*) FILTER (WHERE NOT list_contains(${inList(k)}, s${k}))`),
  `count(*) FILTER (WHERE NOT regexp_full_match(s4, '^user_\\d+$'))`,
  'count(*) FILTER (WHERE length(s4) NOT BETWEEN 6 AND 10)',
  'count(*) - count(DISTINCT id)',
  'count(*) FILTER (WHERE i0 <> floor(i0))',
  'count(*) FILTER (WHERE i1 NOT BETWEEN 0 AND 999)',
  'median(f6)',
  'stddev_samp(f7)',
  'count(DISTINCT s0)',
  'count(*) - count(f11)',
  'histogram(floor(f8 / 0.9))',
  'count(*) FILTER (WHERE NOT f9 > f10)',
  'count(*) FILTER (WHERE abs(f0 - 0.5) > 3 * 0.29)',
];
const sql = `SELECT ${sqlParts.join(', ')} FROM read_parquet('${file}')`;

const settle = () => settleFor(100);
async function time(fn) {
  await settle();
  const t = performance.now();
  const out = await fn();
  return { ms: performance.now() - t, out };
}

const table = await readTable(file, { engine });
suite.validateTable(table); // warm up the JIT
const times = { validate: [], read: [], sql: [] };
let report;
for (let i = 0; i < repeat; i++) {
  const v = await time(() => suite.validateTable(table));
  times.validate.push(v.ms);
  report = v.out.report;
  times.read.push((await time(() => readTable(file, { engine }))).ms);
  times.sql.push((await time(() => engine.withConnection((c) => c.runAndReadAll(sql)))).ms);
}
engine.close();
const validateMs = median(times.validate);
const readMs = median(times.read);
const sqlMs = median(times.sql);
const rate = rows / (validateMs / 1000);
const fmt = (xs) => xs.map((t) => t.toFixed(0)).join(', ');
console.log(
  `validation-batch: ${rows.toLocaleString('en-US')} rows x 20 columns, 40 expectations, median of ${repeat} (node ${process.version}); ` +
    `${report.failed} of 40 expectations failed`,
);
console.log(
  `  validateTable (in memory)        ${validateMs.toFixed(0).padStart(6)} ms   [${fmt(times.validate)}]`,
);
console.log(`  readTable of the Parquet file    ${readMs.toFixed(0).padStart(6)} ms   [${fmt(times.read)}]`);
console.log(`  DuckDB, the same counts in SQL   ${sqlMs.toFixed(0).padStart(6)} ms   [${fmt(times.sql)}]`);
console.log(
  `  rows/s, validateTable            ${Math.round(rate).toLocaleString('en-US').padStart(10)}   target >= 200,000: ${rate >= 200_000 ? 'met' : 'NOT met'}`,
);
console.log(`  (read + validate) / DuckDB SQL   ${((readMs + validateMs) / sqlMs).toFixed(2).padStart(6)} x`);
