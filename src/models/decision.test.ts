/** The decision outputs stored with a model: threshold, policy, and the labels they decide. */
import { describe, expect, it } from 'vitest';
import { decidedLabels, decisionThreshold, modelDecision, storedPolicy } from './decision.js';
import { LinearScorer } from './linear.js';
import { createModel, type Model } from './model.js';

/** A binary logistic model over one numeric feature x: P(yes) = σ(x), classes no/yes. */
function binary(info: Record<string, unknown> = {}): Model {
  return createModel({
    family: 'linear',
    schema: {
      features: [{ name: 'x', type: 'numeric' }],
      output: { task: 'binary', target: 'y', classes: ['no', 'yes'] },
    },
    steps: [{ kind: 'numeric', source: 'x', impute: null, center: 0, scale: 1 }],
    scorer: new LinearScorer(1, 1, Float64Array.from([1]), new Float64Array(1)),
    info,
  });
}

describe('decision outputs travel with the model', () => {
  it('decides binary labels at the stored threshold (0.5 without one)', () => {
    const p = Float64Array.from([0.2, 0.5, 0.7, 0.95]);
    expect(decidedLabels(binary(), p, 4)).toEqual(['no', 'yes', 'yes', 'yes']);
    const strict = binary({
      'flywheel.threshold': '0.9',
      'flywheel.policy': '{"below":0.8,"action":"human"}',
    });
    expect(decidedLabels(strict, p, 4)).toEqual(['no', 'no', 'no', 'yes']);
    expect(modelDecision(strict)).toEqual({ threshold: 0.9, policy: { below: 0.8, action: 'human' } });
  });

  it('ignores junk in the tags rather than trusting it', () => {
    const junk = binary({ 'flywheel.threshold': '1.5', 'flywheel.policy': '{"below":0.8,"action":"shrug"}' });
    expect(decisionThreshold(junk)).toBe(0.5);
    expect(storedPolicy(junk)).toBeUndefined();
    expect(storedPolicy(binary({ 'flywheel.policy': 'not json' }))).toBeUndefined();
  });
});
