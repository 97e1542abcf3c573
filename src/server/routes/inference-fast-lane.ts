/**
 * The fast lane of `POST /models/{name}/predict`: the one hot route, answered in the `node:http`
 * request handler before the framework's routing, hooks and serializers (measured in
 * bench/serve-predict: the framework's per-request work costs more than scoring a 200-tree GBDT).
 * `node:http` still parses and frames every request; the lane takes only plain requests —
 * `Content-Type: application/json` (charset UTF-8 allowed), no query string, no Authorization —
 * and leaves everything else to the framework, so behaviour is the same either way: the same gate
 * (Host, rate limit), body limit, JSON reading, `{"error": …}` bodies and request ids. The body's
 * bytes go to the serving fast path (serving/fast-predict.ts: decoded without JSON.parse, scored
 * with the turn's other requests); a body it declines is parsed and answered by `predictNow`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FlywheelError } from '../../core/index.js';
import { ENDPOINT_NAME_PATTERN, type ServingService } from '../../serving/index.js';
import { parseJsonBody } from '../json-body.js';
import type { RequestGate } from '../request-gate.js';
import { inferenceError } from './inference-errors.js';
import { givenRequestId, requestId } from './request-id.js';

const ROUTE = new RegExp(`^/models/(${ENDPOINT_NAME_PATTERN})/predict$`);
/** JSON, with the UTF-8 charset some clients name (any case, as media types are). */
const JSON_TYPE = /^application\/json(?:[ \t]*;[ \t]*charset="?utf-8"?)?$/i;

/** Where an answer goes: status, JSON body, request id header, Retry-After seconds, close after. */
type Respond = (
  status: number,
  json: string,
  requestId: string,
  retryAfter: number | undefined,
  close: boolean,
) => void;

/** The endpoint a request is for when the lane takes it (a plain predict request), else undefined. */
function routeOf(req: IncomingMessage): string | undefined {
  if (req.method !== 'POST') return undefined;
  const type = req.headers['content-type'];
  if (type !== 'application/json' && !(typeof type === 'string' && JSON_TYPE.test(type))) return undefined;
  const m = ROUTE.exec(req.url ?? '');
  if (!m || req.headers.authorization !== undefined) return undefined;
  return m[1]!;
}

/**
 * A `node:http` request handler for `serving`'s plain predict requests: answers them and returns
 * true, or returns false for the framework to answer.
 */
export function fastLane(
  serving: ServingService,
  bodyLimit: number,
  gate: RequestGate,
): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    const name = routeOf(req);
    if (name === undefined) return false;
    const id = givenRequestId(req.headers);
    const respond: Respond = (status, json, answerId, retryAfter, close) => {
      if (status !== 200 || !serving.log.durable) writeAnswer(res, status, json, answerId, retryAfter, close);
      // A durable log: the answer waits until its record is on disk, or becomes the write's error.
      else
        serving.logged().then(
          () => writeAnswer(res, status, json, answerId, retryAfter, close),
          (error: unknown) => sendError(respond, error, id, false),
        );
    };
    try {
      gate(req.headers.host, req.socket.remoteAddress ?? 'unknown');
      if (Number(req.headers['content-length']) > bodyLimit) throw tooLarge();
    } catch (error) {
      // The body is not read: the connection closes after the answer.
      sendError(respond, error, id, true);
      return true;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > bodyLimit) {
        refused = true;
        chunks.length = 0;
        sendError(respond, tooLarge(), id, true);
      } else chunks.push(chunk);
    });
    req.on('end', () => {
      if (refused) return;
      const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
      const taken = serving.tryPredictFast(name, body, id, req.headers, (error, json, answeredId) => {
        if (error === null) respond(200, json, answeredId, undefined, false);
        else sendError(respond, error, id, false);
      });
      if (!taken) answer(serving, name, body.toString('utf8'), id, req.headers, respond);
    });
    req.on('error', () => res.destroy());
    return true;
  };
}

function tooLarge(): FlywheelError {
  return new FlywheelError('PAYLOAD_TOO_LARGE', 'the request body is larger than the server accepts', {
    hint: 'Send smaller batches, or raise server.body_limit in flywheel.yaml.',
  });
}

/** A body the fast path declined: parsed as every JSON body is, and answered by `predictNow`. */
function answer(
  serving: ServingService,
  name: string,
  text: string,
  id: string | undefined,
  headers: IncomingMessage['headers'],
  respond: Respond,
): void {
  try {
    const body = parseJsonBody(text);
    const rows =
      typeof body === 'object' && body !== null && Object.hasOwn(body, 'rows')
        ? (body as { rows: unknown }).rows
        : undefined;
    if (rows === undefined) {
      throw new FlywheelError('INVALID_ARGUMENT', 'the body has no "rows"', {
        hint: 'Send {"rows": [{"feature": value, ...}, ...]}.',
        details: { problems: [{ field: 'rows', expected: 'an array of objects', got: 'nothing' }] },
      });
    }
    const result = serving.predictNow(name, {
      rows,
      requestId: id,
      stickyKey: serving.stickyKey(name, headers),
    });
    // Answered on this turn when the model scored at once (the common case), else when the batch runs.
    if (result instanceof Promise)
      result.then(
        (r) => respond(200, JSON.stringify(r), r.request_id, undefined, false),
        (error: unknown) => sendError(respond, error, id, false),
      );
    else respond(200, JSON.stringify(result), result.request_id, undefined, false);
  } catch (error) {
    sendError(respond, error, id, false);
  }
}

/** An error answer, with the request id in the header and the body as on every route. */
function sendError(respond: Respond, error: unknown, given: string | undefined, close: boolean): void {
  const { status, body, retryAfter } = inferenceError(error);
  const id = given ?? requestId({ headers: {} });
  body.request_id = id;
  respond(status, JSON.stringify(body), id, retryAfter, close);
}

function writeAnswer(
  res: ServerResponse,
  status: number,
  json: string,
  requestId: string,
  retryAfter: number | undefined,
  close: boolean,
): void {
  if (res.headersSent) return;
  const headers: Record<string, string | number> = {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(json),
    'x-request-id': requestId,
  };
  if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
  if (close) headers.connection = 'close';
  res.writeHead(status, headers);
  res.end(json);
}
