/**
 * The Open Inference Protocol v2 REST routes (KServe V2): health, server and model metadata,
 * model readiness, and `POST /v2/models/{name}[/versions/{v}]/infer` with typed tensors and the
 * request `id` echoed. Errors are `{"error": "…"}` (see inference-errors.ts).
 */
import type { FastifyInstance } from 'fastify';
import { FlywheelError } from '../../core/index.js';
import { oipModelMetadata, oipResponse, oipRows, type ServingService } from '../../serving/index.js';
import { requestId } from './request-id.js';

function parseVersion(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^[1-9][0-9]{0,8}$/.test(v)) {
    throw new FlywheelError(
      'INVALID_ARGUMENT',
      `model version "${v.slice(0, 20)}" is not a positive integer`,
      {
        hint: 'Use the registry version number, e.g. /v2/models/churn/versions/3.',
      },
    );
  }
  return Number(v);
}

/** Register the OIP v2 routes. */
export function registerOipRoutes(app: FastifyInstance, serving: ServingService, version: string): void {
  app.get('/v2/health/live', async () => ({ live: true }));
  app.get('/v2/health/ready', async (_request, reply) =>
    reply.status(serving.ready ? 200 : 503).send({ ready: serving.ready }),
  );
  const serverMetadata = async () => ({ name: 'flywheel', version, extensions: [] as string[] });
  app.get('/v2', serverMetadata);
  app.get('/v2/', serverMetadata);

  type P = { Params: { name: string; version?: string } };
  const metadata = async (request: { params: P['Params'] }) => {
    const e = serving.endpoint(request.params.name);
    const v = parseVersion(request.params.version);
    const loaded = v === undefined ? e.primary : e.version(v);
    if (!loaded)
      throw new FlywheelError('NOT_FOUND', `version ${v} of "${e.name}" is not loaded here`, {
        hint: `Loaded: ${e.versions().join(', ')}.`,
      });
    return oipModelMetadata(request.params.name, e.versions(), loaded.model.schema, loaded.model.family);
  };
  app.get<P>('/v2/models/:name', metadata);
  app.get<P>('/v2/models/:name/versions/:version', metadata);

  const ready = async (request: { params: P['Params'] }) => {
    const e = serving.endpoint(request.params.name);
    const v = parseVersion(request.params.version);
    if (v !== undefined && !e.version(v))
      throw new FlywheelError('NOT_FOUND', `version ${v} of "${e.name}" is not loaded here`, {
        hint: `Loaded: ${e.versions().join(', ')}.`,
      });
    return { name: request.params.name, ready: true };
  };
  app.get<P>('/v2/models/:name/ready', ready);
  app.get<P>('/v2/models/:name/versions/:version/ready', ready);

  const infer = async (
    request: { params: P['Params']; body: unknown; headers: Record<string, unknown> },
    reply: { header(k: string, v: string): unknown },
  ) => {
    const { name } = request.params;
    const e = serving.endpoint(name);
    const v = parseVersion(request.params.version);
    const schema = (v === undefined ? e.primary : (e.version(v) ?? e.primary)).model.schema;
    const id = requestId(request);
    reply.header('x-request-id', id);
    const result = await serving.predict(name, {
      rows: oipRows(schema, request.body),
      version: v,
      requestId: id,
      stickyKey: serving.stickyKey(name, request.headers),
    });
    const body = request.body as { id?: unknown };
    return oipResponse(result, body.id);
  };
  app.post<P>('/v2/models/:name/infer', infer);
  app.post<P>('/v2/models/:name/versions/:version/infer', infer);
}
