import { describe, expect, it } from 'vitest';
import { diffNumbers, diffRecords, paramAxis } from './compare-logic';

describe('compare logic', () => {
  it('marks the params that differ, a missing one included', () => {
    const rows = diffRecords([
      { lr: '0.1', model: 'gbdt', seed: '7' },
      { lr: '0.2', model: 'gbdt' },
      { lr: '0.1', model: 'gbdt', seed: '7' },
    ]);
    expect(rows).toEqual([
      { key: 'lr', values: ['0.1', '0.2', '0.1'], differs: true },
      { key: 'model', values: ['gbdt', 'gbdt', 'gbdt'], differs: false },
      { key: 'seed', values: ['7', undefined, '7'], differs: true },
    ]);
  });

  it('does not take inherited keys for params', () => {
    const rows = diffRecords([{ constructor: 'a' }, {}]);
    expect(rows).toEqual([{ key: 'constructor', values: ['a', undefined], differs: true }]);
  });

  it('compares metric values as numbers, null and missing apart', () => {
    expect(diffNumbers([{ auc: 0.7, loss: null }, { auc: 0.7 }])).toEqual([
      { key: 'auc', values: [0.7, 0.7], differs: false },
      { key: 'loss', values: [null, undefined], differs: true },
    ]);
  });

  it('places numeric params by value and categories by sorted position', () => {
    expect(paramAxis(['0.1', '1e-3', undefined])).toEqual({ xs: [0.1, 0.001, undefined] });
    expect(paramAxis(['gbdt', 'linear', 'gbdt', ''])).toEqual({
      xs: [1, 2, 1, 0],
      categories: ['', 'gbdt', 'linear'],
    });
  });
});
