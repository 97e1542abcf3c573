import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readTable, rowObject, type Table } from '../data/index.js';
import type { Model } from '../models/index.js';
import { tempDir } from '../testing/services.js';
import { trainModel } from '../training/index.js';
import { loadBehaviourTests, runBehaviourTests } from './behaviour.js';

const DATA = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'data', 'diabetes.csv');

describe('behavioural tests', () => {
  let table: Table;
  let model: Model;
  beforeAll(async () => {
    table = await readTable(DATA);
    // A linear regression: its direction in each feature is the sign of that feature's weight.
    model = (await trainModel(table, { target: 'target', model: 'linear', seed: 0 })).model;
  });

  it('passes and fails invariance, directional and minimum tests as the model dictates', () => {
    const bmi = model.predict(table).values; // baseline predictions, for a minimum case built from row 0
    const first = rowObject(table, 0);
    delete first.target;
    const results = runBehaviourTests(model, table, [
      { name: 'bmi matters', type: 'invariance', feature: 'bmi', values: [0.1], tolerance: 0.01, rows: 50 },
      {
        name: 'bmi does not lower progression',
        type: 'directional',
        feature: 'bmi',
        delta: 0.01,
        direction: 'increase',
        tolerance: 0,
        rows: 50,
      },
      {
        name: 'bmi lowers progression',
        type: 'directional',
        feature: 'bmi',
        delta: 0.01,
        direction: 'decrease',
        tolerance: 0,
        rows: 50,
      },
      {
        name: 'row 0 in range',
        type: 'minimum',
        cases: [{ row: first as Record<string, number>, expect: { min: bmi[0]! - 1, max: bmi[0]! + 1 } }],
      },
      {
        name: 'row 0 impossible',
        type: 'minimum',
        cases: [{ row: first as Record<string, number>, expect: { min: 10_000 } }],
      },
    ]);
    expect(results.map((r) => [r.name, r.passed, r.failures, r.checked])).toEqual([
      ['bmi matters', false, 50, 50], // changing bmi moves every prediction: not invariant
      ['bmi does not lower progression', true, 0, 50], // higher bmi raises the fitted progression
      ['bmi lowers progression', false, 50, 50],
      ['row 0 in range', true, 0, 1],
      ['row 0 impossible', false, 1, 1],
    ]);
    expect(results[0]!.examples).toHaveLength(5);
  });

  it('reads tests from YAML and names the file and path of a mistake', () => {
    const dir = tempDir();
    try {
      const good = join(dir.path, 'tests.yaml');
      writeFileSync(
        good,
        'tests:\n  - name: sex does not matter\n    type: invariance\n    feature: sex\n    values: [0.05]\n',
      );
      expect(loadBehaviourTests(good)).toEqual([
        {
          name: 'sex does not matter',
          type: 'invariance',
          feature: 'sex',
          values: [0.05],
          tolerance: 0.01,
          rows: 200,
        },
      ]);
      const bad = join(dir.path, 'bad.yaml');
      writeFileSync(bad, 'tests:\n  - name: x\n    type: directional\n    feature: bmi\n    direction: up\n');
      expect(() => loadBehaviourTests(bad)).toThrowError(
        expect.objectContaining({ code: 'INVALID_ARGUMENT', where: expect.objectContaining({ file: bad }) }),
      );
    } finally {
      dir.cleanup();
    }
  });
});
