// Does moving inference off the event loop pay? One row of the synth_200k GBDT (200 trees, depth 6)
// scored in place, against the bare cost of a worker-thread round trip (post the row, get it back)
// measured in the same run. Offloading pays only when scoring costs more than the hop.
// Usage: npm run bench -- serve-offload [--n 20000]   (run serve-predict first: it saves the model)
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { loadModel } from '../dist/models/index.js';
import { dataDir, flag, median } from './lib.js';

const n = flag('--n', 20_000);
const model = await loadModel(join(dataDir, 'serve-gbdt-200'));
const row = Object.fromEntries(model.schema.features.map((f, i) => [f.name, (i % 7) * 0.37 - 1]));
const out = new Float64Array(1);

const worker = new Worker(
  "const { parentPort } = require('node:worker_threads'); parentPort.on('message', (m) => parentPort.postMessage(m));",
  { eval: true },
);
const hop = () =>
  new Promise((resolve) => {
    worker.once('message', resolve);
    worker.postMessage(row);
  });

const score = [];
const trips = [];
for (let rep = 0; rep < 5; rep++) {
  let t = performance.now();
  for (let i = 0; i < n; i++) model.predictRow(row, out);
  score.push(((performance.now() - t) * 1000) / n);
  t = performance.now();
  for (let i = 0; i < n / 4; i++) await hop();
  trips.push(((performance.now() - t) * 4000) / n);
}
await worker.terminate();
const s = median(score);
const h = median(trips);
console.log(`serve-offload: one row, 200-tree GBDT, median of 5 (node ${process.version})`);
console.log(`  score in place          ${s.toFixed(1).padStart(6)} µs`);
console.log(
  `  worker round trip only  ${h.toFixed(1).padStart(6)} µs  = ${(h / s).toFixed(1)}x the scoring it would move`,
);
