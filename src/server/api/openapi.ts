/**
 * `/openapi.json`: an OpenAPI 3.0 document of every `/api/v1` route, written from the route table
 * and zod schemas of schemas.ts (`z.toJSONSchema`, target openapi-3.0), plus the inference routes
 * when the server serves models. One document, served with or without models.
 */
import { z } from 'zod';
import { API_ROUTES, type ApiRouteSpec } from './route-table.js';
import { errorSchema } from './schemas.js';

const PREFIX = '/api/v1';

/** The component name of a schema in the document. */
const API_ERROR = 'api_error';

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, {
    target: 'openapi-3.0',
    io,
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return rest;
}

/** A route's operation id, e.g. `getRunsByIdArtifacts`. */
export function operationId(route: Pick<ApiRouteSpec, 'method' | 'path'>): string {
  const parts = route.path
    .split('/')
    .filter(Boolean)
    .map((s) => {
      const param = /^\{(\w+)\}$/.exec(s);
      const word = (param ? `by_${param[1]}` : s).replace(/[^A-Za-z0-9]+(.)/g, (_, c: string) =>
        c.toUpperCase(),
      );
      return word[0]!.toUpperCase() + word.slice(1);
    });
  return route.method.toLowerCase() + parts.join('');
}

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: `#/components/schemas/${API_ERROR}` } } },
});

/** The OpenAPI document: the `/api/v1` routes, and `inference`'s paths and components when given. */
export function apiOpenApi(version: string, inference?: Record<string, unknown>): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const schemas: Record<string, unknown> = { [API_ERROR]: jsonSchema(errorSchema, 'output') };
  for (const route of API_ROUTES) {
    const id = operationId(route);
    const pathParams = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const query = route.query.map((q) => ({
      name: q.name,
      in: 'query',
      required: q.required ?? false,
      description: q.description,
      schema: { type: q.type },
    }));
    let ok: Record<string, unknown>;
    if (route.response === 'binary') {
      ok = {
        description: 'the file',
        content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
      };
    } else {
      schemas[`${id}Response`] = jsonSchema(route.response, 'output');
      ok = {
        description: 'OK',
        content: { 'application/json': { schema: { $ref: `#/components/schemas/${id}Response` } } },
      };
    }
    const operation: Record<string, unknown> = {
      operationId: id,
      summary: route.summary,
      parameters: [...pathParams, ...query],
      responses: {
        '200': ok,
        '400': errorResponse('invalid request (a filter error names its position in details.position)'),
        ...(route.write
          ? {
              '401': errorResponse('missing or wrong bearer token'),
              '403': errorResponse('no token configured: writes refused'),
            }
          : {}),
        '404': errorResponse('unknown run, model, dataset or version'),
        '429': errorResponse('client over its rate limit (Retry-After)'),
      },
      ...(route.write ? { security: [{ bearer: [] }] } : {}),
    };
    if (route.body) {
      schemas[`${id}Request`] = jsonSchema(route.body, 'input');
      operation.requestBody = {
        required: true,
        content: { 'application/json': { schema: { $ref: `#/components/schemas/${id}Request` } } },
      };
    }
    const key = `${PREFIX}${route.path}`;
    paths[key] = { ...paths[key], [route.method.toLowerCase()]: operation };
  }
  const inferencePaths = (inference?.paths ?? {}) as Record<string, unknown>;
  const inferenceSchemas = ((inference?.components as { schemas?: Record<string, unknown> } | undefined)
    ?.schemas ?? {}) as Record<string, unknown>;
  return {
    openapi: '3.0.3',
    info: {
      title: 'Flywheel server',
      version,
      description:
        'The public JSON API of `flywheel serve` under /api/v1 (docs/api.md), and the inference routes when models are served (docs/serving.md). The MLflow-compatible API under /api/2.0/mlflow is described by MLflow.',
    },
    paths: { ...paths, ...inferencePaths },
    components: {
      schemas: { ...inferenceSchemas, ...schemas },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    },
  };
}
