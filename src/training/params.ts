/**
 * Hyperparameters of each family, parsed with zod at the edge (flags, YAML, SDK calls). Names follow
 * the libraries users know (XGBoost for trees, scikit-learn for linear models and the MLP), in
 * snake_case so `--param max_depth=6` and YAML read the same.
 */
import { z } from 'zod';
import { FlywheelError } from '../core/index.js';

/** Gradient-boosted trees. */
export const gbdtParamsSchema = z
  .object({
    n_estimators: z.number().int().min(1).default(100),
    learning_rate: z.number().positive().default(0.1),
    max_depth: z.number().int().min(0).default(6),
    max_leaves: z.number().int().min(2).default(31),
    grow_policy: z.enum(['depthwise', 'lossguide']).default('depthwise'),
    reg_lambda: z.number().min(0).default(1),
    gamma: z.number().min(0).default(0),
    min_child_weight: z.number().min(0).default(1),
    subsample: z.number().gt(0).max(1).default(1),
    colsample_bytree: z.number().gt(0).max(1).default(1),
    max_bins: z.number().int().min(2).max(256).default(256),
    bin_sample: z.number().int().min(1000).default(50_000),
    early_stopping_rounds: z.number().int().min(0).default(0),
    max_cat_threshold: z.number().int().min(1).default(32),
    cat_smooth: z.number().min(0).default(10),
    /** The starting prediction (a probability for binary models); default: the training mean. */
    base_score: z.number().optional(),
  })
  .strict();

/** Linear, logistic and softmax regression. */
export const linearParamsSchema = z
  .object({
    penalty: z.enum(['l2', 'l1', 'elasticnet', 'none']).default('l2'),
    /** Regularisation strength: objective = Σ loss + alpha · (½(1−l1_ratio)‖w‖² + l1_ratio‖w‖₁). */
    alpha: z.number().min(0).default(1),
    l1_ratio: z.number().min(0).max(1).default(0.5),
    max_iter: z.number().int().min(1).default(200),
    tol: z.number().positive().default(1e-6),
    history: z.number().int().min(1).max(100).default(10),
    standardize: z.boolean().default(true),
  })
  .strict();

/** Multilayer perceptron. */
export const mlpParamsSchema = z
  .object({
    hidden_layers: z
      .union([
        z
          .number()
          .int()
          .min(1)
          .transform((n) => [n]),
        z.array(z.number().int().min(1)),
      ])
      .default([64]),
    activation: z.enum(['relu', 'tanh']).default('relu'),
    solver: z.enum(['adam', 'sgd']).default('adam'),
    learning_rate: z.number().positive().default(0.001),
    momentum: z.number().min(0).max(1).default(0.9),
    batch_size: z.number().int().min(1).default(200),
    epochs: z.number().int().min(1).default(200),
    /** L2 penalty on the weights (scikit-learn's alpha). */
    alpha: z.number().min(0).default(0.0001),
    dropout: z.number().min(0).lt(1).default(0),
    early_stopping_rounds: z.number().int().min(0).default(10),
    tol: z.number().min(0).default(1e-4),
    standardize_target: z.boolean().default(true),
  })
  .strict();

/** GBDT hyperparameters after defaults. */
export type GbdtParams = z.infer<typeof gbdtParamsSchema>;
/** Linear-model hyperparameters after defaults. */
export type LinearParams = z.infer<typeof linearParamsSchema>;
/** MLP hyperparameters after defaults. */
export type MlpParams = z.infer<typeof mlpParamsSchema>;

/** The model families `train` accepts. */
export type FamilyName = 'linear' | 'gbdt' | 'mlp';

const schemas = { gbdt: gbdtParamsSchema, linear: linearParamsSchema, mlp: mlpParamsSchema } as const;

/** Parse a family's hyperparameters, naming the bad key and the accepted ones on failure. */
export function parseFamilyParams<F extends FamilyName>(
  family: F,
  params: Record<string, unknown>,
): z.infer<(typeof schemas)[F]> {
  const schema = schemas[family];
  const result = schema.safeParse(params);
  if (result.success) return result.data as z.infer<(typeof schemas)[F]>;
  const issue = result.error.issues[0]!;
  const key = issue.path.join('.') || ('keys' in issue ? String((issue.keys as string[])[0]) : '');
  throw new FlywheelError(
    'INVALID_ARGUMENT',
    `Invalid ${family} parameter ${key ? `"${key}"` : ''}: ${issue.message}`,
    {
      where: { field: key },
      hint: `Accepted ${family} parameters: ${Object.keys(schema.shape).join(', ')}.`,
    },
  );
}

/** Parse `key=value` flags: numbers, true/false, comma lists of numbers, or strings. */
export function parseParamFlags(flags: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    if (eq <= 0) {
      throw new FlywheelError('USAGE', `--param "${flag}" is not KEY=VALUE`, {
        hint: 'Write it like --param max_depth=6.',
      });
    }
    out[flag.slice(0, eq).trim()] = parseValue(flag.slice(eq + 1).trim());
  }
  return out;
}

function parseValue(v: string): unknown {
  if (v === 'true' || v === 'false') return v === 'true';
  if (v !== '' && Number.isFinite(Number(v))) return Number(v);
  if (v.includes(',') && v.split(',').every((p) => p.trim() !== '' && Number.isFinite(Number(p)))) {
    return v.split(',').map(Number);
  }
  return v;
}
