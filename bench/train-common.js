// Shared by bench/train-*.bench.js and bench/predict-*.bench.js: the synth_200k task of
// the peer baselines (bench/RESULTS.md; generated once with the Debian python into bench/.data/), loaded as a
// Flywheel table and split 160,000 / 40,000, and the Python peers run in a subprocess.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readTable, sliceRows } from '../dist/data/index.js';

const here = dirname(fileURLToPath(import.meta.url));
export const PYTHON = '/usr/bin/python3';
export const SYNTH_CSV = join(here, '.data', 'synth_200k.csv');

/** Command-line flags: `--name value` with a default. */
export function flag(name, def) {
  const args = process.argv.slice(2);
  const i = args.indexOf(name);
  if (i < 0) return def;
  return typeof def === 'number' ? Number(args[i + 1]) : args[i + 1];
}

/** True when the Debian python has the peers installed. */
export function peersAvailable() {
  const r = spawnSync(PYTHON, ['-c', 'import sklearn, xgboost'], { encoding: 'utf8' });
  return r.status === 0;
}

/** The synth_200k table (written by the peer script the first time), split into train and test. */
export async function synthTables() {
  if (!existsSync(SYNTH_CSV)) {
    mkdirSync(dirname(SYNTH_CSV), { recursive: true });
    const r = spawnSync(PYTHON, [join(here, 'peers', 'prep-synth.py'), SYNTH_CSV], { stdio: 'inherit' });
    if (r.status !== 0)
      throw new Error('could not generate synth_200k (needs python3-sklearn: see BASELINES.md)');
  }
  const table = await readTable(SYNTH_CSV);
  return { train: sliceRows(table, 0, 160_000), test: sliceRows(table, 160_000) };
}

/** Run a peer script; returns its JSON output. Threads are pinned through the usual variables. */
export function runPeer(script, args, threads = 1) {
  const env = {
    ...process.env,
    OMP_NUM_THREADS: String(threads),
    OPENBLAS_NUM_THREADS: String(threads),
    MKL_NUM_THREADS: String(threads),
  };
  const r = spawnSync(PYTHON, [join(here, 'peers', script), ...args], {
    encoding: 'utf8',
    env,
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error(`${script} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

/** The median of numbers. */
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Collect garbage and let the machine settle before a timed section (bench/lib.js). */
export { settle } from './lib.js';

/** The 0/1 labels of the test rows. */
export function labels(table) {
  const i = table.names.indexOf('target');
  return table.columns[i].values;
}
