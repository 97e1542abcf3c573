import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTable, sliceRows } from '../../data/index.js';
import { decisionThreshold, storedPolicy } from '../../models/index.js';
import { trainModel } from '../../training/index.js';
import { formatOutputs } from './outputs.js';

const DATA = join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'data', 'breast_cancer.csv');

describe('serving outputs follow what flywheel eval stored on the version', () => {
  it('uses the stored decision threshold and confidence policy, with serve.yaml taking precedence', async () => {
    const table = await readTable(DATA);
    const { model } = await trainModel(table, { target: 'target', model: 'linear', seed: 0 });
    const rows = sliceRows(table, 0, 40);
    const p = model.predict(rows).values;
    const plain = formatOutputs(model, p, 40);
    expect(plain.predictions).toEqual([...p].map((v) => (v >= 0.5 ? 1 : 0)));
    // A high threshold (as a precision target would choose) turns borderline positives negative.
    const strict = {
      ...model,
      info: {
        ...model.info,
        'flywheel.threshold': '0.999',
        'flywheel.policy': '{"below":0.99,"action":"human"}',
      },
    };
    expect(decisionThreshold(strict)).toBe(0.999);
    expect(storedPolicy(strict)).toEqual({ below: 0.99, action: 'human' });
    const out = formatOutputs(strict, p, 40);
    expect(out.predictions).toEqual([...p].map((v) => (v >= 0.999 ? 1 : 0)));
    expect(out.actions).toEqual([...p].map((v) => (Math.max(v, 1 - v) < 0.99 ? 'human' : 'accept')));
    const configured = formatOutputs(strict, p, 40, { below: 0.5, action: 'discard' });
    expect(configured.actions.every((a) => a === 'accept')).toBe(true); // nothing is below 0.5 confidence
    // Junk in the tags is ignored rather than trusted.
    const junk = { ...model, info: { 'flywheel.threshold': 'abc', 'flywheel.policy': '{"below":7}' } };
    expect(decisionThreshold(junk)).toBe(0.5);
    expect(storedPolicy(junk)).toBeUndefined();
  });
});
