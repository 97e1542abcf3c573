/**
 * Admin routes of the inference server, all behind the bearer token (no token configured: every
 * admin call is refused): list, load and unload models, set routing weights (A/B, canary, sticky,
 * shadow), roll back the last routing change, and move an alias (audited; every replica follows).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { FlywheelError } from '../../core/index.js';
import type { ServingService } from '../../serving/index.js';
import type { ClusterPeer } from '../cluster.js';
import { checkRequestText } from '../mlflow/text.js';

const loadSchema = z
  .object({ ref: z.string().min(1).max(200), name: z.string().min(1).max(100).optional() })
  .strict();
const routingSchema = z
  .object({
    split: z
      .array(z.object({ version: z.number().int().min(1), weight: z.number().min(0).max(1e6) }).strict())
      .min(1)
      .max(16),
    shadow: z.number().int().min(1).nullable().default(null),
    sticky_header: z
      .string()
      .regex(/^[A-Za-z0-9-]{1,64}$/)
      .nullable()
      .default(null),
  })
  .strict();
const aliasSchema = z
  .object({ alias: z.string().min(1).max(100), version: z.number().int().min(1) })
  .strict();

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  checkRequestText(body);
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  const problems = r.error.issues.map((i) => ({
    field: i.path.join('.') || '(body)',
    expected: i.message,
    got: i.code,
  }));
  throw new FlywheelError(
    'INVALID_ARGUMENT',
    `the admin request is invalid: ${problems.map((p) => `${p.field}: ${p.expected}`).join('; ')}`,
    {
      hint: 'See docs/serving.md, "Admin routes".',
      details: { problems },
    },
  );
}

/** Describe every endpoint (versions, routing). */
function describe(serving: ServingService) {
  return serving.names().map((name) => {
    const e = serving.endpoint(name);
    return {
      name,
      model: e.name,
      alias: e.alias,
      versions: e.versions(),
      primary: e.primary.version,
      routing: e.table,
    };
  });
}

/** Register the admin routes; every one runs `guard` before reading the body. */
export function registerAdminRoutes(
  app: FastifyInstance,
  serving: ServingService,
  guard: (auth: string | undefined) => void,
  peer?: ClusterPeer,
): void {
  app.register(async (admin) => {
    admin.addHook('onRequest', async (request) => guard(request.headers.authorization));
    admin.get('/admin/models', async () => ({ models: describe(serving) }));
    admin.post('/admin/models', async (request) => {
      const spec = parse(loadSchema, request.body);
      const loaded = await serving.load(spec);
      peer?.broadcast({ op: 'load', spec });
      return loaded;
    });
    admin.delete<{ Params: { name: string } }>('/admin/models/:name', async (request) => {
      await serving.unload(request.params.name);
      peer?.broadcast({ op: 'unload', name: request.params.name });
      return { unloaded: request.params.name };
    });
    admin.put<{ Params: { name: string } }>('/admin/models/:name/routing', async (request) => {
      const r = parse(routingSchema, request.body);
      const table = { split: r.split, shadow: r.shadow, stickyHeader: r.sticky_header };
      const routing = await serving.route(request.params.name, table);
      peer?.broadcast({ op: 'route', name: request.params.name, table });
      return { routing };
    });
    admin.post<{ Params: { name: string } }>('/admin/models/:name/rollback', async (request) => {
      const routing = await serving.rollback(request.params.name);
      peer?.broadcast({ op: 'rollback', name: request.params.name });
      return { routing };
    });
    admin.post<{ Params: { name: string } }>('/admin/models/:name/aliases', async (request) => {
      const { alias, version } = parse(aliasSchema, request.body);
      const e = serving.endpoint(request.params.name);
      const swapped = await serving.moveAlias(e.name, alias, version);
      peer?.broadcast({ op: 'aliases' });
      return { model: e.name, alias, version, swapped, primary: e.primary.version };
    });
  });
}
