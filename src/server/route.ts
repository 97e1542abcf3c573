/** A route as the route modules declare it: method, path, whether it writes, its body limit, and a handler. */
import type { FastifyInstance, HTTPMethods } from 'fastify';
import { FlywheelError } from '../core/index.js';

/** What a handler knows about the request besides its input. */
export interface RequestContext {
  /** The client's address, for the audit log. */
  ip: string;
  /** Who sent it, for the audit log: `token` (a write that passed the bearer-token guard) or `anonymous`. */
  principal: 'token' | 'anonymous';
}

/** The actor an audit-log entry records for a request: who (principal) and from where (address). */
export function auditActor(ctx: RequestContext): string {
  return `${ctx.principal}@${ctx.ip}`;
}

/** One route. Input is the query string merged with the JSON body (the body wins) and the path's parameters (which win). */
export interface Route {
  method: HTTPMethods | HTTPMethods[];
  path: string;
  /** Write routes need the bearer token. */
  write: boolean;
  /**
   * The largest request body this route reads, in bytes, where it is smaller than the server's
   * (`server.body_limit`): a larger one is answered 413 before it is read or parsed.
   */
  bodyLimit?: number;
  handle(input: Record<string, unknown>, ctx: RequestContext): Promise<unknown>;
}

/**
 * The body limit of the search routes (runs, experiments, registered models, model versions).
 * The longest filter the bounds allow (FILTER_LIMITS.length, 65,536 characters) is at most
 * 192 KiB of UTF-8; with the other fields (1,000 experiment ids, 10 sort keys) it fits in 256 KiB.
 * A bigger body cannot hold a valid search, so it is refused from its Content-Length alone rather
 * than read and parsed (about 4 ms of the event loop a MiB) only to be refused by the filter bounds.
 */
export const SEARCH_BODY_LIMIT = 256 * 1024;

/** Register routes under `prefix`; `guard` runs first on write routes, before the body is read. */
export function registerRoutes(
  app: FastifyInstance,
  prefix: string,
  routes: Route[],
  guard: (authorization: string | undefined) => void,
): void {
  for (const route of routes) {
    const url = `${prefix}${route.path}`;
    const limit =
      route.bodyLimit && Math.min(route.bodyLimit, app.initialConfig.bodyLimit ?? route.bodyLimit);
    app.route({
      method: route.method,
      url,
      ...(limit ? { bodyLimit: limit, errorHandler: tooLargeFor(url, limit) } : {}),
      onRequest: route.write
        ? async (request) => {
            guard(request.headers.authorization);
          }
        : undefined,
      handler: async (request) => {
        const query = (request.query ?? {}) as Record<string, unknown>;
        const body =
          request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : {};
        const params = (request.params ?? {}) as Record<string, unknown>;
        const principal = route.write ? 'token' : 'anonymous';
        return route.handle({ ...query, ...body, ...params }, { ip: request.ip, principal });
      },
    });
  }
}

/**
 * The error handler of a route with its own body limit: the framework's "body too large" becomes a
 * 413 naming the route and its limit (not server.body_limit); anything else goes on to the server's.
 */
function tooLargeFor(url: string, limit: number) {
  return (error: unknown): never => {
    if ((error as { code?: string }).code !== 'FST_ERR_CTP_BODY_TOO_LARGE') throw error;
    throw new FlywheelError(
      'PAYLOAD_TOO_LARGE',
      `${url} takes request bodies of at most ${sizeText(limit)} (${limit} bytes)`,
      {
        hint: 'Send a smaller body: a search filter is at most 65,536 characters, so narrow the search or split it into several (docs/tracking.md lists the bounds, docs/server.md the body limits).',
        details: { limit },
      },
    );
  };
}

function sizeText(bytes: number): string {
  return bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} bytes`;
}
