/**
 * Operations routes of the inference server: Prometheus `/metrics`, and the OpenAPI 3.0 paths of
 * the inference routes (written here, small and static), which the server's one `/openapi.json`
 * (app.ts, api/openapi.ts) includes when models are served.
 */
import type { FastifyInstance } from 'fastify';
import type { ServingService } from '../../serving/index.js';
import type { ClusterPeer } from '../cluster.js';

const json = (schema: Record<string, unknown>) => ({ content: { 'application/json': { schema } } });
const errorRef = { $ref: '#/components/schemas/error' };
const ok = (description: string, schema: Record<string, unknown> = { type: 'object' }) => ({
  '200': { description, ...json(schema) },
  '400': { description: 'invalid request', ...json(errorRef) },
  '404': { description: 'unknown model or version', ...json(errorRef) },
  '429': { description: 'client over its rate limit (Retry-After)', ...json(errorRef) },
  '503': { description: 'overloaded (Retry-After) or shutting down', ...json(errorRef) },
});
const nameParam = { name: 'name', in: 'path', required: true, schema: { type: 'string' } };
const versionParam = { name: 'version', in: 'path', required: true, schema: { type: 'string' } };

/** The OpenAPI document of the inference routes. */
export function inferenceOpenApi(version: string): Record<string, unknown> {
  return {
    openapi: '3.0.3',
    info: { title: 'Flywheel inference server', version },
    paths: {
      '/v2/health/live': { get: { summary: 'Server live', responses: ok('live') } },
      '/v2/health/ready': { get: { summary: 'Server ready', responses: ok('ready') } },
      '/v2': { get: { summary: 'Server metadata (OIP v2)', responses: ok('metadata') } },
      '/v2/models/{name}': {
        get: { summary: 'Model metadata', parameters: [nameParam], responses: ok('metadata') },
      },
      '/v2/models/{name}/ready': {
        get: { summary: 'Model ready', parameters: [nameParam], responses: ok('ready') },
      },
      '/v2/models/{name}/infer': {
        post: {
          summary: 'Inference (OIP v2 tensors)',
          parameters: [nameParam],
          requestBody: json({ type: 'object' }),
          responses: ok('outputs'),
        },
      },
      '/v2/models/{name}/versions/{version}/infer': {
        post: {
          summary: 'Inference on one version',
          parameters: [nameParam, versionParam],
          requestBody: json({ type: 'object' }),
          responses: ok('outputs'),
        },
      },
      '/models/{name}/predict': {
        post: {
          summary: 'Predict rows {"rows": [...]}; ?explain=true adds explanations',
          parameters: [nameParam],
          requestBody: json({
            type: 'object',
            required: ['rows'],
            properties: { rows: { type: 'array', items: { type: 'object' } } },
          }),
          responses: ok('predictions'),
        },
      },
      '/invocations': {
        post: {
          summary: 'MLflow scoring (dataframe_split, dataframe_records, instances, inputs)',
          requestBody: json({ type: 'object' }),
          responses: ok('predictions'),
        },
      },
      '/feedback': {
        post: {
          summary: 'A delayed label for a request id (bearer token)',
          requestBody: json({ type: 'object' }),
          responses: ok('accepted'),
        },
      },
      '/metrics': {
        get: {
          summary: 'Prometheus metrics',
          responses: { '200': { description: 'text exposition format' } },
        },
      },
      '/admin/models': {
        get: { summary: 'Served models (bearer token)', responses: ok('models') },
        post: { summary: 'Load a model {ref, name?} (bearer token)', responses: ok('loaded') },
      },
      '/admin/models/{name}': {
        delete: { summary: 'Unload (bearer token)', parameters: [nameParam], responses: ok('unloaded') },
      },
      '/admin/models/{name}/routing': {
        put: {
          summary: 'Set weights, shadow, sticky header (bearer token)',
          parameters: [nameParam],
          responses: ok('routing'),
        },
      },
      '/admin/models/{name}/rollback': {
        post: {
          summary: 'Restore the previous routing (bearer token)',
          parameters: [nameParam],
          responses: ok('routing'),
        },
      },
      '/admin/models/{name}/aliases': {
        post: {
          summary: 'Move an alias {alias, version} (bearer token)',
          parameters: [nameParam],
          responses: ok('moved'),
        },
      },
    },
    components: {
      schemas: {
        error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: { type: 'string' },
            code: { type: 'string' },
            hint: { type: 'string' },
            problems: { type: 'array', items: { type: 'object' } },
          },
        },
      },
    },
  };
}

/** Register `/metrics`. */
export function registerOpsRoutes(
  app: FastifyInstance,
  serving: ServingService,
  _version: string,
  peer?: ClusterPeer,
): void {
  app.get('/metrics', async (_request, reply) => {
    const local = serving.metrics.render();
    // With several workers (flywheel serve --workers N), the sum over all of them.
    const text = peer ? await peer.metrics(local) : local;
    return reply.type('text/plain; version=0.0.4; charset=utf-8').send(text);
  });
}
