/**
 * The HTTP server (`flywheel serve`): routes validate, call the platform, return. It binds
 * 127.0.0.1 unless told otherwise, answers only for its own host names and within one rate limit
 * (request-gate.ts), limits request bodies, needs a bearer token for every write and never fetches
 * a URL it is given. Requests are parsed by node:http alone. Route modules live in routes/; to add some (the serving
 * routes, say), write routes/NAME.ts returning `Route[]` and add it, with its path prefix, to `routeModules` below.
 */
import { createServer as createHttpServer } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import { FlywheelError } from '../core/index.js';
import { type Platform, VERSION } from '../platform.js';
import { RateLimiter, type RateLimitOptions, type ServingService } from '../serving/index.js';
import { API_PREFIX, apiOpenApi, apiRoutes, guardReads } from './api/index.js';
import { writeGuard } from './auth.js';
import type { ClusterPeer } from './cluster.js';
import { registerDashboard } from './dashboard.js';
import { errorResponse } from './errors.js';
import { parseJsonBody } from './json-body.js';
import { requestGate } from './request-gate.js';
import { type Route, registerRoutes } from './route.js';
import { inferenceOpenApi, registerInference } from './routes/inference.js';
import { fastLane } from './routes/inference-fast-lane.js';
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
  /** The address it listens on (allowed as a Host, with the loopback names and `allowedHosts`). */
  host?: string;
  /** Host header names it answers for besides the loopback ones and `host`; `*` answers any. */
  allowedHosts?: readonly string[];
  /** One per-client rate limit over every route (default: server.rate_limit, else serve.yaml's). */
  rateLimit?: RateLimitOptions;
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
  const settings = platform.config.server;
  const bodyLimit = options.bodyLimit ?? settings.body_limit;
  const serving = options.serving;
  const rate = options.rateLimit ?? limitOf(settings.rate_limit);
  const gate = requestGate({
    allowedHosts: options.allowedHosts ?? settings.allowed_hosts,
    boundHost: options.host ?? settings.host,
    limiter: rate ? new RateLimiter(rate) : serving?.limiter,
    onRefuse: (reason) => serving?.metrics.inc('flywheel_server_requests_refused_total', { reason }),
  });
  // node:http parses and frames every request; with models served, plain predict requests then
  // skip the framework's routing (routes/inference-fast-lane.ts) with its same policies: this gate,
  // this body limit, the JSON reader, request ids, error bodies, and the same predict pipeline.
  const lane = serving ? fastLane(serving, bodyLimit, gate) : undefined;
  const app = Fastify({
    logger: false,
    bodyLimit,
    serverFactory: (handler) => createHttpServer((req, res) => lane?.(req, res) || handler(req, res)),
  });
  // One JSON reading for every route (json-body.ts), within the body limit the framework enforces.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(String(body)));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  app.setErrorHandler((error, _request, reply) => {
    const { status, body, retryAfter } = errorResponse(error);
    if (status >= 500) platform.logger.error(`HTTP ${status}: ${body.message}`, { code: body.flywheel.code });
    if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter));
    return reply.status(status).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    const e = new FlywheelError('NOT_FOUND', `no endpoint ${request.method} ${request.url.split('?')[0]}`, {
      hint: `The MLflow-compatible API lives under ${MLFLOW_PREFIX}; docs/server.md lists its routes.`,
    });
    const { status, body } = errorResponse(e, 'ENDPOINT_NOT_FOUND');
    return reply.status(status).send(body);
  });
  // Before any route, the MLflow ones and the inference ones alike, and before the body is read.
  // A callback hook, not an async one: no promise and no extra microtask on every request.
  app.addHook('onRequest', (request, _reply, done) => {
    try {
      gate(request.headers.host, request.ip);
    } catch (error) {
      done(error as Error);
      return;
    }
    done();
  });
  const token = options.token ?? settings.token;
  const guard = writeGuard(token);
  // server.read_token_required: reads of the JSON APIs need the token too (api/index.ts).
  const reads = settings.read_token_required;
  const facts = {
    serving,
    peer: options.peer,
    tokenConfigured: token !== undefined,
    readTokenRequired: reads,
  };
  const routeModules: Array<[prefix: string, routes: (p: Platform) => Route[]]> = [
    [MLFLOW_PREFIX, experimentRoutes],
    [MLFLOW_PREFIX, runRoutes],
    [MLFLOW_PREFIX, registryRoutes],
    [API_PREFIX, (p) => apiRoutes(p, facts)],
  ];
  for (const [prefix, routes] of routeModules)
    registerRoutes(app, prefix, reads ? guardReads(routes(platform)) : routes(platform), guard);
  app.get('/health', async () => ({ status: 'ok' }));
  // One OpenAPI document, with or without models served: /api/v1, and the inference routes when serving.
  const openapi = JSON.stringify(apiOpenApi(VERSION, serving ? inferenceOpenApi(VERSION) : undefined));
  app.get('/openapi.json', async (_request, reply) => reply.type('application/json').send(openapi));
  await registerDashboard(app);
  if (serving)
    registerInference(app, serving, guard, {
      version: VERSION,
      logger: platform.logger,
      peer: options.peer,
    });
  await app.ready();
  return app;
}

function limitOf(
  setting: { requests_per_second: number; burst: number } | undefined,
): RateLimitOptions | undefined {
  return setting && { rps: setting.requests_per_second, burst: setting.burst };
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
  const host = options.host ?? platform.config.server.host;
  const app = await createServer(platform, { ...options, host });
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
