// The help text's lists are copies (defining commands must not load the modules); they must not drift.
import { describe, expect, it } from 'vitest';
import { CONFIDENCE_ACTIONS } from '../../evaluation/index.js';
import { DRIFT_METHODS } from '../../monitoring/index.js';
import { CONFIDENCE_ACTION_NAMES, DRIFT_METHOD_NAMES } from './choices.js';

describe('the lists in the help text', () => {
  it('equal the lists the modules accept', () => {
    expect(DRIFT_METHOD_NAMES).toEqual([...DRIFT_METHODS]);
    expect(CONFIDENCE_ACTION_NAMES).toEqual([...CONFIDENCE_ACTIONS]);
  });
});
