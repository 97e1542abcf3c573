/** A route as the route modules declare it: method, path, whether it writes, and a handler. */
import type { FastifyInstance, HTTPMethods } from 'fastify';

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

/** One route. Input is the query string merged with the JSON body (the body wins). */
export interface Route {
  method: HTTPMethods | HTTPMethods[];
  path: string;
  /** Write routes need the bearer token. */
  write: boolean;
  handle(input: Record<string, unknown>, ctx: RequestContext): Promise<unknown>;
}

/** Register routes under `prefix`; `guard` runs first on write routes, before the body is read. */
export function registerRoutes(
  app: FastifyInstance,
  prefix: string,
  routes: Route[],
  guard: (authorization: string | undefined) => void,
): void {
  for (const route of routes) {
    app.route({
      method: route.method,
      url: `${prefix}${route.path}`,
      onRequest: route.write
        ? async (request) => {
            guard(request.headers.authorization);
          }
        : undefined,
      handler: async (request) => {
        const query = (request.query ?? {}) as Record<string, unknown>;
        const body =
          request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : {};
        const principal = route.write ? 'token' : 'anonymous';
        return route.handle({ ...query, ...body }, { ip: request.ip, principal });
      },
    });
  }
}
