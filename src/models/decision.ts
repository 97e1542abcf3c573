/**
 * A classifier's decision outputs, which travel with the model: the operating threshold and the
 * confidence policy `flywheel eval` stores on a version (tags `flywheel.threshold`,
 * `flywheel.policy`), and the one rule that turns scores into a label and an action. Serving,
 * batch scoring, monitoring and evaluation all decide through this module.
 */
import { z } from 'zod';
import { TAGS } from '../core/tags.js';
import { type Model, predictedClasses } from './model.js';
import type { ClassLabel } from './schema.js';

/** The model-version tag holding the binary decision threshold. */
export const THRESHOLD_TAG = TAGS.threshold;
/** The model-version tag holding the confidence policy (JSON). */
export const POLICY_TAG = TAGS.policy;

/** What happens to a prediction below the policy's threshold. */
export const CONFIDENCE_ACTIONS = ['human', 'discard', 'ask_more'] as const;

/** A policy: predictions with confidence below `below` get `action`. */
export const confidencePolicySchema = z.strictObject({
  below: z.number().min(0).max(1),
  action: z.enum(CONFIDENCE_ACTIONS),
});
/** A confidence policy. */
export type ConfidencePolicy = z.infer<typeof confidencePolicySchema>;

/** The action of a confident prediction (no policy, or at or above its threshold). */
export const ACCEPT_ACTION = 'accept';

/** The operating threshold and confidence policy a classifier answers with. */
export interface Decision {
  /** A binary model's operating threshold (`flywheel.threshold` on its version, else 0.5). */
  threshold: number;
  /** The confidence policy (`flywheel.policy`), if one is stored. */
  policy: ConfidencePolicy | undefined;
}

/** The class a binary score decides: 1 (the positive class) at or above `threshold`, else 0. */
export function binaryClass(p: number, threshold: number): 0 | 1 {
  return p >= threshold ? 1 : 0;
}

/** The policy's action for a prediction whose most probable class has probability `top`. */
export function confidenceAction(policy: ConfidencePolicy | undefined, top: number): string {
  return policy !== undefined && top < policy.below ? policy.action : ACCEPT_ACTION;
}

/** The threshold stored with the model version, if it is one in [0, 1]. */
export function storedThreshold(model: Model): number | undefined {
  const raw = model.info[THRESHOLD_TAG];
  const t = typeof raw === 'string' || typeof raw === 'number' ? Number(raw) : Number.NaN;
  return Number.isFinite(t) && t >= 0 && t <= 1 ? t : undefined;
}

/** The binary decision threshold stored with the model version (0.5 when none was chosen). */
export function decisionThreshold(model: Model): number {
  return storedThreshold(model) ?? 0.5;
}

/** The confidence policy stored with the model version, if `flywheel eval --policy` set one. */
export function storedPolicy(model: Model): ConfidencePolicy | undefined {
  const raw = model.info[POLICY_TAG];
  if (typeof raw !== 'string') return undefined;
  try {
    const parsed = confidencePolicySchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The stored threshold and policy of a model, read once. */
export function modelDecision(model: Model): Decision {
  return { threshold: decisionThreshold(model), policy: storedPolicy(model) };
}

/** Each row's decided answer: a regression's value, else the class label (binary at the stored threshold). */
export function decidedLabels(model: Model, values: Float64Array, rows: number): Array<ClassLabel | number> {
  const { task, classes } = model.schema.output;
  if (task === 'regression') return Array.from(values.subarray(0, rows));
  const width = model.outputWidth;
  const best = predictedClasses({ task, classes, rowCount: rows, width, values }, decisionThreshold(model));
  return Array.from(best, (k) => classes?.[k] ?? k);
}
