import { describe, expect, it } from 'vitest';
import { AnsweredIds } from './answered.js';

describe('AnsweredIds', () => {
  it('remembers each id with its endpoint and rows, the newest `capacity` at least, 2 × at most', () => {
    const a = new AnsweredIds(3);
    a.add('r1', 'churn', 1);
    a.add('r2', 'fraud', 3);
    expect(a.get('r1')).toEqual({ model: 'churn', rows: 1 });
    expect(a.get('r2')).toEqual({ model: 'fraud', rows: 3 });
    for (let i = 3; i <= 9; i++) a.add(`r${i}`, 'churn', i);
    // The newest three are always there; never more than six are held.
    for (const id of ['r7', 'r8', 'r9']) expect(a.get(id)).toBeDefined();
    expect(a.size).toBeLessThanOrEqual(6);
    expect(a.get('r1')).toBeUndefined();
    expect(a.get('never')).toBeUndefined();
  });
});
