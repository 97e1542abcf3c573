/**
 * The HTTP server (`flywheel serve`): routes validate, call the platform, return. It binds
 * 127.0.0.1 unless told otherwise, limits request bodies, needs a bearer token for every write
 * and never fetches a URL it is given. Route modules live in routes/; to add some (the serving
 * routes, say), write routes/NAME.ts returning `Route[]` and add it, with its path prefix, to `routeModules` below.
 */
import { createServer as createHttpServer } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import { FlywheelError } from '../core/index.js';
import { type Platform, VERSION } from '../platform.js';
import type { ServingService } from '../serving/index.js';
import { writeGuard } from './auth.js';
import type { ClusterPeer } from './cluster.js';
import { errorResponse } from './errors.js';
import { installFrontDoor } from './front-door.js';
import { type Route, registerRoutes } from './route.js';
import { registerInference } from './routes/inference.js';
import { fastLane, predictLane } from './routes/inference-fast-lane.js';
import { experimentRoutes } from './routes/mlflow-experiments.js';
import { registryRoutes } from './routes/mlflow-registry.js';
import { runRoutes } from './routes/mlflow-runs.js';

/** Where the MLflow-compatible routes live. */
export const MLFLOW_PREFIX = '/api/2.0/mlflow';

/** Server settings; defaults come from flywheel.yaml's `server:` section. */
export interface ServerOptions {
  /** The bearer token writes need; without one every write is refused. */
  token?: string;
  /** Largest request body in bytes. */
  bodyLimit?: number;
  /** Serve models too (`flywheel serve MODEL_REF…`): the inference routes of docs/serving.md. */
  serving?: ServingService;
  /** In a worker of `flywheel serve --workers N`: how it stays in step with the others (cluster.ts). */
  peer?: ClusterPeer;
}

/** Build the server (not yet listening): `app.inject` for tests, `startServer` to listen. */
export async function createServer(
  platform: Platform,
  options: ServerOptions = {},
): Promise<FastifyInstance> {
  const bodyLimit = options.bodyLimit ?? platform.config.server.body_limit;
  const serving = options.serving;
  const lane = serving ? predictLane(serving, bodyLimit) : undefined;
  const httpLane = lane ? fastLane(lane) : undefined;
  const app = Fastify({
    logger: false,
    bodyLimit,
    // With models served, plain predict requests skip the framework (routes/inference-fast-lane.ts)
    // and, on connections the front door keeps, node:http too (front-door.ts).
    serverFactory: (handler) => {
      const server = createHttpServer((req, res) => httpLane?.(req, res) || handler(req, res));
      if (serving && lane) {
        const door = installFrontDoor(server, lane);
        // /metrics shows the door's counts with the serving metrics.
        serving.metrics.collect(() => {
          serving.metrics.set('flywheel_serving_front_door_requests_total', {}, door.answered);
          serving.metrics.set('flywheel_serving_front_door_handoffs_total', {}, door.handedOff);
        });
      }
      return server;
    },
  });
  // JSON bodies, where an empty body is an empty object (MLflow clients send DELETE with no body).
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = String(body).trim();
    if (text === '') return done(null, {});
    try {
      done(null, JSON.parse(text));
    } catch (error) {
      done(
        new FlywheelError(
          'INVALID_ARGUMENT',
          `the request body is not valid JSON: ${(error as Error).message}`,
          {
            hint: 'Send a JSON object with Content-Type: application/json.',
          },
        ),
        undefined,
      );
    }
  });
  app.setErrorHandler((error, _request, reply) => {
    const { status, body } = errorResponse(error);
    if (status >= 500) platform.logger.error(`HTTP ${status}: ${body.message}`, { code: body.flywheel.code });
    return reply.status(status).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    const e = new FlywheelError('NOT_FOUND', `no endpoint ${request.method} ${request.url.split('?')[0]}`, {
      hint: `The MLflow-compatible API lives under ${MLFLOW_PREFIX}; docs/server.md lists its routes.`,
    });
    const { status, body } = errorResponse(e, 'ENDPOINT_NOT_FOUND');
    return reply.status(status).send(body);
  });
  const guard = writeGuard(options.token ?? platform.config.server.token);
  const routeModules: Array<[prefix: string, routes: (p: Platform) => Route[]]> = [
    [MLFLOW_PREFIX, experimentRoutes],
    [MLFLOW_PREFIX, runRoutes],
    [MLFLOW_PREFIX, registryRoutes],
  ];
  for (const [prefix, routes] of routeModules) registerRoutes(app, prefix, routes(platform), guard);
  app.get('/health', async () => ({ status: 'ok' }));
  if (serving)
    registerInference(app, serving, guard, {
      version: VERSION,
      logger: platform.logger,
      peer: options.peer,
    });
  await app.ready();
  return app;
}

/** A listening server. */
export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** Start listening on host:port (defaults from flywheel.yaml: 127.0.0.1:8080; port 0 picks a free one). */
export async function startServer(
  platform: Platform,
  options: ServerOptions & { host?: string; port?: number } = {},
): Promise<RunningServer> {
  const app = await createServer(platform, options);
  const host = options.host ?? platform.config.server.host;
  const port = options.port ?? platform.config.server.port;
  try {
    await app.listen({ host, port });
  } catch (error) {
    await app.close();
    const code = (error as NodeJS.ErrnoException).code;
    throw new FlywheelError(
      code === 'EADDRINUSE' ? 'CONFLICT' : code === 'EACCES' ? 'PERMISSION_DENIED' : 'IO_ERROR',
      `cannot listen on ${host}:${port}: ${(error as Error).message}`,
      { cause: error, hint: 'Pick another port with --port (or server.port in flywheel.yaml).' },
    );
  }
  const address = app.server.address();
  const bound = typeof address === 'object' && address !== null ? address.port : port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return { url: `http://${shownHost}:${bound}`, close: () => app.close() };
}
