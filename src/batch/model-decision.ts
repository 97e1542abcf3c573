/** The decision a job's classifier answers with: serving's stored threshold and policy, read once. */
import type { Model } from '../models/index.js';
import { decisionThreshold, storedPolicy } from '../serving/index.js';
import type { Decision } from './score-chunk.js';

/** The operating threshold and confidence policy stored with the model's version, as serving reads them. */
export function modelDecision(model: Model): Decision {
  return { threshold: decisionThreshold(model), policy: storedPolicy(model) };
}
