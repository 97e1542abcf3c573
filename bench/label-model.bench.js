// Label models (issue 28): quality on synthetic votes with known truth, and fit speed.
//   npm run bench -- label-model [--rows 20000] [--big-rows 1000000] [--big-lfs 20]
// 1. 10 conditionally independent LFs (accuracies 0.55-0.9, coverages 0.1-0.6), 2 and 3 classes:
//    worst |learned - true| accuracy, and accuracy on covered rows of the label model and of majority
//    vote (ties broken at random, seed 1), for seeds 1-5.
// 2. Dawid-Skene: 5 annotators with known confusion matrices, 3 annotations per item, 2,000 items:
//    worst confusion-matrix error.
// 3. Fit time of the label model on 1,000,000 rows x 20 LFs (after one warm-up fit on 100,000 rows).

import {
  fitDawidSkene,
  fitLabelModel,
  majorityVote,
  syntheticAnnotations,
  syntheticLfVotes,
} from '../dist/labeling/index.js';
import { flag } from './lib.js';

const rows = flag('--rows', 20_000);
const bigRows = flag('--big-rows', 1_000_000);
const bigLfs = flag('--big-lfs', 20);
const ACC = [0.55, 0.6, 0.65, 0.7, 0.72, 0.75, 0.8, 0.82, 0.85, 0.9];
const COV = [0.6, 0.1, 0.45, 0.2, 0.3, 0.55, 0.15, 0.4, 0.25, 0.35];

function coveredAccuracy(labels, gold, matrix) {
  let right = 0;
  let total = 0;
  for (let i = 0; i < gold.length; i++) {
    if (matrix.indptr[i + 1] === matrix.indptr[i]) continue;
    total++;
    if (labels[i] === gold[i]) right++;
  }
  return right / total;
}

console.log(`1. label model vs majority vote: ${rows} rows, 10 LFs`);
console.log('classes  seed  worst |acc err|  label model  majority (random ties)  fit ms');
for (const k of [2, 3]) {
  for (let seed = 1; seed <= 5; seed++) {
    const { matrix, gold } = syntheticLfVotes({
      rows,
      cardinality: k,
      accuracies: ACC,
      coverages: COV,
      seed,
    });
    const t = performance.now();
    const lm = fitLabelModel(matrix);
    const ms = performance.now() - t;
    const mv = majorityVote(matrix, { ties: 'random', seed: 1 });
    const worst = Math.max(...lm.accuracies.map((a, j) => Math.abs(a - ACC[j])));
    console.log(
      `${k}        ${seed}     ${worst.toFixed(4)}          ${coveredAccuracy(lm.labels, gold, matrix).toFixed(4)}       ${coveredAccuracy(mv.labels, gold, matrix).toFixed(4)}                 ${ms.toFixed(0)}`,
    );
  }
}

console.log('\n2. Dawid-Skene: 5 annotators, 3 classes, 3 annotations per item, 2,000 items');
const CONFUSION = [
  [
    [0.9, 0.05, 0.05],
    [0.1, 0.8, 0.1],
    [0.05, 0.15, 0.8],
  ],
  [
    [0.7, 0.2, 0.1],
    [0.2, 0.7, 0.1],
    [0.1, 0.2, 0.7],
  ],
  [
    [0.85, 0.1, 0.05],
    [0.05, 0.9, 0.05],
    [0.2, 0.1, 0.7],
  ],
  [
    [0.6, 0.3, 0.1],
    [0.1, 0.8, 0.1],
    [0.1, 0.1, 0.8],
  ],
  [
    [0.95, 0.05, 0],
    [0.05, 0.75, 0.2],
    [0.05, 0.05, 0.9],
  ],
];
// The sample's own confusion matrices (counted against the true classes) show how much of the
// error is sampling noise: each annotator sees ~1,200 items, ~400 per true class.
function sampleConfusion(matrix, gold) {
  const k = matrix.cardinality;
  const counts = Array.from({ length: matrix.lfs }, () =>
    Array.from({ length: k }, () => new Array(k).fill(0)),
  );
  for (let i = 0; i < matrix.rows; i++)
    for (let e = matrix.indptr[i]; e < matrix.indptr[i + 1]; e++)
      counts[matrix.lf[e]][gold[i]][matrix.label[e]]++;
  return counts.map((c) => c.map((row) => row.map((x) => x / row.reduce((a, b) => a + b, 0))));
}
const worstDiff = (a, b) =>
  Math.max(...a.flatMap((c, j) => c.flatMap((row, y) => row.map((p, l) => Math.abs(p - b[j][y][l])))));
for (let seed = 1; seed <= 5; seed++) {
  const { matrix, gold } = syntheticAnnotations({ items: 2000, confusion: CONFUSION, votesPerItem: 3, seed });
  const ds = fitDawidSkene(matrix);
  const sample = sampleConfusion(matrix, gold);
  console.log(
    `seed ${seed}: worst |learned - true| ${worstDiff(ds.confusion, CONFUSION).toFixed(4)}, |learned - sample| ${worstDiff(ds.confusion, sample).toFixed(4)}, |sample - true| ${worstDiff(sample, CONFUSION).toFixed(4)} (${ds.iterations} iterations)`,
  );
}

console.log(`\n3. label model fit: ${bigRows.toLocaleString('en-US')} rows x ${bigLfs} LFs`);
const accs = Array.from({ length: bigLfs }, (_, j) => 0.55 + (0.35 * j) / (bigLfs - 1));
const covs = Array.from({ length: bigLfs }, (_, j) => 0.1 + ((j * 7) % bigLfs) * (0.5 / (bigLfs - 1)));
for (const k of [2, 3]) {
  const warm = syntheticLfVotes({
    rows: 100_000,
    cardinality: k,
    accuracies: accs,
    coverages: covs,
    seed: 7,
  });
  fitLabelModel(warm.matrix);
  const { matrix, gold } = syntheticLfVotes({
    rows: bigRows,
    cardinality: k,
    accuracies: accs,
    coverages: covs,
    seed: 8,
  });
  const t = performance.now();
  const cpu = process.cpuUsage();
  const lm = fitLabelModel(matrix);
  const s = (performance.now() - t) / 1000;
  const used = process.cpuUsage(cpu);
  const worst = Math.max(...lm.accuracies.map((a, j) => Math.abs(a - accs[j])));
  console.log(
    `${k} classes: ${matrix.lf.length.toLocaleString('en-US')} votes, fit ${s.toFixed(2)} s wall, ${((used.user + used.system) / 1e6).toFixed(2)} s CPU (${lm.iterations} EM iterations, ${lm.converged ? 'converged' : 'not converged'}), worst |acc err| ${worst.toFixed(4)}, covered accuracy ${coveredAccuracy(lm.labels, gold, matrix).toFixed(4)}`,
  );
}
