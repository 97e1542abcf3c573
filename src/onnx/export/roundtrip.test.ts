/**
 * The acceptance round trip of issue 27: every family and task on the five shared datasets
 * (test/fixtures/data) and on a table with a categorical column, missing values and an unknown
 * category, exported to ONNX and scored by ONNX Runtime (onnxruntime-node), equals the model's own
 * `predict` (what `flywheel predict` runs) within 1e-5 relative on probabilities and values, with
 * identical labels. Models are small (a few trees, one narrow layer) to keep this file fast; the
 * rows scored include every training row with missing values injected (one cell in seven).
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { readTable, type Table, takeRows } from '../../data/index.js';
import { createEnsembleModel, type Model } from '../../models/index.js';
import { type FamilyName, trainModel } from '../../training/index.js';
import { categoricalTable, roundTrip, withMissing } from './roundtrip.fixture.js';

const DATA = new URL('../../../test/fixtures/data/', import.meta.url);
const SPLITS = new URL('../../training/fixtures/', import.meta.url);
const TOLERANCE = 1e-5;
const PARAMS: Record<FamilyName, Record<string, unknown>> = {
  linear: { max_iter: 60 },
  gbdt: { n_estimators: 15, max_depth: 4 },
  mlp: { hidden_layers: [12], epochs: 15 },
};
const measured: string[] = [];

async function dataset(name: string): Promise<{ train: Table; all: Table; features: string[] }> {
  const table = await readTable(new URL(`${name}.csv`, DATA).pathname);
  const split = JSON.parse(readFileSync(new URL(`${name}.split.json`, SPLITS), 'utf8')) as {
    train: number[];
  };
  const features = table.names.filter((n) => n !== 'target');
  return { train: takeRows(table, split.train), all: withMissing(table, features), features };
}

async function check(label: string, model: Model, table: Table): Promise<void> {
  const r = await roundTrip(model, table);
  measured.push(
    `${label.padEnd(34)} rows ${String(r.rows).padStart(5)}  max rel ${r.maxRel.toExponential(2)}  labels differ ${r.labelMismatches}`,
  );
  expect(r.maxRel).toBeLessThanOrEqual(TOLERANCE);
  expect(r.labelMismatches).toBe(0);
}

const trained = new Map<string, Model>();

describe('ONNX round trip on the shared datasets', () => {
  const cases = ['breast_cancer', 'iris', 'wine', 'digits', 'diabetes'].flatMap((d) =>
    (['linear', 'gbdt', 'mlp'] as const).map((f) => [d, f] as const),
  );
  it.each(cases)('%s %s', async (name, family) => {
    const { train, all } = await dataset(name);
    const { model } = await trainModel(train, {
      target: 'target',
      model: family,
      task: name === 'diabetes' ? 'regression' : undefined,
      params: PARAMS[family],
    });
    trained.set(`${name}/${family}`, model);
    await check(`${name} ${family} (${model.schema.output.task})`, model, all);
  });

  it.each(['breast_cancer', 'iris', 'diabetes'])('%s ensemble of the three families', async (name) => {
    const members = (['linear', 'gbdt', 'mlp'] as const).map((f, i) => ({
      ref: `${name}-${f}:1`,
      weight: i + 1,
      model: trained.get(`${name}/${f}`)!,
    }));
    const { all } = await dataset(name);
    await check(`${name} ensemble`, createEnsembleModel(members), all);
  });
});

describe('ONNX round trip with a categorical column, missing values and an unknown category', () => {
  const train = categoricalTable(600, 7, false);
  const score = categoricalTable(400, 11, true);
  const targets = { binary: 'y_bin', multiclass: 'y_multi', regression: 'y_reg' } as const;
  const variants = [
    ['gbdt', undefined, {}],
    ['linear', 'onehot', {}],
    ['linear', 'target', {}],
    ['mlp', 'onehot', { activation: 'tanh' }],
    ['mlp', 'target', {}],
  ] as const;
  const cases = (['binary', 'multiclass', 'regression'] as const).flatMap((task) =>
    variants.map(([family, encoding, extra]) => [task, family, encoding ?? 'native', extra] as const),
  );
  it.each(cases)('%s %s (%s)', async (task, family, encoding, extra) => {
    const others = Object.values(targets).filter((t) => t !== targets[task]);
    const { model } = await trainModel(train, {
      target: targets[task],
      model: family,
      task,
      exclude: others,
      encoding: encoding === 'native' ? undefined : encoding,
      params: { ...PARAMS[family], ...extra },
    });
    trained.set(`cat/${task}/${family}/${encoding}`, model);
    await check(`categorical ${task} ${family} ${encoding}`, model, score);
  });

  it('an ensemble of a native-categorical GBDT and a one-hot linear model', async () => {
    const members = [
      { ref: 'a:1', weight: 0.25, model: trained.get('cat/binary/gbdt/native')! },
      { ref: 'b:1', weight: 0.75, model: trained.get('cat/binary/linear/onehot')! },
    ];
    await check('categorical binary ensemble', createEnsembleModel(members), score);
  });
});

afterAll(() => {
  // The figures the report and docs/onnx.md quote (max relative difference per case).
  console.log(`ONNX round trip (tolerance ${TOLERANCE}):\n${measured.join('\n')}`);
});
