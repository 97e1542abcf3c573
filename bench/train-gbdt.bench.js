// GBDT on synth_200k (BASELINES.md): 200 trees, depth 6, learning rate 0.1, 256 bins, trained on
// the first 160,000 rows, scored on the last 40,000. Flywheel (one JS thread) against XGBoost
// `hist` with nthread=1 in the same run. Targets: test AUC within 0.005 of XGBoost's; training time
// at most 2x XGBoost's.
// Usage: npm run bench -- train-gbdt [--repeat 3] [--trees 200]

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

const repeat = flag('--repeat', 3);
const trees = flag('--trees', 200);
const { train, test } = await synthTables();
const params = { n_estimators: trees, max_depth: 6, learning_rate: 0.1, max_bins: 256 };
// Flywheel and XGBoost alternate, one fit each per round, so a change of load on a shared machine
// hits both sides alike.
const peer = peersAvailable();
const times = [];
const xgbTimes = [];
let outcome;
let xgb;
for (let i = 0; i < repeat; i++) {
  await settle();
  const t = performance.now();
  outcome = await trainModel(train, { target: 'target', model: 'gbdt', params, seed: i });
  times.push((performance.now() - t) / 1000);
  if (peer) {
    xgb = runPeer(
      'synth-peer.py',
      [SYNTH_CSV, 'xgb', '--threads', '1', '--repeat', '1', '--single', '10'],
      1,
    );
    xgbTimes.push(xgb.fit_s[0]);
  }
}
const prediction = outcome.model.predict(test);
const auc = rocAuc(labels(test), prediction.values);
const ours = median(times);
console.log(
  `train-gbdt: synth_200k, 160,000 train / 40,000 test rows, ${trees} trees depth 6 lr 0.1, median of ${repeat} (node ${process.version})`,
);
console.log(
  `  Flywheel gbdt (1 thread)   ${ours.toFixed(2).padStart(6)} s  [${times.map((t) => t.toFixed(2)).join(', ')}]  test AUC ${auc.toFixed(4)}`,
);
if (peer) {
  const theirs = median(xgbTimes);
  console.log(
    `  XGBoost ${xgb.version} hist (1 thread) ${theirs.toFixed(2).padStart(6)} s  [${xgbTimes.map((t) => t.toFixed(2)).join(', ')}]  test AUC ${xgb.auc.toFixed(4)}`,
  );
  const ratio = ours / theirs;
  const gap = Math.abs(auc - xgb.auc);
  console.log(
    `  time ratio ${ratio.toFixed(2)}x (target <= 2x: ${ratio <= 2 ? 'met' : 'NOT met'}); AUC gap ${gap.toFixed(4)} (target <= 0.005: ${gap <= 0.005 ? 'met' : 'NOT met'})`,
  );
} else {
  console.log(
    '  (XGBoost peer not installed: apt-get install -y python3-sklearn python3-xgboost; BASELINES.md figure: 4.5-5.0 s, AUC 0.9846)',
  );
}
