/**
 * Drift settings: which test or distance each column gets and with what threshold, parsed with
 * zod where they enter (CLI flags, a YAML/JSON settings file, HTTP bodies).
 *
 * Resolution for one column, first match wins: its own entry in `perColumn`; the setting for its
 * kind (`numeric` or `categorical`); the global `method`/`threshold`; the automatic choice. A
 * threshold not set anywhere is the method's default (0.05 for p-values, 0.1 for distances).
 */
import { z } from 'zod';
import { FlywheelError } from '../../core/index.js';
import type { Correction } from '../stats/index.js';

/** Every drift test and distance. */
export const DRIFT_METHODS = [
  'ks',
  'chisquare',
  'ztest',
  'wasserstein',
  'psi',
  'kl',
  'jensenshannon',
  'hellinger',
  'linf',
] as const;

/** A drift test (p-value) or distance. */
export type DriftMethod = (typeof DRIFT_METHODS)[number];

/** Whether a column is compared as numbers or as categories. */
export type DriftKind = 'numeric' | 'categorical';

/** What a method reports and where it applies. */
export interface MethodInfo {
  /** A p-value (drift when below the threshold) or a distance (drift when at or above it). */
  readonly score: 'p-value' | 'distance';
  readonly kinds: readonly DriftKind[];
  readonly threshold: number;
  readonly title: string;
}

/** The catalogue of methods. */
export const METHODS: Record<DriftMethod, MethodInfo> = {
  ks: { score: 'p-value', kinds: ['numeric'], threshold: 0.05, title: 'two-sample Kolmogorov–Smirnov' },
  chisquare: { score: 'p-value', kinds: ['categorical'], threshold: 0.05, title: 'chi-square (homogeneity)' },
  ztest: { score: 'p-value', kinds: ['categorical'], threshold: 0.05, title: 'two-proportion z-test' },
  wasserstein: {
    score: 'distance',
    kinds: ['numeric'],
    threshold: 0.1,
    title: 'Wasserstein / reference std',
  },
  psi: {
    score: 'distance',
    kinds: ['numeric', 'categorical'],
    threshold: 0.1,
    title: 'population stability index',
  },
  kl: {
    score: 'distance',
    kinds: ['numeric', 'categorical'],
    threshold: 0.1,
    title: 'Kullback–Leibler (nats)',
  },
  jensenshannon: {
    score: 'distance',
    kinds: ['numeric', 'categorical'],
    threshold: 0.1,
    title: 'Jensen–Shannon distance (nats)',
  },
  hellinger: {
    score: 'distance',
    kinds: ['numeric', 'categorical'],
    threshold: 0.1,
    title: 'Hellinger distance',
  },
  linf: { score: 'distance', kinds: ['categorical'], threshold: 0.1, title: 'L-infinity distance' },
};

const methodSchema = z.enum(DRIFT_METHODS);
const choiceSchema = z.union([methodSchema, z.literal('auto')]);
const settingSchema = z.strictObject({
  method: choiceSchema.optional(),
  threshold: z.number().positive().optional(),
});

/** A method and threshold for one column or one kind of column. */
export type MethodSetting = z.infer<typeof settingSchema>;

/** Drift settings as users write them. */
export const driftOptionsSchema = z.strictObject({
  /** Columns to compare (default: every column both sides have). */
  columns: z.array(z.string().min(1)).optional(),
  method: choiceSchema.default('auto'),
  threshold: z.number().positive().optional(),
  numeric: settingSchema.optional(),
  categorical: settingSchema.optional(),
  perColumn: z.record(z.string(), settingSchema).optional(),
  correction: z.enum(['none', 'bonferroni', 'fdr']).default('none'),
  /** Dataset drift when at least this share of the feature columns drift. */
  datasetThreshold: z.number().min(0).max(1).default(0.5),
  /** Reference-quantile bins for the binned distances of numeric columns. */
  bins: z.number().int().min(2).max(1000).default(10),
  /** The automatic choice uses p-value tests up to this many reference values, distances beyond. */
  smallSample: z.number().int().positive().default(1000),
  /** Numeric columns with at most this many distinct reference values are compared as categories. */
  maxCategoricalValues: z.number().int().min(0).default(5),
  /** The label column (label drift) and the model-output column (prediction drift). */
  target: z.string().min(1).optional(),
  prediction: z.string().min(1).optional(),
  /** Also run the multivariate detector (PCA reconstruction error) on the numeric features. */
  multivariate: z.boolean().default(false),
  /** Keep reference and current histograms in the report (for charts). */
  histograms: z.boolean().default(false),
});

