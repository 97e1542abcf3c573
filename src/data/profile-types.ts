/**
 * The JSON shape of a data profile, stored with each dataset version, and its zod schema for
 * reading a stored profile back (a profile file is input like any other).
 */
import { z } from 'zod';
import type { Histogram } from './histogram.js';
import type { ColumnKind } from './table.js';

/** The kind of data a column holds, inferred from its values (rules in `profile.ts`). */
export type InferredType = 'numeric' | 'integer' | 'categorical' | 'boolean' | 'text' | 'timestamp';

/** One of the most frequent values and how often it occurs. */
export interface TopValue {
  /** Strings for dictionary columns, numbers for numeric and timestamp (epoch ms) columns, booleans for bools. */
  value: string | number | boolean;
  count: number;
}

/** The profile of one column. */
export interface ColumnProfile {
  name: string;
  /** How the table stores the column. */
  kind: ColumnKind;
  /** What the values look like. */
  type: InferredType;
  /** Rows, nulls included. */
  count: number;
  nulls: number;
  /** NaN values that are not nulls (float columns only). */
  nan: number;
  /** Infinite values (float columns only); excluded from the statistics below. */
  infinite: number;
  /** Distinct non-null values (exact when `distinctExact`, else a HyperLogLog estimate). */
  distinct: number;
  distinctExact: boolean;
  /** Over finite values: numbers, timestamps as epoch ms, bools as 0/1; null for strings or no values. */
  min: number | null;
  max: number | null;
  mean: number | null;
  /** Sample standard deviation (n - 1), like SQL `stddev_samp`; null below two values. */
  std: number | null;
  /** `quantile_cont`-style quantiles (linear interpolation between order statistics). */
  quantiles: { q: number; value: number }[];
  histogram: Histogram | null;
  /** The most frequent values, by count descending then value ascending. */
  topK: TopValue[];
  topKExact: boolean;
  /** True when quantiles, histogram and top-k come from a uniform sample of the values. */
  sampled: boolean;
  /** String lengths in characters (code points), for dictionary columns. */
  length: { min: number; max: number; mean: number } | null;
}

/** The settings a profile was computed with. */
export interface ProfileSettings {
  quantiles: number[];
  bins: number;
  topK: number;
  distinctLimit: number;
  /** Values kept per column for quantiles; null for all. */
  sampleLimit: number | null;
  maxCategories: number;
  maxCategoryRatio: number;
}

/** The profile of a table. */
export interface DatasetProfile {
  version: 1;
  rowCount: number;
  columns: ColumnProfile[];
  settings: ProfileSettings;
}

const histogramSchema = z.strictObject({ edges: z.array(z.number()), counts: z.array(z.number()) });

const columnProfileSchema = z.strictObject({
  name: z.string(),
  kind: z.enum(['float64', 'timestamp', 'bool', 'dictionary']),
  type: z.enum(['numeric', 'integer', 'categorical', 'boolean', 'text', 'timestamp']),
  count: z.number().int().nonnegative(),
  nulls: z.number().int().nonnegative(),
  nan: z.number().int().nonnegative(),
  infinite: z.number().int().nonnegative(),
  distinct: z.number().int().nonnegative(),
  distinctExact: z.boolean(),
  min: z.number().nullable(),
  max: z.number().nullable(),
  mean: z.number().nullable(),
  std: z.number().nullable(),
  quantiles: z.array(z.strictObject({ q: z.number(), value: z.number() })),
  histogram: histogramSchema.nullable(),
  topK: z.array(z.strictObject({ value: z.union([z.string(), z.number(), z.boolean()]), count: z.number() })),
  topKExact: z.boolean(),
  sampled: z.boolean(),
  length: z.strictObject({ min: z.number(), max: z.number(), mean: z.number() }).nullable(),
});

/** The zod schema of a stored profile. */
export const datasetProfileSchema = z.strictObject({
  version: z.literal(1),
  rowCount: z.number().int().nonnegative(),
  columns: z.array(columnProfileSchema),
  settings: z.strictObject({
    quantiles: z.array(z.number()),
    bins: z.number().int().positive(),
    topK: z.number().int().nonnegative(),
    distinctLimit: z.number().int().positive(),
    sampleLimit: z.number().int().positive().nullable(),
    maxCategories: z.number().int().nonnegative(),
    maxCategoryRatio: z.number().nonnegative(),
  }),
});
