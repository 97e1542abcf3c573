import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FlywheelError } from '../core/errors.js';
import { initWorkspace, openPlatform, type Platform } from '../platform.js';
import { tempDir } from '../testing/services.js';
import { trainTestRows } from './split.js';
import { cellValue, getColumn, type Table } from './table.js';
import { dictionaryColumn, float64Column } from './table-build.js';
import { writeTable } from './write.js';

/** 1,000 rows: id, a class with shares 60/30/10 %, a customer with 1–9 rows each. */
function sample(): Table {
  const n = 1000;
  const cls = Array.from({ length: n }, (_, i) => (i % 10 < 6 ? 'a' : i % 10 < 9 ? 'b' : 'c'));
  const customer = Array.from({ length: n }, (_, i) => `c${Math.floor(((i * 7) % 997) / 5)}`);
  return {
    names: ['id', 'cls', 'customer'],
    columns: [
      float64Column(Array.from({ length: n }, (_, i) => i)),
      dictionaryColumn(cls),
      dictionaryColumn(customer),
    ],
    rowCount: n,
  };
}

const values = (t: Table, name: string, rows: Int32Array) =>
  Array.from(rows, (r) => cellValue(getColumn(t, name), r));
const count = (xs: unknown[], x: unknown) => xs.filter((v) => v === x).length;

describe('trainTestRows', () => {
  const t = sample();

  it('is deterministic for a seed, differs across seeds, and covers every row once', () => {
    const a = trainTestRows(t, { test: 0.2, seed: 7 });
    expect(trainTestRows(t, { test: 0.2, seed: 7 })).toEqual(a);
    expect(trainTestRows(t, { test: 0.2, seed: 8 }).test).not.toEqual(a.test);
    expect(a.test.length).toBe(200);
    expect([...a.train, ...a.test].sort((x, y) => x - y)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('--stratify keeps each class share within one row on both sides', () => {
    for (const seed of [1, 2, 3]) {
      const { train, test } = trainTestRows(t, { test: 0.25, stratify: 'cls', seed });
      const all = values(
        t,
        'cls',
        Int32Array.from({ length: 1000 }, (_, i) => i),
      );
      for (const c of ['a', 'b', 'c']) {
        const expected = count(all, c) * 0.25;
        expect(Math.abs(count(values(t, 'cls', test), c) - expected)).toBeLessThanOrEqual(1);
        expect(Math.abs(count(values(t, 'cls', train), c) - (count(all, c) - expected))).toBeLessThanOrEqual(
          1,
        );
      }
    }
  });

  it('--by keeps every group on one side', () => {
    const { train, test } = trainTestRows(t, { test: 0.3, by: 'customer', seed: 5 });
    const trainGroups = new Set(values(t, 'customer', train));
    for (const g of values(t, 'customer', test)) expect(trainGroups.has(g)).toBe(false);
    expect(Math.abs(test.length - 300)).toBeLessThan(20);
  });

  it('rejects a share outside (0, 1) and --stratify with --by', () => {
    for (const test of [0, 1, -0.1, Number.NaN])
      expect(() => trainTestRows(t, { test })).toThrow(FlywheelError);
    expect(() => trainTestRows(t, { test: 0.2, stratify: 'cls', by: 'customer' })).toThrow(/either/);
    expect(() => trainTestRows(t, { test: 0.2, by: 'nope' })).toThrow(FlywheelError);
  });

  it('refuses a split that leaves a part empty', () => {
    const one = {
      ...t,
      columns: t.columns.map((c, i) => (i === 2 ? dictionaryColumn(Array(1000).fill('x')) : c)),
    };
    expect(() => trainTestRows(one, { test: 0.2, by: 'customer' })).toThrow(/test part empty/);
    expect(() => trainTestRows(t, { test: 0.0001 })).toThrow(/test part empty/);
  });
});

describe('splitDataset', () => {
  let dir: ReturnType<typeof tempDir>;
  let p: Platform;
  beforeEach(async () => {
    dir = tempDir();
    await initWorkspace(join(dir.path, 'ws'), { env: {} });
    p = await openPlatform({ cwd: join(dir.path, 'ws'), env: {} });
  });
  afterEach(async () => {
    await p.close();
    dir.cleanup();
  });

  it('records both parts as versions whose source is the split version, the same rows for a seed', async () => {
    const file = join(dir.path, 'orders.parquet');
    await writeTable(sample(), file);
    await p.data.add(file);
    const r = await p.data.split('orders:1', { test: 0.2, stratify: 'cls', seed: 3 });
    expect(r.train.dataset).toMatchObject({
      name: 'orders-train',
      version: 1,
      rowCount: 800,
      source: 'orders:1',
    });
    expect(r.test.dataset).toMatchObject({
      name: 'orders-test',
      version: 1,
      rowCount: 200,
      source: 'orders:1',
    });
    expect(r.test.dataset.message).toContain('stratify cls');
    const again = await p.data.split('orders:1', { test: 0.2, stratify: 'cls', seed: 3 });
    expect(again.test.created).toBe(false);
    expect(again.test.dataset.digest).toBe(r.test.dataset.digest);
    const named = await p.data.split('orders:1', {
      test: 0.5,
      seed: 1,
      trainName: 'fit',
      testName: 'holdout',
    });
    expect([named.train.dataset.name, named.test.dataset.name]).toEqual(['fit', 'holdout']);
  });

  it('refuses a plain path (only a recorded version has lineage)', async () => {
    const file = join(dir.path, 'orders.parquet');
    await writeTable(sample(), file);
    await expect(p.data.split(file, { test: 0.2 })).rejects.toThrow(/not a dataset version/);
  });
});
