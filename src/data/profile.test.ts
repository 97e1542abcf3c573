import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DuckDBConnection } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { defaultDataEngine } from './engine.js';
import { quoteIdentifier, quoteLiteral } from './filter.js';
import { DEFAULT_QUANTILES, profileTable } from './profile.js';
import { profileFile } from './profile-file.js';
import type { ColumnProfile } from './profile-types.js';
import { readTable } from './read.js';

// The acceptance check: every profile number equals DuckDB SQL over the same file to 1e-9 relative.
const SHARED = fileURLToPath(new URL('../../test/fixtures/data/', import.meta.url));
const DATASETS = ['iris.csv', 'wine.csv', 'breast_cancer.csv', 'digits.csv', 'diabetes.csv'];
const TOLERANCE = 1e-9;

function expectClose(actual: number | null, expected: number | null, what: string): void {
  if (actual === null || expected === null) {
    expect(actual, what).toBe(expected);
    return;
  }
  const scale = Math.max(Math.abs(actual), Math.abs(expected));
  const error = Math.abs(actual - expected);
  if (!(error === 0 || error <= TOLERANCE * scale)) {
    throw new Error(`${what}: ${actual} vs DuckDB ${expected} (relative error ${error / scale})`);
  }
}

const num = (value: unknown): number | null => (value === null ? null : Number(value));

async function checkAggregates(c: DuckDBConnection, source: string, columns: ColumnProfile[]): Promise<void> {
  const qs = `[${DEFAULT_QUANTILES.join(', ')}]`;
  const select = columns.flatMap((col) => {
    const x = `CAST(${quoteIdentifier(col.name)} AS DOUBLE)`;
    return [
      'count(*)',
      `count(*) - count(${x})`,
      `min(${x})`,
      `max(${x})`,
      `avg(${x})`,
      `stddev_samp(${x})`,
      `quantile_cont(${x}, ${qs})`,
      `count(DISTINCT ${x})`,
    ];
  });
  const row = (await c.runAndReadAll(`SELECT ${select.join(', ')} FROM ${source}`)).getRowsJS()[0]!;
  columns.forEach((col, j) => {
    const [count, nulls, min, max, mean, std, quantiles, distinct] = row.slice(j * 8, j * 8 + 8);
    const at = (stat: string) => `${col.name} ${stat}`;
    expect(col.count, at('count')).toBe(Number(count));
    expect(col.nulls, at('nulls')).toBe(Number(nulls));
    expect(col.distinct, at('distinct')).toBe(Number(distinct));
    expect(col.distinctExact).toBe(true);
    expectClose(col.min, num(min), at('min'));
    expectClose(col.max, num(max), at('max'));
    expectClose(col.mean, num(mean), at('mean'));
    expectClose(col.std, num(std), at('std'));
    const sqlQuantiles = quantiles as number[];
    col.quantiles.forEach(({ q, value }, k) => {
      expectClose(value, sqlQuantiles[k]!, at(`quantile ${q}`));
    });
  });
}

async function checkTopK(c: DuckDBConnection, source: string, col: ColumnProfile): Promise<void> {
  const x = `CAST(${quoteIdentifier(col.name)} AS DOUBLE)`;
  const sql = `SELECT ${x} AS v, count(*) AS n FROM ${source} WHERE ${x} IS NOT NULL GROUP BY v ORDER BY n DESC, v ASC LIMIT 10`;
  const top = (await c.runAndReadAll(sql))
    .getRowsJS()
    .map(([value, count]) => ({ value, count: Number(count) }));
  expect(col.topK, `${col.name} top-k`).toEqual(top);
}

async function checkHistogram(c: DuckDBConnection, source: string, col: ColumnProfile): Promise<void> {
  const { edges, counts } = col.histogram!;
  const x = `CAST(${quoteIdentifier(col.name)} AS DOUBLE)`;
  const bins = counts.map((_, i) => {
    const upper = i === counts.length - 1 ? `${x} <= ${edges[i + 1]}` : `${x} < ${edges[i + 1]}`;
    return `count(*) FILTER (WHERE ${x} >= ${edges[i]} AND ${upper})`;
  });
  const row = (await c.runAndReadAll(`SELECT ${bins.join(', ')} FROM ${source}`)).getRowsJS()[0]!;
  expect(counts, `${col.name} histogram`).toEqual(row.map(Number));
  expect(counts.reduce((a, b) => a + b, 0)).toBe(col.count - col.nulls - col.nan - col.infinite);
}

describe.each(DATASETS)('the profile of %s', (name) => {
  it('equals DuckDB SQL over the same file to 1e-9 relative', async () => {
    const path = join(SHARED, name);
    const profile = profileTable(await readTable(path));
    const engine = await defaultDataEngine();
    await engine.withConnection(async (c) => {
      // DuckDB reads the file itself (not through Flywheel's reader), once, into a temporary table.
      const source = 'reference';
      await c.run(`CREATE TEMP TABLE ${source} AS SELECT * FROM read_csv(${quoteLiteral(path)})`);
      const rowCount = (await c.runAndReadAll(`SELECT count(*) FROM ${source}`)).getRowsJS()[0]![0];
      expect(profile.rowCount).toBe(Number(rowCount));
      await checkAggregates(c, source, profile.columns);
      for (const col of profile.columns) {
        await checkTopK(c, source, col);
        await checkHistogram(c, source, col);
      }
    });
    // The shared files are all numbers; the target column is whole numbers.
    expect(profile.columns.at(-1)).toMatchObject({ name: 'target', type: 'integer' });
    expect(JSON.parse(JSON.stringify(profile))).toEqual(profile);
  });
});

describe('profileFile', () => {
  it('streams a file to the same profile as the table in memory', async () => {
    const path = join(SHARED, 'breast_cancer.csv');
    const streamed = await profileFile(path, { read: { chunkRows: 100 } });
    const whole = profileTable(await readTable(path));
    expect(streamed.columns.map((c) => ({ ...c, mean: 0, std: 0 }))).toEqual(
      whole.columns.map((c) => ({ ...c, mean: 0, std: 0 })),
    );
    streamed.columns.forEach((c, j) => {
      expectClose(c.mean, whole.columns[j]!.mean, `${c.name} mean`);
      expectClose(c.std, whole.columns[j]!.std, `${c.name} std`);
    });
  });
});
