// CLI cold start: a fresh `node bin/flywheel.js` process per call, against `node -e 0` (Node's own
// start) in the same rounds. Targets: `flywheel --version` <= 0.25 s and `flywheel status` <= 0.6 s
// (median). The commands run in turn within each round, so a change of load on a shared machine hits
// all of them alike. CPU time (user + system, from the shell's `times`) is printed too: on a loaded
// machine it moves less than wall time. `--bin PATH` times another build's bin/flywheel.js (e.g. a
// checkout of an older commit) with the same rounds.
// Usage: npm run bench -- cli-start [--repeat 10] [--bin PATH]
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dataDir, flag, median } from './lib.js';

const repeat = flag('--repeat', 10);
const binAt = process.argv.indexOf('--bin');
const bin =
  binAt > 0
    ? process.argv[binAt + 1]
    : join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'flywheel.js');
const ws = join(dataDir, 'ws-cli-start');

rmSync(ws, { recursive: true, force: true });
const init = spawnSync(process.execPath, [bin, 'init', ws], { encoding: 'utf8', env: {} });
if (init.status !== 0) throw new Error(`flywheel init failed: ${init.stderr}`);

const cases = [
  { name: '`node -e 0` (Node alone)', args: ['-e', '0'] },
  { name: '`flywheel --version`', args: [bin, '--version'], target: 0.25 },
  { name: '`flywheel --help`', args: [bin, '--help'] },
  { name: '`flywheel status` (SQLite workspace)', args: [bin, '-C', ws, 'status'], target: 0.6 },
];

// The process runs under a shell whose `times` prints its children's user and system time.
const SHELL = '"$@" >/dev/null 2>&1 || exit $?; times';
const seconds = (t) => {
  const [, m, s] = /(\d+)m([\d.]+)s/.exec(t);
  return Number(m) * 60 + Number(s);
};

/** Wall and CPU seconds of one fresh process, from spawn to exit. */
function once(args) {
  const t = performance.now();
  const r = spawnSync('bash', ['-c', SHELL, 'bash', process.execPath, ...args], {
    encoding: 'utf8',
    env: {},
  });
  const wall = (performance.now() - t) / 1000;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const [user, system] = r.stdout.trim().split('\n')[1].trim().split(/\s+/).map(seconds);
  return { wall, cpu: user + system };
}

for (const c of cases) once(c.args); // one warm-up each: the OS file cache, not the process, is warm
const runs = cases.map(() => []);
for (let round = 0; round < repeat; round++) {
  for (const [i, c] of cases.entries()) runs[i].push(once(c.args));
}
const times = runs.map((r) => r.map((x) => x.wall));
const cpu = runs.map((r) => median(r.map((x) => x.cpu)));

const base = median(times[0]);
console.log(
  `cli-start: median of ${repeat} fresh processes each (node ${process.version}, ${cpus().length} CPUs, load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')})`,
);
console.log(`bin: ${bin}`);
console.log('| command | median | min | over `node -e 0` | CPU (median) | target |');
console.log('|---|---:|---:|---:|---:|---|');
for (const [i, c] of cases.entries()) {
  const m = median(times[i]);
  const min = Math.min(...times[i]);
  const over = i === 0 ? '' : `+${(m - base).toFixed(3)} s`;
  const target = c.target === undefined ? '' : `<= ${c.target} s: ${m <= c.target ? 'met' : 'NOT met'}`;
  const c1 = `${cpu[i].toFixed(2)} s`;
  console.log(`| ${c.name} | ${m.toFixed(3)} s | ${min.toFixed(3)} s | ${over} | ${c1} | ${target} |`);
}
rmSync(ws, { recursive: true, force: true });
