import { describe, expect, it } from 'vitest';
import { createRng } from '../core/index.js';
import { createTable, float64Column } from '../data/index.js';
import { backward, createBatchState, forward, initLayers } from './mlp-network.js';
import { createObjective } from './objective.js';
import { trainModel } from './train.js';

describe('mlp network', () => {
  it.each(['relu', 'tanh'] as const)(
    'backward gives the gradient finite differences give (%s)',
    (activation) => {
      const rng = createRng(3);
      const layers = initLayers([3, 4, 2, 1], activation, rng);
      const n = 5;
      const X = Float64Array.from({ length: n * 3 }, () => rng.next() * 2 - 1);
      const y = Float64Array.from({ length: n }, () => (rng.next() < 0.5 ? 1 : 0));
      const objective = createObjective([{ kind: 'logloss', weight: 1, column: 'y', target: y }], null);
      const state = createBatchState(layers, n, 0);
      const loss = () => {
        state.acts[0]!.set(X);
        forward(layers, state, n, 0, null);
        return objective.loss(state.acts[layers.length]!.slice(0, n), null, 0, n).sum / n;
      };
      loss();
      const z = state.acts[layers.length]!.slice(0, n);
      const g = new Float64Array(n);
      objective.gradients(z, null, 0, n, g, new Float64Array(n));
      state.deltas[layers.length - 1]!.set(g.map((v) => v / n));
      backward(layers, state, n, 0, 0);
      const analytic = state.gradW.map((a) => Float64Array.from(a));
      layers.forEach((layer, l) => {
        for (let i = 0; i < layer.weights.length; i++) {
          const w = layer.weights[i]!;
          layer.weights[i] = w + 1e-6;
          const up = loss();
          layer.weights[i] = w - 1e-6;
          const down = loss();
          layer.weights[i] = w;
          expect(analytic[l]![i]).toBeCloseTo((up - down) / 2e-6, 6);
        }
      });
    },
  );

  it('learns XOR, which no linear model can', async () => {
    const rows = 200;
    const a = Array.from({ length: rows }, (_, i) => i % 2);
    const b = Array.from({ length: rows }, (_, i) => Math.floor(i / 2) % 2);
    const t = createTable(
      ['a', 'b', 'y'],
      [float64Column(a), float64Column(b), float64Column(a.map((v, i) => v ^ b[i]!))],
    );
    const mlp = await trainModel(t, {
      target: 'y',
      model: 'mlp',
      params: { hidden_layers: [8], epochs: 300, learning_rate: 0.05, batch_size: 32 },
    });
    const linear = await trainModel(t, { target: 'y', model: 'linear' });
    expect(mlp.metrics.train_accuracy).toBe(1);
    expect(linear.metrics.train_accuracy).toBeLessThanOrEqual(0.75);
  });

  it('is deterministic for a seed, with dropout', async () => {
    const x = Array.from({ length: 100 }, (_, i) => Math.sin(i));
    const t = createTable(['x', 'y'], [float64Column(x), float64Column(x.map((v) => 2 * v + 1))]);
    const spec = {
      target: 'y',
      model: 'mlp' as const,
      task: 'regression' as const,
      params: { dropout: 0.1, epochs: 200, learning_rate: 0.01, batch_size: 20 },
      seed: 5,
    };
    const a = await trainModel(t, spec);
    const b = await trainModel(t, spec);
    expect(Array.from(a.model.predict(t).values)).toEqual(Array.from(b.model.predict(t).values));
    expect(a.metrics.train_r2).toBeGreaterThan(0.9);
  });
});
