// Batch scoring end to end (issue 9): 5,000,000 rows × 30 features from Parquet, scored by the
// synth_200k GBDT (200 trees, depth 6) and written to Parquet with `platform.batch.predict`, two
// threads. References measured in the same run: reading the same columns alone with readChunks
// (the floor), and XGBoost's in-memory predict rate with 2 threads from BASELINES.md (~650k rows/s).
// Then 1,000,000 predictions into SQLite and PostgreSQL tables (rows/s), against Parquet.
// Target: >= 1,000,000 rows/s end to end with 2 threads.
// Usage: npm run bench -- batch-predict [--rows 5000000] [--threads 2] [--sql-rows 1000000]
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { createLogger } from '../dist/core/index.js';
import { defaultDataEngine, readChunks } from '../dist/data/index.js';
import { loadModel, saveModel } from '../dist/models/index.js';
import { initWorkspace, openPlatform } from '../dist/platform.js';
import { trainModel } from '../dist/training/index.js';
import { dataDir } from './lib.js';
import { flag, SYNTH_CSV, settle, synthTables } from './train-common.js';

const rows = flag('--rows', 5_000_000);
const threads = flag('--threads', 2);
const sqlRows = flag('--sql-rows', 1_000_000);
const XGB_2T = 650_000; // BASELINES.md, "Prediction": Booster.inplace_predict, 2 threads
const fmt = (n) => Math.round(n).toLocaleString('en-US');

const modelDir = join(dataDir, 'batch-gbdt-200');
if (!existsSync(join(modelDir, 'model.json'))) {
  const { train } = await synthTables();
  const { model } = await trainModel(train, {
    target: 'target',
    model: 'gbdt',
    params: { n_estimators: 200, max_depth: 6, learning_rate: 0.1 },
  });
  await saveModel(model, modelDir);
}
const model = await loadModel(modelDir);
const features = model.schema.features.map((f) => f.name);

const engine = await defaultDataEngine();
const lit = (s) => `'${s.replaceAll("'", "''")}'`;
async function makeInput(n) {
  const path = join(dataDir, `batch-input-${n}.parquet`);
  if (existsSync(path)) return path;
  const copies = Math.ceil(n / 200_000);
  await engine.withConnection((c) =>
    c.run(
      `COPY (SELECT (r.range * 200000 + s.rn)::BIGINT AS id, s.* EXCLUDE (rn, target)
         FROM (SELECT row_number() OVER () - 1 AS rn, * FROM read_csv(${lit(SYNTH_CSV)})) s, range(${copies}) r
         ORDER BY id LIMIT ${n}) TO ${lit(path)} (FORMAT parquet, COMPRESSION zstd)`,
    ),
  );
  return path;
}
const input = await makeInput(rows);

const work = mkdtempSync(join(dataDir, 'batch-ws-'));
await initWorkspace(work, { env: {} });
const platform = await openPlatform({ cwd: work, env: {}, logger: createLogger({ level: 'silent' }) });
try {
  await settle();
  let t = performance.now();
  let seen = 0;
  for await (const chunk of readChunks(input, { columns: ['id', ...features], chunkRows: 65_536 }))
    seen += chunk.rowCount;
  const floorS = (performance.now() - t) / 1000;

  await settle();
  t = performance.now();
  const cpu0 = process.cpuUsage();
  const summary = await platform.batch.predict({
    model: modelDir,
    input,
    output: join(work, 'out.parquet'),
    idColumn: 'id',
    threads,
    cwd: work,
  });
  const oursS = (performance.now() - t) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  const ours = rows / oursS;
  console.log(
    `batch-predict: ${fmt(rows)} rows × ${features.length} features, GBDT 200 trees depth 6, ${threads} threads (node ${process.version})`,
  );
  console.log(
    `  read the same columns alone (floor)   ${floorS.toFixed(2).padStart(6)} s  ${fmt(seen / floorS).padStart(10)} rows/s`,
  );
  console.log(
    `  flywheel predict → Parquet            ${oursS.toFixed(2).padStart(6)} s  ${fmt(ours).padStart(10)} rows/s  (scored ${fmt(summary.scored)}, failed ${summary.failed})`,
  );
  console.log(
    `  CPU of the job (all threads)          ${cpuS.toFixed(2).padStart(6)} s  = ${(cpuS / oursS).toFixed(2)} cores busy on average, ${((cpuS * 1e6) / rows).toFixed(2)} µs per row`,
  );
  console.log(
    `  ratio to the floor ${(ours / (seen / floorS)).toFixed(2)}x; to XGBoost in-memory 2 threads (${fmt(XGB_2T)}) ${(ours / XGB_2T).toFixed(2)}x; target >= 1,000,000 rows/s: ${ours >= 1e6 ? 'met' : 'NOT met'}`,
  );

  const small = await makeInput(sqlRows);
  const sql = async (label, output) => {
    await settle();
    const t0 = performance.now();
    const s = await platform.batch.predict({
      model: modelDir,
      input: small,
      output,
      idColumn: 'id',
      threads,
      cwd: work,
    });
    const sec = (performance.now() - t0) / 1000;
    console.log(
      `  ${fmt(sqlRows)} → ${label.padEnd(30)} ${sec.toFixed(2).padStart(6)} s  ${fmt(s.rows / sec).padStart(10)} rows/s`,
    );
  };
  await sql('Parquet', join(work, 'small.parquet'));
  await sql('SQLite (batched INSERT)', `sqlite://${join(work, 'out.db')}#scores`);
  const pgUrl = process.env.FLYWHEEL_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const client = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 2000 });
  const table = `bench_scores_${process.pid}`;
  if (
    await client.connect().then(
      () => true,
      () => false,
    )
  ) {
    try {
      await sql('PostgreSQL (INSERT … unnest)', `${pgUrl}#${table}`);
    } finally {
      await client.query(`DROP TABLE IF EXISTS "${table}", "${table}_errors"`);
      await client.end();
    }
  } else console.log('  PostgreSQL not reachable: skipped');
} finally {
  await platform.close();
  rmSync(work, { recursive: true, force: true });
}
