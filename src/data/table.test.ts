import { describe, expect, it } from 'vitest';
import { FlywheelError } from '../core/errors.js';
import {
  cellValue,
  createTable,
  getColumn,
  numericValues,
  rowArray,
  rowObject,
  selectColumns,
  sliceRows,
  tableSchema,
  takeRows,
} from './table.js';
import {
  boolColumn,
  concatTables,
  dictionaryColumn,
  float64Column,
  tableFromRows,
  timestampColumn,
} from './table-build.js';

const sample = () =>
  tableFromRows([
    { x: 1, label: 'b', ok: true, at: new Date(Date.UTC(2024, 0, 1)) },
    { x: null, label: 'a', ok: false, at: null },
    { x: 3.5, label: null, ok: null, at: new Date(0) },
  ]);

describe('table', () => {
  it('infers column kinds from values and keeps nulls as NaN plus a mask', () => {
    const t = sample();
    expect(tableSchema(t)).toEqual([
      { name: 'x', kind: 'float64' },
      { name: 'label', kind: 'dictionary' },
      { name: 'ok', kind: 'bool' },
      { name: 'at', kind: 'timestamp' },
    ]);
    const x = getColumn(t, 'x');
    if (x.kind !== 'float64') throw new Error('kind');
    expect(Array.from(x.values)).toEqual([1, Number.NaN, 3.5]);
    expect(Array.from(x.nulls!)).toEqual([0, 1, 0]);
    const label = getColumn(t, 'label');
    if (label.kind !== 'dictionary') throw new Error('kind');
    expect(label.dictionary).toEqual(['a', 'b']);
    expect(Array.from(label.codes)).toEqual([1, 0, -1]);
  });

  it('leaves nulls out when a column has none', () => {
    expect(float64Column([1, 2]).nulls).toBeNull();
    expect(boolColumn([true]).nulls).toBeNull();
  });

  it('returns rows as objects and arrays', () => {
    const t = sample();
    expect(rowObject(t, 0)).toEqual({ x: 1, label: 'b', ok: true, at: new Date(Date.UTC(2024, 0, 1)) });
    expect(rowArray(t, 1)).toEqual([null, 'a', false, null]);
    expect(() => rowObject(t, 3)).toThrow(FlywheelError);
  });

  it('names the missing column and suggests the closest one', () => {
    const t = sample();
    try {
      getColumn(t, 'lable');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(FlywheelError);
      const e = error as FlywheelError;
      expect(e.code).toBe('SCHEMA_MISMATCH');
      expect(e.message).toContain('"lable"');
      expect(e.hint).toContain('Did you mean "label"');
      expect(e.where?.field).toBe('lable');
    }
  });

  it('selects columns in the order asked', () => {
    const t = selectColumns(sample(), ['ok', 'x']);
    expect(t.names).toEqual(['ok', 'x']);
    expect(t.rowCount).toBe(3);
  });

  it('slices rows without copying and takes rows by index', () => {
    const t = sample();
    const s = sliceRows(t, 1);
    expect(s.rowCount).toBe(2);
    const x = getColumn(t, 'x');
    const sx = getColumn(s, 'x');
    if (x.kind !== 'float64' || sx.kind !== 'float64') throw new Error('kind');
    expect(sx.values.buffer).toBe(x.values.buffer);
    expect(rowArray(s, 0)).toEqual(rowArray(t, 1));
    const taken = takeRows(t, [2, 0, 0]);
    expect(taken.rowCount).toBe(3);
    expect(rowArray(taken, 0)).toEqual(rowArray(t, 2));
    expect(rowArray(taken, 2)).toEqual(rowArray(t, 0));
    expect(() => takeRows(t, [3])).toThrow(/outside/);
  });

  it('rejects mismatched lengths and duplicate names', () => {
    expect(() => createTable(['a', 'b'], [float64Column([1]), float64Column([1, 2])])).toThrow(/has 2 rows/);
    expect(() => createTable(['a', 'a'], [float64Column([1]), float64Column([2])])).toThrow(/appears twice/);
    expect(() => createTable(['a'], [])).toThrow(/one name per column/);
  });

  it('refuses to mix value types in one column, naming the row and field', () => {
    try {
      tableFromRows([{ a: 1 }, { a: 'two' }]);
      expect.unreachable();
    } catch (error) {
      const e = error as FlywheelError;
      expect(e.code).toBe('DATA_INVALID');
      expect(e.where).toEqual({ row: 1, field: 'a' });
    }
  });

  it('builds from array rows with names', () => {
    const t = tableFromRows(
      [
        [1, 'x'],
        [2, 'y'],
      ],
      { names: ['n', 's'] },
    );
    expect(rowObject(t, 1)).toEqual({ n: 2, s: 'y' });
  });

  it('concatenates tables and merges their dictionaries', () => {
    const a = createTable(['s', 'n'], [dictionaryColumn(['z', 'a']), float64Column([1, null])]);
    const b = createTable(['s', 'n'], [dictionaryColumn(['m', null, 'z']), float64Column([3, 4, 5])]);
    const c = concatTables([a, b]);
    expect(c.rowCount).toBe(5);
    const s = getColumn(c, 's');
    if (s.kind !== 'dictionary') throw new Error('kind');
    expect(s.dictionary).toEqual(['a', 'm', 'z']);
    expect([0, 1, 2, 3, 4].map((i) => cellValue(s, i))).toEqual(['z', 'a', 'm', null, 'z']);
    expect([0, 1, 2, 3, 4].map((i) => cellValue(getColumn(c, 'n'), i))).toEqual([1, null, 3, 4, 5]);
    expect(() => concatTables([a, createTable(['s'], [dictionaryColumn(['q'])])])).toThrow(/same columns/);
  });

  it('gives numeric views of numeric, timestamp and bool columns', () => {
    expect(Array.from(numericValues(boolColumn([true, null, false])))).toEqual([1, Number.NaN, 0]);
    expect(Array.from(numericValues(timestampColumn([new Date(5)])))).toEqual([5]);
    expect(() => numericValues(dictionaryColumn(['a']))).toThrow(/dictionary/);
  });
});
