/**
 * The decision rule of a classifier's answer, shared by every path that answers with a label:
 * serving's general path (outputs.ts) and batch scoring (src/batch/score-chunk.ts). It imports
 * nothing, so a batch scoring thread can load it without the rest of serving.
 */

/** What a confidence policy does below its threshold (the evaluation module's policy, structurally). */
export interface DecisionPolicy {
  below: number;
  action: string;
}

/** The action of a confident prediction (no policy, or at or above its threshold). */
export const ACCEPT_ACTION = 'accept';

/** The class a binary score decides: 1 (the positive class) at or above `threshold`, else 0. */
export function binaryClass(p: number, threshold: number): 0 | 1 {
  return p >= threshold ? 1 : 0;
}

/** The policy's action for a prediction whose most probable class has probability `top`. */
export function confidenceAction(policy: DecisionPolicy | undefined, top: number): string {
  return policy !== undefined && top < policy.below ? policy.action : ACCEPT_ACTION;
}
