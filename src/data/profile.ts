/**
 * Data profiles: per column, the inferred type, counts, distinct values, min/max/mean/std,
 * quantiles, a histogram with stored edges and the most frequent values; pure TypeScript over the
 * table's typed arrays, one column or one chunk at a time.
 *
 * Type inference rules (documented here once; `profile-numeric.ts` and `profile-categorical.ts` implement them):
 * - bool columns → `boolean`; timestamp columns → `timestamp`;
 * - float64 columns → `integer` when every finite value is a whole number, else `numeric`
 *   (numbers are never inferred categorical or boolean: a 0/1 target stays `integer`);
 * - dictionary (string) columns → `boolean` when all values belong to one yes/no pair
 *   (true/false, yes/no, y/n, t/f, any case); `categorical` when distinct ≤ `maxCategories`
 *   (default 1,000) and distinct ≤ `maxCategoryRatio` (default 0.5) × non-null count, or at most 2;
 *   `text` otherwise.
 *
 * Definitions, so profiles can be checked against SQL:
 * - statistics cover finite, non-null values; `nulls`, `nan` and `infinite` count the rest;
 * - `std` is the sample standard deviation (DuckDB `stddev_samp`);
 * - quantiles use linear interpolation at q·(n − 1) (DuckDB `quantile_cont`, numpy "linear");
 * - top-k orders by count descending, then value ascending;
 * - histogram bins are [edges[i], edges[i+1]), the last one closed (see `histogram.ts`).
 */
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { FlywheelError } from '../core/errors.js';
import type { ColumnAccumulator, ProfileConfig } from './profile-accumulator.js';
import { BoolAccumulator, DictionaryAccumulator } from './profile-categorical.js';
import { NumericAccumulator } from './profile-numeric.js';
import {
  type ColumnProfile,
  type DatasetProfile,
  datasetProfileSchema,
  type ProfileSettings,
} from './profile-types.js';
import type { ColumnKind, Table } from './table.js';

/** Options for profiling. */
export const profileOptionsSchema = z.strictObject({
  /** Quantiles to report, each in [0, 1]. */
  quantiles: z.array(z.number().min(0).max(1)).optional(),
  /** Histogram bins for numeric columns (default 20). */
  bins: z.number().int().min(1).max(1000).optional(),
  /** Most frequent values to report (default 10). */
  topK: z.number().int().min(0).max(1000).optional(),
  /** Distinct strings counted exactly before switching to a sketch (default 100,000). */
  distinctLimit: z.number().int().min(1).optional(),
  /** Finite values kept per numeric column for exact quantiles; beyond it, a uniform sample. */
  sampleLimit: z.number().int().min(1).optional(),
  /** Most distinct strings a categorical column may have (default 1,000). */
  maxCategories: z.number().int().min(0).optional(),
  /** Most distinct strings per non-null value for a categorical column (default 0.5). */
  maxCategoryRatio: z.number().min(0).max(1).optional(),
  /** Seed of the reservoir sampler, for reproducible sampled profiles (default 42). */
  seed: z.number().int().optional(),
});

/** Options for profiling. */
export type ProfileOptions = z.infer<typeof profileOptionsSchema>;

/** The default quantiles of a profile. */
export const DEFAULT_QUANTILES = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99];

/** The default number of values kept per column by `profileChunks` (a table in memory keeps all). */
export const DEFAULT_STREAM_SAMPLE_LIMIT = 1_000_000;

/** Profile a table in memory (exact: every value is kept for quantiles unless `sampleLimit` says otherwise). */
export function profileTable(table: Table, options: ProfileOptions = {}): DatasetProfile {
  const config = resolveConfig(options, Number.POSITIVE_INFINITY);
  const columns = table.columns.map((column, j) => {
    const accumulator = createAccumulator(column.kind, config);
    accumulator.add(column);
    return accumulator.finish(table.names[j]!);
  });
  return { version: 1, rowCount: table.rowCount, columns, settings: settingsOf(config) };
}

