import { describe, expect, it } from 'vitest';
import { createTable, dictionaryColumn, float64Column } from '../data/index.js';
import { buildObjective } from './loss-spec.js';
import { createObjective, sigmoid } from './objective.js';
import { trainModel } from './train.js';

describe('objectives', () => {
  it('a combined loss has the weighted sum of its terms’ gradients (checked by finite differences)', () => {
    const y = Float64Array.of(1, 0, 1);
    const t = Float64Array.of(0.3, 0.9, 0.5);
    const w = Float64Array.of(1, 2, 0.5);
    const objective = createObjective(
      [
        { kind: 'logloss', weight: 1, column: 'y', target: y },
        { kind: 'brier', weight: 0.7, column: 't', target: t },
      ],
      w,
    );
    const z = Float64Array.of(0.4, -1.2, 2);
    const g = new Float64Array(3);
    const h = new Float64Array(3);
    const total = objective.gradients(z, null, 0, 3, g, h, true);
    expect(total).toBeCloseTo(objective.loss(z, null, 0, 3).sum, 12);
    for (let j = 0; j < 3; j++) {
      const at = (v: number) => objective.loss(Float64Array.of(v), null, j, 1).sum;
      expect(g[j]).toBeCloseTo((at(z[j]! + 1e-6) - at(z[j]! - 1e-6)) / 2e-6, 6);
      // Hand-computed: w·[(p − y) + 0.7 (p − t) p (1 − p)]
      const p = sigmoid(z[j]!);
      expect(g[j]).toBeCloseTo(w[j]! * (p - y[j]! + 0.7 * (p - t[j]!) * p * (1 - p)), 12);
    }
  });

  it('softmax gradients are p − onehot', () => {
    const objective = createObjective(
      [{ kind: 'softmax', weight: 1, column: 'k', target: Float64Array.of(2) }],
      null,
      3,
    );
    const g = new Float64Array(3);
    objective.gradients(Float64Array.of(0, 0, 0), null, 0, 1, g, new Float64Array(3));
    expect(Array.from(g).map((v) => Number(v.toFixed(12)))).toEqual([
      0.333333333333, 0.333333333333, -0.666666666667,
    ]);
  });

  it('records loss terms, sample weights and class weights as params', () => {
    const table = createTable(
      ['y', 'spend', 'w'],
      [
        dictionaryColumn(['no', 'yes', 'no', 'no']),
        float64Column([0.1, 0.8, 0.2, 0.4]),
        float64Column([1, 1, 2, 1]),
      ],
    );
    const built = buildObjective(table, 'binary', 'y', Float64Array.of(0, 1, 0, 0), ['no', 'yes'], {
      loss: [
        { loss: 'logloss', target: 'y', weight: 1 },
        { loss: 'brier', target: 'spend', weight: 0.25 },
      ],
      sampleWeight: 'w',
      classWeight: 'balanced',
    });
    expect(built.params).toEqual({
      'loss.0.kind': 'logloss',
      'loss.0.target': 'y',
      'loss.0.weight': 1,
      'loss.1.kind': 'brier',
      'loss.1.target': 'spend',
      'loss.1.weight': 0.25,
      sample_weight: 'w',
      'class_weight.no': 4 / (2 * 3),
      'class_weight.yes': 4 / (2 * 1),
    });
    // Row weight = sample weight × class weight.
    expect(Array.from(built.objective.weights!)).toEqual([2 / 3, 2, 4 / 3, 2 / 3]);
    expect(built.columns).toEqual(['spend', 'w']);
  });

  it('class weights shift a classifier toward the costly class', async () => {
    const x = Array.from({ length: 400 }, (_, i) => Math.sin(i * 0.77));
    const y = x.map((v, i) => (v + Math.sin(i * 5.3) * 0.8 > 0.6 ? 1 : 0));
    const t = createTable(['x', 'y'], [float64Column(x), float64Column(y)]);
    const plain = await trainModel(t, { target: 'y', model: 'linear' });
    const costly = await trainModel(t, { target: 'y', model: 'linear', classWeight: { '1': 10 } });
    const mean = (v: Float64Array) => v.reduce((a, b) => a + b, 0) / v.length;
    expect(mean(costly.model.predict(t).values)).toBeGreaterThan(mean(plain.model.predict(t).values) + 0.1);
    expect(costly.params['class_weight.1']).toBe(10);
  });
});
