/**
 * The fast lane of `POST /models/{name}/predict`: the one hot route, answered straight from the
 * `node:http` request handler before the framework's routing, hooks and serializers (measured in
 * bench/serve-predict: the framework's per-request work costs more than scoring a 200-tree GBDT).
 * It takes only plain requests — `Content-Type: application/json`, no query string, no
 * Authorization — and hands everything else to the framework, so behaviour is the same either way:
 * same body limit, same `{"error": …}` bodies, same request ids. The body's bytes go to the
 * serving fast path (serving/fast-predict.ts: decoded without JSON.parse, scored with the turn's
 * other requests); a body it declines is parsed and answered by `predictNow`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FlywheelError } from '../../core/index.js';
import type { ServingService } from '../../serving/index.js';
import { inferenceError } from './inference-errors.js';

const ROUTE = /^\/models\/([A-Za-z0-9._-]{1,100})\/predict$/;
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** A request handler that answers plain predict requests and returns false for everything else. */
export function fastLane(
  serving: ServingService,
  bodyLimit: number,
): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    if (req.method !== 'POST' || req.headers['content-type'] !== 'application/json') return false;
    const m = ROUTE.exec(req.url ?? '');
    if (!m || req.headers.authorization !== undefined) return false;
    const name = m[1]!;
    const given = req.headers['x-request-id'];
    const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : undefined;
    if (serving.limiter) {
      try {
        serving.limiter.admit(req.socket.remoteAddress ?? 'unknown');
      } catch (error) {
        send(res, error, id, false);
        req.resume();
        return true;
      }
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > bodyLimit && !refused) {
        refused = true;
        const e = new FlywheelError(
          'PAYLOAD_TOO_LARGE',
          'the request body is larger than the server accepts',
          {
            hint: 'Send smaller batches, or raise server.body_limit in flywheel.yaml.',
          },
        );
        send(res, e, id, true);
      }
      if (!refused) chunks.push(chunk);
    });
    req.on('end', () => {
      if (refused) return;
      const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
      const taken = serving.tryPredictFast(name, body, id, req.headers, (error, json, requestId) => {
        if (error === null) ok(res, json, requestId);
        else send(res, error, id, false);
      });
      if (!taken) answer(serving, name, body.toString('utf8'), id, req, res);
    });
    req.on('error', () => res.destroy());
    return true;
  };
}

function answer(
  serving: ServingService,
  name: string,
  text: string,
  id: string | undefined,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  try {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      throw new FlywheelError(
        'INVALID_ARGUMENT',
        `the request body is not valid JSON: ${(error as Error).message}`,
        {
          hint: 'Send a JSON object with Content-Type: application/json.',
        },
      );
    }
    const rows = typeof body === 'object' && body !== null && 'rows' in body ? body.rows : undefined;
    if (rows === undefined) {
      throw new FlywheelError('INVALID_ARGUMENT', 'the body has no "rows"', {
        hint: 'Send {"rows": [{"feature": value, ...}, ...]}.',
        details: { problems: [{ field: 'rows', expected: 'an array of objects', got: 'nothing' }] },
      });
    }
    const result = serving.predictNow(name, {
      rows,
      requestId: id,
      stickyKey: serving.stickyKey(name, req.headers),
    });
    // Answered on this turn when the model scored at once (the common case), else when the batch runs.
    if (result instanceof Promise)
      result.then(
        (r) => ok(res, JSON.stringify(r), r.request_id),
        (error: unknown) => send(res, error, id, false),
      );
    else ok(res, JSON.stringify(result), result.request_id);
  } catch (error) {
    send(res, error, id, false);
  }
}

function ok(res: ServerResponse, json: string, requestId: string): void {
  res.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(json),
    'x-request-id': requestId,
  });
  res.end(json);
}

function send(res: ServerResponse, error: unknown, id: string | undefined, close: boolean): void {
  const { status, body, retryAfter } = inferenceError(error);
  if (id !== undefined) body.request_id = id;
  const json = JSON.stringify(body);
  const headers: Record<string, string | number> = {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(json),
  };
  if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
  if (close) headers.connection = 'close';
  res.writeHead(status, headers);
  res.end(json);
}
