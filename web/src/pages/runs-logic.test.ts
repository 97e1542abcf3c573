import { describe, expect, it } from 'vitest';
import { columnsText, defaultColumns, fieldOf, nextOrder, parseColumns, sortOf } from './runs-logic';

describe('runs table logic', () => {
  it('names columns in the filter language, quoting keys that are not plain words', () => {
    expect(fieldOf({ kind: 'metric', key: 'auc' })).toBe('metrics.auc');
    expect(fieldOf({ kind: 'param', key: 'max depth' })).toBe('params."max depth"');
    expect(fieldOf({ kind: 'tag', key: 'a"b' })).toBe('tags."a\\"b"');
  });

  it('round-trips the chosen columns through the URL, commas and colons in keys included', () => {
    const cols = [
      { kind: 'metric' as const, key: 'auc' },
      { kind: 'param' as const, key: 'a,b:c' },
      { kind: 'tag' as const, key: '<b>x</b>' },
    ];
    expect(parseColumns(columnsText(cols))).toEqual(cols);
    expect(parseColumns('x:1,m:%E0%A4%A,m:ok')).toEqual([{ kind: 'metric', key: 'ok' }]);
  });

  it('shows up to 8 metrics and 8 params by default', () => {
    const params = Array.from({ length: 20 }, (_, i) => `p${String(i).padStart(2, '0')}`);
    const cols = defaultColumns(params, ['loss', 'auc']);
    expect(cols.map((c) => c.key)).toEqual(['auc', 'loss', ...params.slice(0, 8)]);
  });

  it('reads the current sort of a field and flips it on a click', () => {
    expect(sortOf('metrics.auc DESC', 'metrics.auc')).toBe('descending');
    expect(sortOf('-metrics.auc', 'metrics.auc')).toBe('descending');
    expect(sortOf('params.lr asc, metrics.auc desc', 'metrics.auc')).toBeUndefined();
    expect(sortOf(undefined, 'metrics.auc')).toBeUndefined();
    expect(nextOrder(undefined, 'metrics.auc', 'metric')).toBe('metrics.auc DESC');
    expect(nextOrder('metrics.auc DESC', 'metrics.auc', 'metric')).toBe('metrics.auc ASC');
    expect(nextOrder('metrics.auc DESC', 'params.lr', 'param')).toBe('params.lr ASC');
    expect(nextOrder('params.lr ASC', 'params.lr', 'param')).toBe('params.lr DESC');
  });
});
