// Logistic regression on synth_200k (BASELINES.md): standardized features, L2 with C = 1 (alpha 1),
// L-BFGS; trained on the first 160,000 rows, scored on the last 40,000. Flywheel against
// scikit-learn's StandardScaler + LogisticRegression(lbfgs) with one BLAS thread, in the same run.
// The timed part is the whole fit in both: standardization, then the optimizer.
// Targets: AUC within 0.001 of scikit-learn's; time at most 1.5x scikit-learn's.
// Usage: npm run bench -- train-linear [--repeat 5]
// FLYWHEEL_KERNELS=js fits with the JavaScript kernel instead of the WebAssembly passes.

import { rocAuc } from '../dist/metrics/index.js';
import { trainModel } from '../dist/training/index.js';
import {
  flag,
  labels,
  median,
  peersAvailable,
  runPeer,
  SYNTH_CSV,
  settle,
  synthTables,
} from './train-common.js';

const repeat = flag('--repeat', 5);
const { train, test } = await synthTables();
// Flywheel and scikit-learn alternate, one fit each per round, so a change of load on a shared
// machine hits both sides alike.
const peer = peersAvailable();
const times = [];
const skTimes = [];
let outcome;
let sk;
for (let i = 0; i < repeat; i++) {
  await settle();
  const t = performance.now();
  outcome = await trainModel(train, {
    target: 'target',
    model: 'linear',
    params: { penalty: 'l2', alpha: 1 },
  });
  times.push((performance.now() - t) / 1000);
  if (peer) {
    sk = runPeer('synth-peer.py', [SYNTH_CSV, 'logreg', '--repeat', '1'], 1);
    skTimes.push(sk.fit_s[0]);
  }
}
const auc = rocAuc(labels(test), outcome.model.predict(test).values);
const ours = median(times);
console.log(
  `train-linear: synth_200k logistic regression, 160,000 train / 40,000 test rows, median of ${repeat} (node ${process.version}, kernels ${process.env.FLYWHEEL_KERNELS || 'auto'})`,
);
console.log(
  `  Flywheel linear (L-BFGS)     ${ours.toFixed(3).padStart(6)} s  [${times.map((t) => t.toFixed(3)).join(', ')}]  ${outcome.iterations} iterations  test AUC ${auc.toFixed(4)}`,
);
if (peer) {
  const theirs = median(skTimes);
  console.log(
    `  scikit-learn ${sk.version} lbfgs     ${theirs.toFixed(3).padStart(6)} s  [${skTimes.map((t) => t.toFixed(3)).join(', ')}]  ${sk.iterations} iterations  test AUC ${sk.auc.toFixed(4)}`,
  );
  const ratio = ours / theirs;
  const gap = Math.abs(auc - sk.auc);
  console.log(
    `  time ratio ${ratio.toFixed(2)}x (target <= 1.5x: ${ratio <= 1.5 ? 'met' : 'NOT met'}); AUC gap ${gap.toFixed(4)} (target <= 0.001: ${gap <= 0.001 ? 'met' : 'NOT met'})`,
  );
} else {
  console.log('  (scikit-learn peer not installed; BASELINES.md figure: 0.25-0.29 s, AUC 0.9140)');
}
