import { describe, expect, it } from 'vitest';
import { type DictionaryColumn, dictionaryColumn, type Float64Column, float64Column } from '../data/index.js';
import { createModel, LinearScorer } from '../models/index.js';
import { scoreChunk } from './score-chunk.js';

// A softmax model over one numeric feature (x, no imputation) and a one-hot "c" (a, b):
// z = [0, x, 2·[c = b]] so every probability below can be computed by hand.
const model = createModel({
  family: 'linear',
  schema: {
    features: [
      { name: 'x', type: 'numeric' },
      { name: 'c', type: 'categorical', categories: ['a', 'b'] },
    ],
    output: { task: 'multiclass', target: 'y', classes: ['lo', 'mid', 'hi'] },
  },
  steps: [
    { kind: 'numeric', source: 'x', impute: null, center: 0, scale: 1 },
    { kind: 'onehot', source: 'c', categories: ['a', 'b'] },
  ],
  scorer: new LinearScorer(3, 3, Float64Array.from([0, 1, 0, 0, 0, 0, 0, 0, 2]), new Float64Array(3)),
});

const ctx = {
  index: 2,
  startRow: 200,
  idColumn: 'id',
  modelVersion: 'm:1',
  jobId: 'job1',
  present: ['x', 'c'],
};

describe('scoreChunk', () => {
  it('scores good rows, sends missing required features to errors, and writes labels and probabilities', () => {
    const chunk = {
      names: ['id', 'x', 'c'],
      columns: [
        dictionaryColumn(['r1', 'r2', 'r3']),
        float64Column([0, null, 3]),
        dictionaryColumn(['a', 'a', 'b']),
      ],
      rowCount: 3,
    };
    const out = scoreChunk(model, chunk, ctx);
    expect([out.scored, out.failed, out.rows]).toEqual([2, 1, 3]);
    expect(out.predictions.names).toEqual([
      'id',
      'prediction',
      'prob_lo',
      'prob_mid',
      'prob_hi',
      'model_version',
      'job_id',
    ]);
    // Row 1: z = [0, 0, 0] → 1/3 each, argmax the first class. Row 3: z = [0, 3, 2].
    const e = [1, Math.exp(3), Math.exp(2)];
    const sum = e[0]! + e[1]! + e[2]!;
    const prob = (k: number) => Array.from((out.predictions.columns[2 + k] as Float64Column).values);
    expect(prob(0)[0]).toBeCloseTo(1 / 3, 12);
    expect(prob(1)[1]).toBeCloseTo(e[1]! / sum, 12);
    expect(prob(2)[1]).toBeCloseTo(e[2]! / sum, 12);
    const labels = out.predictions.columns[1] as DictionaryColumn;
    expect(Array.from(labels.codes, (c) => labels.dictionary[c])).toEqual(['lo', 'mid']);
    const ids = out.predictions.columns[0] as DictionaryColumn;
    expect(Array.from(ids.codes, (c) => ids.dictionary[c])).toEqual(['r1', 'r3']);
    expect(out.errors.names).toEqual(['row', 'id', 'reason', 'job_id']);
    expect(Array.from((out.errors.columns[0] as Float64Column).values)).toEqual([201]);
    const reason = out.errors.columns[2] as DictionaryColumn;
    expect(reason.dictionary[reason.codes[0]!]).toBe('required feature "x" is missing');
  });

  it('treats a feature the input lacks as missing in every row', () => {
    const chunk = {
      names: ['id', 'c'],
      columns: [dictionaryColumn(['a', 'b']), dictionaryColumn(['a', 'b'])],
      rowCount: 2,
    };
    const out = scoreChunk(model, chunk, { ...ctx, present: ['c'] });
    expect([out.scored, out.failed]).toEqual([0, 2]);
    expect(out.predictions.rowCount).toBe(0);
  });
});
