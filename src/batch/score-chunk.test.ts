import { describe, expect, it } from 'vitest';
import { type DictionaryColumn, dictionaryColumn, type Float64Column, float64Column } from '../data/index.js';
import { createModel, LinearScorer, modelDecision, POLICY_TAG, THRESHOLD_TAG } from '../models/index.js';
import { formatOutputs } from '../serving/index.js';
import { modelDigest } from './run-job.js';
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
    const out = scoreChunk(model, chunk, ctx, modelDecision(model));
    expect([out.scored, out.failed, out.rows]).toEqual([2, 1, 3]);
    expect(out.predictions.names).toEqual([
      'id',
      'prediction',
      'prob_lo',
      'prob_mid',
      'prob_hi',
      'action',
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
    const out = scoreChunk(model, chunk, { ...ctx, present: ['c'] }, modelDecision(model));
    expect([out.scored, out.failed]).toEqual([0, 2]);
    expect(out.predictions.rowCount).toBe(0);
  });

  it("decides a binary model's label with its stored threshold and policy, exactly as serving answers", () => {
    // P(yes) = sigmoid(x): x = -1, -0.5, 0.2, 2 give 0.269, 0.378, 0.550, 0.881.
    const binary = (info: Record<string, unknown>) =>
      createModel({
        family: 'linear',
        schema: {
          features: [{ name: 'x', type: 'numeric' }],
          output: { task: 'binary', target: 'y', classes: ['no', 'yes'] },
        },
        steps: [{ kind: 'numeric', source: 'x', impute: null, center: 0, scale: 1 }],
        scorer: new LinearScorer(1, 1, Float64Array.from([1]), new Float64Array(1)),
        info,
      });
    const x = [-1, -0.5, 0.2, 2];
    const chunk = {
      names: ['id', 'x'],
      columns: [float64Column([1, 2, 3, 4]), float64Column(x)],
      rowCount: 4,
    };
    const tuned = binary({
      [THRESHOLD_TAG]: '0.3',
      [POLICY_TAG]: JSON.stringify({ below: 0.7, action: 'human' }),
    });
    const cases = [
      {
        model: binary({}),
        labels: ['no', 'no', 'yes', 'yes'],
        actions: ['accept', 'accept', 'accept', 'accept'],
      },
      { model: tuned, labels: ['no', 'yes', 'yes', 'yes'], actions: ['accept', 'human', 'human', 'accept'] },
    ];
    // The threshold is in the model digest, so a resume after `flywheel eval` moved it is refused.
    expect(modelDigest(binary({ [THRESHOLD_TAG]: '0.4' }))).not.toBe(modelDigest(tuned));
    for (const c of cases) {
      const out = scoreChunk(c.model, chunk, { ...ctx, present: ['x'] }, modelDecision(c.model));
      expect(out.predictions.names).toEqual([
        'id',
        'prediction',
        'prob_no',
        'prob_yes',
        'action',
        'model_version',
        'job_id',
      ]);
      const text = (k: number) => {
        const col = out.predictions.columns[k] as DictionaryColumn;
        return Array.from(col.codes, (code) => col.dictionary[code]);
      };
      const served = formatOutputs(c.model, c.model.predict(chunk).values, 4);
      expect(text(1)).toEqual(c.labels);
      expect(text(1)).toEqual(served.predictions);
      expect(text(4)).toEqual(c.actions);
      expect(text(4)).toEqual(served.actions);
      const probs = [2, 3].map((k) => Array.from((out.predictions.columns[k] as Float64Column).values));
      expect(probs[0]!.map((p0, r) => [p0, probs[1]![r]])).toEqual(served.probabilities);
    }
  });
});
