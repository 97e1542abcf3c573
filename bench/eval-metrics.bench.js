// The full metric set on 1,000,000 binary predictions (target: <= 2 s), plus the multiclass set on
// 1,000,000 rows of 5 classes, single thread.
// Usage: npm run bench -- eval-metrics [--rows 1000000]
import * as m from '../dist/evaluation/index.js';
import { flag } from './lib.js';

const n = flag('--rows', 1_000_000);
let seed = 7;
const rand = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const y = new Float64Array(n);
const s = new Float64Array(n);
const pred = new Float64Array(n);
for (let i = 0; i < n; i++) {
  y[i] = rand() < 0.3 ? 1 : 0;
  s[i] = Math.min(1, Math.max(0, 0.3 * y[i] + 0.35 + (rand() - 0.5) * 0.6));
  pred[i] = s[i] >= 0.5 ? 1 : 0;
}
const t0 = performance.now();
const cm = m.confusionMatrix(y, pred, 2);
const out = {
  accuracy: m.accuracy(y, pred),
  balancedAccuracy: m.balancedAccuracy(cm),
  ...m.precisionRecallF(cm, 'binary'),
  rocAuc: m.rocAuc(y, s),
  averagePrecision: m.averagePrecision(y, s),
  logLoss: m.logLossBinary(y, s),
  brier: m.brierScore(y, s),
  ece: m.reliabilityCurve(y, s, 10).ece,
  recallTarget: m.chooseThreshold(y, s, { kind: 'recall', min: 0.95 }).threshold,
};
const binaryMs = performance.now() - t0;

const k = 5;
const yk = new Float64Array(n);
const proba = Array.from({ length: k }, () => new Float64Array(n));
const predK = new Float64Array(n);
for (let i = 0; i < n; i++) {
  yk[i] = Math.floor(rand() * k);
  let sum = 0;
  for (let c = 0; c < k; c++) {
    proba[c][i] = rand() + (c === yk[i] ? 0.8 : 0);
    sum += proba[c][i];
  }
  let best = 0;
  for (let c = 0; c < k; c++) {
    proba[c][i] /= sum;
    if (proba[c][i] > proba[best][i]) best = c;
  }
  predK[i] = best;
}
const t1 = performance.now();
const cmK = m.confusionMatrix(yk, predK, k);
const multi = {
  macro: m.precisionRecallF(cmK, 'macro'),
  weighted: m.precisionRecallF(cmK, 'weighted'),
  logLoss: m.logLossMulticlass(yk, proba),
  aucOvr: m.rocAucOvr(yk, proba, 'macro'),
};
const multiMs = performance.now() - t1;
console.log(`eval-metrics: ${n.toLocaleString('en-US')} predictions (node ${process.version})`);
console.log(
  `  binary full set      ${binaryMs.toFixed(0)} ms  (target <= 2000 ms) ${binaryMs <= 2000 ? 'PASS' : 'FAIL'}  auc=${out.rocAuc.toFixed(4)}`,
);
console.log(`  multiclass (5) set   ${multiMs.toFixed(0)} ms  auc_ovr=${multi.aucOvr.toFixed(4)}`);
