/**
 * The plain and MLflow-style prediction routes: `POST /models/{name}/predict` (`{"rows": [...]}`,
 * `?explain=true`; the hot route: its body goes to the predict pipeline as bytes), `POST /invocations` (MLflow's four body shapes; `?model=` when several models
 * are served) and `POST /feedback` (a delayed label for a request id; a write, so token-guarded).
 */
import type { FastifyInstance } from 'fastify';
import { FlywheelError } from '../../core/index.js';
import { invocationRows, predictRows, type ServingService } from '../../serving/index.js';
import { parseJsonBody } from '../json-body.js';
import { REQUEST_ID, requestId } from './request-id.js';

const asObject = (body: unknown): Record<string, unknown> =>
  typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};

/** Register the predict, invocations and feedback routes. */
export function registerPredictRoutes(
  app: FastifyInstance,
  serving: ServingService,
  guard: (auth: string | undefined) => void,
): void {
  // The plain predict route reads its body as bytes (within the server's body limit, like every
  // route): the pipeline's fast decoder tries them first, and only a body it declines is parsed, by
  // the same JSON reader as every other route.
  app.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) =>
      done(null, body),
    );
    scope.post<{ Params: { name: string }; Querystring: { explain?: string } }>(
      '/models/:name/predict',
      (request, reply) => {
        const id = requestId(request);
        reply.header('x-request-id', id);
        const { name } = request.params;
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const send = (json: string) => reply.type('application/json; charset=utf-8').send(json);
        serving.submit(
          name,
          {
            body,
            rows: () => predictRows(parseJsonBody(body.toString('utf8'))),
            requestId: id,
            explain: request.query.explain === 'true' || request.query.explain === '1',
            stickyKey: serving.stickyKey(name, request.headers),
          },
          (error, answer) => {
            // An error goes to the scope's error handler; with a durable log, an answer waits
            // until its record is on disk (or becomes the write's error).
            if (error !== null) reply.send(error);
            else if (!serving.log.durable) send(answer!.json);
            else
              serving.logged().then(
                () => send(answer!.json),
                (e: unknown) => reply.send(e),
              );
          },
        );
        return reply;
      },
    );
  });

  app.post<{ Querystring: { model?: string } }>('/invocations', async (request, reply) => {
    const names = serving.names();
    const name = request.query.model ?? (names.length === 1 ? names[0]! : undefined);
    if (name === undefined) {
      throw new FlywheelError(
        'INVALID_ARGUMENT',
        `${names.length} models are served; say which with ?model=NAME`,
        {
          hint: `Served: ${names.join(', ') || 'none'}.`,
        },
      );
    }
    const id = requestId(request);
    reply.header('x-request-id', id);
    const result = await serving.predict(name, {
      rows: invocationRows(request.body),
      requestId: id,
      stickyKey: serving.stickyKey(name, request.headers),
    });
    return { predictions: result.predictions };
  });

  app.post('/feedback', {
    onRequest: async (request) => guard(request.headers.authorization),
    handler: async (request, reply) => {
      const body = asObject(request.body);
      const id = body.request_id;
      const label = 'label' in body ? body.label : body.outcome;
      if (typeof id !== 'string' || !REQUEST_ID.test(id) || label === undefined) {
        throw new FlywheelError(
          'INVALID_ARGUMENT',
          'feedback needs "request_id" (a request id) and "label" (or "outcome")',
          {
            hint: 'Send {"request_id": "…", "label": 1} with the id a prediction answered with.',
            details: {
              problems: [
                {
                  field: typeof id === 'string' ? 'label' : 'request_id',
                  expected: 'present',
                  got: describe(typeof id === 'string' ? label : id),
                },
              ],
            },
          },
        );
      }
      await serving.feedback(id, label, typeof body.model === 'string' ? body.model : undefined);
      await serving.logged();
      return reply.status(202).send({ accepted: true, request_id: id });
    },
  });
}

const describe = (v: unknown) => (v === undefined ? 'nothing' : typeof v);
