/**
 * The inference routes in one encapsulated scope with their own `{"error": …}` error handler:
 * OIP v2, predict, invocations, feedback, admin, metrics and OpenAPI. The server calls
 * `registerInference` when it is started with a serving service; closing the server drains
 * requests, then closes the service (which flushes the prediction log).
 */
import type { FastifyInstance } from 'fastify';
import type { Logger } from '../../core/index.js';
import type { ServingService } from '../../serving/index.js';
import type { ClusterPeer } from '../cluster.js';
import { registerAdminRoutes } from './inference-admin.js';
import { inferenceErrorHandler } from './inference-errors.js';
import { registerOipRoutes } from './inference-oip.js';
import { registerOpsRoutes } from './inference-ops.js';
import { registerPredictRoutes } from './inference-predict.js';

export { inferenceOpenApi } from './inference-ops.js';

/** Register the inference routes on `app`. */
export function registerInference(
  app: FastifyInstance,
  serving: ServingService,
  guard: (auth: string | undefined) => void,
  options: { version: string; logger: Logger; peer?: ClusterPeer },
): void {
  app.register(async (scope) => {
    scope.setErrorHandler(
      inferenceErrorHandler((status, message) => options.logger.error(`HTTP ${status}: ${message}`)),
    );
    registerOipRoutes(scope, serving, options.version);
    registerPredictRoutes(scope, serving, guard);
    registerAdminRoutes(scope, serving, guard, options.peer);
    registerOpsRoutes(scope, serving, options.version, options.peer);
  });
  app.addHook('onClose', async () => serving.close());
}
