/**
 * The predict pipeline (pipeline.ts): route, decode (decode.ts: the byte decoder row-decoder.ts,
 * or JSON.parse's rows checked by request-check.ts), score (each version's batcher.ts), format
 * (outputs.ts), log. Its stages read the endpoint, routing, metrics and answered ids of the
 * folder above.
 */
export { Batcher, type BatchObserver, type BatchOptions, DEFAULT_BATCH } from './batcher.js';
export { invalidRequest } from './decode.js';
export { explainRows, formatOutputs } from './outputs.js';
export {
  type Answer,
  type AnswerReply,
  Pipeline,
  type PredictRequest,
  type PredictResult,
} from './pipeline.js';
export { checkRows, describeValue, MAX_PROBLEMS, type RequestProblem } from './request-check.js';
