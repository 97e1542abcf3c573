// Every family on the small public datasets of test/fixtures/data with the split of BASELINES.md
// (train_test_split(test_size=0.25, random_state=0, stratify=y), committed as
// src/training/fixtures/*.split.json), against the reference scores of BASELINES.md and, when the
// Debian python has them, the peers rerun on the same split: LogisticRegression/Ridge,
// HistGradientBoosting and XGBoost, MLPClassifier/MLPRegressor.
// Target: no family below its reference by more than 2 test rows of accuracy (0.03 R² on diabetes).
// Usage: npm run bench -- train-small
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getColumn, numericValues, readTable, takeRows } from '../dist/data/index.js';
import { accuracy, r2Score as r2 } from '../dist/metrics/index.js';
import { predictedClasses } from '../dist/models/index.js';
import { trainModel } from '../dist/training/index.js';
import { peersAvailable, runPeer } from './train-common.js';

const here = dirname(fileURLToPath(import.meta.url));
const DATA = join(here, '..', 'test', 'fixtures', 'data');
const SPLITS = join(here, '..', 'src', 'training', 'fixtures');
const REFERENCE = {
  breast_cancer: { linear: 0.958, trees: 0.965, mlp: 0.951, test: 143 },
  iris: { linear: 0.9737, trees: 0.9474, mlp: 0.9737, test: 38 },
  wine: { linear: 1, trees: 1, mlp: 1, test: 45 },
  digits: { linear: 0.9711, trees: 0.9733, mlp: 0.9733, test: 450 },
  diabetes: { linear: 0.358, trees: 0.2122, mlp: 0.3023, test: 111 },
};
const RUNS = [
  { label: 'linear', family: 'linear', ref: 'linear', params: {} },
  {
    label: 'gbdt',
    family: 'gbdt',
    ref: 'trees',
    params: { n_estimators: 200, max_depth: 6, learning_rate: 0.1 },
  },
  { label: 'mlp', family: 'mlp', ref: 'mlp', params: { hidden_layers: [64] } },
];
const EXTRA = {
  diabetes: [
    {
      label: 'gbdt base_score=0.5',
      family: 'gbdt',
      ref: 'trees',
      params: { n_estimators: 200, max_depth: 6, learning_rate: 0.1, base_score: 0.5 },
    },
    {
      label: 'mlp standardize_target=false',
      family: 'mlp',
      ref: 'mlp',
      params: { hidden_layers: [64], standardize_target: false },
    },
    {
      label: 'mlp validation=0.1',
      family: 'mlp',
      ref: 'mlp',
      params: { hidden_layers: [64] },
      validation: 0.1,
    },
  ],
};

const peers = peersAvailable() ? runPeer('small-peer.py', [DATA, SPLITS]) : null;
console.log(`train-small: test/fixtures/data with the BASELINES.md split (node ${process.version})`);
console.log('  dataset        family                 score   reference  margin   met   peers now');
let failures = 0;
for (const [name, ref] of Object.entries(REFERENCE)) {
  const table = await readTable(join(DATA, `${name}.csv`));
  const split = JSON.parse(readFileSync(join(SPLITS, `${name}.split.json`), 'utf8'));
  const train = takeRows(table, split.train);
  const test = takeRows(table, split.test);
  const regression = name === 'diabetes';
  const margin = regression ? 0.03 : 2 / ref.test;
  for (const run of [...RUNS, ...(EXTRA[name] ?? [])]) {
    const t = performance.now();
    const { model } = await trainModel(train, {
      target: 'target',
      model: run.family,
      task: regression ? 'regression' : undefined,
      params: run.params,
      validation: run.validation,
    });
    const ms = performance.now() - t;
    const y = numericValues(getColumn(test, 'target'));
    const p = model.predict(test);
    const classes = model.schema.output.classes;
    const score = regression
      ? r2(y, p.values)
      : accuracy(
          y,
          Array.from(predictedClasses(p), (k) => Number(classes[k])),
        );
    const reference = ref[run.ref];
    const met = score >= reference - margin - 1e-9;
    if (!met && !run.label.includes(' ')) failures++;
    const peer = peers?.[name];
    const peerText = peer
      ? run.ref === 'trees'
        ? `histgb ${peer.histgb.toFixed(4)} xgb ${peer.xgboost.toFixed(4)}`
        : `${peer[run.ref].toFixed(4)}`
      : '';
    console.log(
      `  ${name.padEnd(14)} ${run.label.padEnd(21)} ${score.toFixed(4)}   ${reference.toFixed(4)}    ${margin.toFixed(4)}   ${met ? 'yes' : 'NO '}   ${peerText}  (${ms.toFixed(0)} ms)`,
    );
  }
}
console.log(
  `  ${failures === 0 ? 'all default runs met their reference' : `${failures} default run(s) below the reference margin`}`,
);
