// Applying labeling functions (issue 28): 20 LFs (bench/labeling/speed-lfs.mjs) on 1,000,000 rows
// built in memory (a text column with a distinct string per row, four numeric columns, a bool),
// with 1 and 2 worker threads; the target is <= 10 s with 2 threads.
//   npm run bench -- label-apply [--rows 1000000] [--threads 1,2]
import { join } from 'node:path';
import { createRng } from '../dist/core/index.js';
import { boolColumn, createTable, dictionaryColumn, float64Column } from '../dist/data/index.js';
import { applyLabelingFunctions, loadLabelingFile } from '../dist/labeling/index.js';
import { flag } from './lib.js';

const rows = flag('--rows', 1_000_000);
const at = process.argv.indexOf('--threads');
const threadList = (at > 0 ? process.argv[at + 1] : '1,2').split(',').map(Number);
const WORDS = [
  'free',
  'meeting',
  'offer',
  'lunch',
  'report',
  'money',
  'winner',
  'thanks',
  'the',
  'a',
  'notes',
  'today',
  'URGENT',
  '$100',
  '!!!',
];
const rng = createRng(1);
const texts = new Array(rows);
for (let i = 0; i < rows; i++) {
  const n = 4 + rng.int(12);
  const words = [i % 10 === 0 ? 'Re:' : `#${i}`];
  for (let w = 0; w < n; w++) words.push(WORDS[rng.int(WORDS.length)]);
  texts[i] = words.join(' ');
}
const num = (f) => float64Column(Array.from({ length: rows }, f));
const table = createTable(
  ['text', 'links', 'length', 'hour', 'attachments', 'known'],
  [
    dictionaryColumn(texts),
    num(() => rng.int(8)),
    num(() => rng.int(3000)),
    num(() => rng.int(24)),
    num(() => rng.int(4)),
    boolColumn(Array.from({ length: rows }, () => rng.next() < 0.3)),
  ],
);
const lfs = await loadLabelingFile(join(import.meta.dirname, 'labeling', 'speed-lfs.mjs'));
console.log(`${rows.toLocaleString('en-US')} rows x ${lfs.lfs.length} LFs`);
// CPU time (user + system, all threads of this process) beside wall time: on a machine shared
// with other work, wall time depends on the load and CPU time much less.
for (const threads of threadList) {
  const cpu = process.cpuUsage();
  const r = await applyLabelingFunctions(table, lfs, { cardinality: 2, threads });
  const used = process.cpuUsage(cpu);
  console.log(
    `${threads} thread(s): ${(r.elapsedMs / 1000).toFixed(2)} s wall, ${((used.user + used.system) / 1e6).toFixed(2)} s CPU, ${r.matrix.lf.length.toLocaleString('en-US')} votes (${(r.matrix.lf.length / rows).toFixed(2)} per row)`,
  );
}
await lfs.dispose();
