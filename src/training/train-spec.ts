/**
 * What to train: the spec `train()` and `flywheel train` take (from flags, a YAML file or an SDK
 * call), parsed with zod where it enters.
 */
import { z } from 'zod';
import type { Table } from '../data/index.js';
import type { Task } from '../models/index.js';
import type { CategoricalEncoding } from './features.js';
import { type LossTermSpec, lossTermSchema } from './loss-spec.js';
import type { FamilyName } from './params.js';

/** A training spec over an in-memory table. */
export interface TrainSpec {
  /** The column to predict. */
  target: string;
  model: FamilyName;
  /** Family hyperparameters (see params.ts; snake_case like the libraries users know). */
  params?: Record<string, unknown>;
  /** binary, multiclass or regression (default: inferred from the target). */
  task?: Task;
  /** Feature columns (default: all other columns). */
  features?: string[];
  exclude?: string[];
  /** Columns to treat as categorical even though they hold numbers. */
  categorical?: string[];
  /**
   * Features a prediction's input may leave out (no key, no column): scored as missing values
   * instead of refused (`optional: true` in the model's schema).
   */
  optionalFeatures?: string[];
  /** How linear models and MLPs encode categories (default onehot; trees split them natively). */
  encoding?: Exclude<CategoricalEncoding, 'native'>;
  /** A combined loss: weighted terms, the label's own first (default: the task's loss alone). */
  loss?: LossTermSpec[];
  /** A numeric column of per-row weights. */
  sampleWeight?: string;
  /** Per-class weights (costs), or `balanced`. */
  classWeight?: Record<string, number> | 'balanced';
  /** Validation rows: a fraction split off at random (seeded), or a table. */
  validation?: number | Table;
  /** Seed of every random choice (default 0). */
  seed?: number;
}

/** The spec as written in YAML or sent over HTTP, with data given by reference. */
export const trainConfigSchema = z
  .object({
    data: z.string().min(1),
    target: z.string().min(1),
    model: z.enum(['linear', 'gbdt', 'mlp']),
    params: z.record(z.string(), z.unknown()).default({}),
    task: z.enum(['binary', 'multiclass', 'regression']).optional(),
    features: z.array(z.string()).optional(),
    exclude: z.array(z.string()).optional(),
    categorical: z.array(z.string()).optional(),
    optional_features: z.array(z.string()).optional(),
    encoding: z.enum(['onehot', 'ordinal', 'target']).optional(),
    loss: z.array(lossTermSchema).optional(),
    sample_weight: z.string().optional(),
    class_weight: z.union([z.literal('balanced'), z.record(z.string(), z.number().min(0))]).optional(),
    /** A fraction (0..1) or a data reference for a separate validation set. */
    validation: z.union([z.number().gt(0).lt(1), z.string().min(1)]).optional(),
    seed: z.number().int().min(0).optional(),
    experiment: z.string().optional(),
    run_name: z.string().optional(),
    register: z.string().optional(),
  })
  .strict();

/** A parsed training config. */
export type TrainConfig = z.infer<typeof trainConfigSchema>;
