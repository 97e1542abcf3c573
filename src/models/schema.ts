/**
 * What a model takes and gives: its input schema (feature names, types, categories seen in
 * training) and output schema (task, target, class labels). Parsed with zod when a model is loaded.
 */
import { z } from 'zod';

/** The learning task. */
export type Task = 'binary' | 'multiclass' | 'regression';

/** A class label as it appeared in the target column. */
export type ClassLabel = string | number | boolean;

/** One input feature. */
export interface FeatureSpec {
  name: string;
  type: 'numeric' | 'categorical';
  /** Categories seen in training (categorical features), in code order. */
  categories?: string[];
  /**
   * The feature may be absent from an input (no key, no column) and is then scored as a missing
   * value; without it an absent feature is refused (feature-names.ts). Set by training's
   * `optional_features`.
   */
  optional?: boolean;
}

/** What the model predicts. */
export interface OutputSpec {
  task: Task;
  /** The target column it was trained on. */
  target: string;
  /** Class labels in output order (classification); for binary, `classes[1]` is the positive class. */
  classes: ClassLabel[] | null;
}

/** A model's input and output schema. */
export interface ModelSchema {
  features: FeatureSpec[];
  output: OutputSpec;
}

/** zod schema of a FeatureSpec. */
export const featureSpecSchema = z.object({
  name: z.string().min(1),
  type: z.enum(['numeric', 'categorical']),
  categories: z.array(z.string()).optional(),
  optional: z.boolean().optional(),
});

/** zod schema of a ModelSchema. */
export const modelSchemaSchema = z.object({
  features: z.array(featureSpecSchema),
  output: z.object({
    task: z.enum(['binary', 'multiclass', 'regression']),
    target: z.string(),
    classes: z.array(z.union([z.string(), z.number(), z.boolean()])).nullable(),
  }),
});