/** Profile a stream of tables with the same columns (e.g. `readChunks`), in bounded memory. */
export async function profileChunks(
  chunks: AsyncIterable<Table>,
  options: ProfileOptions = {},
): Promise<DatasetProfile> {
  const config = resolveConfig(options, DEFAULT_STREAM_SAMPLE_LIMIT);
  let names: readonly string[] | undefined;
  let accumulators: ColumnAccumulator[] = [];
  let rowCount = 0;
  for await (const chunk of chunks) {
    if (names === undefined) {
      names = chunk.names;
      accumulators = chunk.columns.map((column) => createAccumulator(column.kind, config));
    } else checkSameColumns(names, chunk);
    chunk.columns.forEach((column, j) => {
      accumulators[j]!.add(column);
    });
    rowCount += chunk.rowCount;
  }
  const columns = await finishAll(accumulators, names ?? []);
  return { version: 1, rowCount, columns, settings: settingsOf(config) };
}

/**
 * Finish every column, as many at a time as there are cores: while one column's values are sorted
 * on a libuv thread (`prepare`), the JS thread finishes another.
 */
async function finishAll(
  accumulators: ColumnAccumulator[],
  names: readonly string[],
): Promise<ColumnProfile[]> {
  const columns: ColumnProfile[] = new Array(accumulators.length);
  let next = 0;
  const lane = async () => {
    while (next < accumulators.length) {
      const j = next++;
      await accumulators[j]!.prepare?.();
      columns[j] = accumulators[j]!.finish(names[j]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(availableParallelism(), accumulators.length) }, lane));
  return columns;
}

/** Parse a stored profile (JSON text or a parsed value); a bad one is a DATA_INVALID error. */
export function parseProfile(input: unknown): DatasetProfile {
  let value = input;
  try {
    if (typeof input === 'string') value = JSON.parse(input);
  } catch (cause) {
    throw new FlywheelError('DATA_INVALID', 'The profile is not valid JSON', { cause });
  }
  const parsed = datasetProfileSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new FlywheelError(
      'DATA_INVALID',
      `The profile is not valid: ${issue?.message ?? 'unknown problem'}`,
      {
        where: { path: issue?.path.join('.') ?? '' },
        hint: 'Profiles are written by Flywheel; recompute it with `flywheel data profile`.',
      },
    );
  }
  return parsed.data;
}

function resolveConfig(options: ProfileOptions, defaultSampleLimit: number): ProfileConfig {
  const parsed = profileOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new FlywheelError(
      'INVALID_ARGUMENT',
      `Invalid profile option ${issue?.path.join('.')}: ${issue?.message}`,
    );
  }
  const o = parsed.data;
  return {
    quantiles: o.quantiles ?? DEFAULT_QUANTILES,
    bins: o.bins ?? 20,
    topK: o.topK ?? 10,
    distinctLimit: o.distinctLimit ?? 100_000,
    sampleLimit: o.sampleLimit ?? defaultSampleLimit,
    maxCategories: o.maxCategories ?? 1000,
    maxCategoryRatio: o.maxCategoryRatio ?? 0.5,
    seed: o.seed ?? 42,
  };
}

function settingsOf(config: ProfileConfig): ProfileSettings {
  return {
    quantiles: config.quantiles,
    bins: config.bins,
    topK: config.topK,
    distinctLimit: config.distinctLimit,
    sampleLimit: Number.isFinite(config.sampleLimit) ? config.sampleLimit : null,
    maxCategories: config.maxCategories,
    maxCategoryRatio: config.maxCategoryRatio,
  };
}

function checkSameColumns(names: readonly string[], chunk: Table): void {
  if (chunk.names.length !== names.length || chunk.names.some((n, j) => n !== names[j])) {
    throw new FlywheelError(
      'SCHEMA_MISMATCH',
      'Every chunk of a profiled stream must have the same columns',
      {
        details: { expected: names, got: chunk.names },
      },
    );
  }
}

function createAccumulator(kind: ColumnKind, config: ProfileConfig): ColumnAccumulator {
  if (kind === 'bool') return new BoolAccumulator();
  if (kind === 'dictionary') return new DictionaryAccumulator(config);
  return new NumericAccumulator(kind, config);
}
