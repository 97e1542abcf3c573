/**
 * serving: online inference — endpoints with hot-swapped versions, dynamic batching, routing
 * (A/B, canary, sticky, shadow), request validation and Prometheus metrics; every answer is
 * written to the prediction log (src/prediction-log/, its one owner). The HTTP routes live in
 * server/routes/inference-*.ts; this module has no HTTP in it.
 */
export { AnsweredIds, type AnsweredRequest, DEFAULT_REMEMBERED } from './answered.js';
export { Endpoint, type LoadedVersion, schemaIncompatibility, warmupRow } from './endpoint.js';
export { checkEndpointName, ENDPOINT_NAME, ENDPOINT_NAME_PATTERN } from './endpoint-name.js';
export { ServingMetrics } from './metrics.js';
export {
  type AliasMoveEvent,
  type ModelSource,
  type PlatformSourceDeps,
  platformModelSource,
} from './model-source.js';
export {
  type OpenServingDeps,
  openServing,
  parseServeConfig,
  type ServeConfig,
  serveConfigSchema,
} from './open.js';
export type {
  Answer,
  AnswerReply,
  PredictRequest,
  PredictResult,
} from './pipeline/index.js';
export {
  Batcher,
  type BatchOptions,
  checkRows,
  DEFAULT_BATCH,
  describeValue,
  explainRows,
  formatOutputs,
  invalidRequest,
  MAX_PROBLEMS,
  type RequestProblem,
} from './pipeline/index.js';
export { invocationRows, oipModelMetadata, oipResponse, oipRows, predictRows } from './protocols.js';
export { RateLimiter, type RateLimitOptions } from './rate-limit.js';
export { checkRouting, pickVersion, type RouteArm, type RoutingTable, stickyPoint } from './routing.js';
export { type EndpointSpec, type PredictInput, type ServingOptions, ServingService } from './service.js';