/** Drift settings after defaults. */
export type DriftOptions = z.infer<typeof driftOptionsSchema>;

/** Drift settings as callers may pass them (everything optional). */
export type DriftOptionsInput = z.input<typeof driftOptionsSchema>;

/** Parse drift settings; a FlywheelError names the bad field. */
export function parseDriftOptions(input: unknown, where = 'drift settings'): DriftOptions {
  const parsed = driftOptionsSchema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = issue.path.join('.');
  throw new FlywheelError(
    'INVALID_ARGUMENT',
    `Invalid ${where}${path ? ` at ${path}` : ''}: ${issue.message}`,
    {
      where: { path: path || undefined },
      hint: `Methods: ${DRIFT_METHODS.join(', ')} or auto; thresholds are positive numbers; correction is none, bonferroni or fdr.`,
    },
  );
}

/** The method, its threshold and where the choice came from, for one column. */
export interface ResolvedMethod {
  method: DriftMethod;
  threshold: number;
  source: 'column' | 'kind' | 'global' | 'auto';
}

/** Facts about a column that the automatic choice needs. */
export interface ColumnFacts {
  kind: DriftKind;
  /** Non-missing reference values. */
  referenceCount: number;
  /** Distinct categories over both samples (categorical columns). */
  categories: number;
}

/** Choose the method and threshold for a column (see the module comment for the order). */
export function resolveMethod(options: DriftOptions, column: string, facts: ColumnFacts): ResolvedMethod {
  const own = options.perColumn?.[column];
  const byKind = options[facts.kind];
  const layers: Array<[MethodSetting | undefined, ResolvedMethod['source']]> = [
    [own, 'column'],
    [byKind, 'kind'],
    [{ method: options.method, threshold: options.threshold }, 'global'],
  ];
  const chosen = layers.find(([s]) => s?.method !== undefined && s.method !== 'auto');
  const method = chosen ? (chosen[0]!.method as DriftMethod) : autoMethod(options, facts);
  const threshold =
    layers.find(([s]) => s?.threshold !== undefined)?.[0]?.threshold ?? METHODS[method].threshold;
  checkApplies(method, column, facts);
  return { method, threshold, source: chosen ? chosen[1] : 'auto' };
}

/**
 * The automatic choice (Evidently's rules): up to `smallSample` reference values, numeric columns
 * get the KS test and categorical ones the z-test (two categories) or chi-square; beyond it,
 * numeric columns get the normalised Wasserstein distance and categorical ones Jensen–Shannon.
 */
export function autoMethod(options: Pick<DriftOptions, 'smallSample'>, facts: ColumnFacts): DriftMethod {
  const small = facts.referenceCount <= options.smallSample;
  if (facts.kind === 'numeric') return small ? 'ks' : 'wasserstein';
  if (!small) return 'jensenshannon';
  return facts.categories <= 2 ? 'ztest' : 'chisquare';
}

function checkApplies(method: DriftMethod, column: string, facts: ColumnFacts): void {
  const info = METHODS[method];
  if (!info.kinds.includes(facts.kind)) {
    throw new FlywheelError(
      'INVALID_ARGUMENT',
      `Method ${method} does not apply to ${facts.kind} column "${column}"`,
      {
        where: { field: column },
        hint: `${method} applies to ${info.kinds.join(' and ')} columns; set a method per kind (numeric/categorical) or per column instead.`,
      },
    );
  }
  if (method === 'ztest' && facts.categories > 2) {
    throw new FlywheelError(
      'INVALID_ARGUMENT',
      `The z-test needs two categories; column "${column}" has ${facts.categories}`,
      {
        where: { field: column },
        hint: 'Use chisquare (any number of categories) for this column.',
      },
    );
  }
}

/** The corrections available, for help texts. */
export const CORRECTIONS: readonly Correction[] = ['none', 'bonferroni', 'fdr'];
