/**
 * The fast lane of `POST /models/{name}/predict`: the one hot route, answered before the
 * framework's routing, hooks and serializers (measured in bench/serve-predict: the framework's
 * per-request work costs more than scoring a 200-tree GBDT). It takes only plain requests —
 * `Content-Type: application/json` (charset UTF-8 allowed), no query string, no Authorization —
 * and leaves everything else
 * to the framework, so behaviour is the same either way: same body limit, same `{"error": …}`
 * bodies, same request ids. The body's bytes go to the serving fast path (serving/fast-predict.ts:
 * decoded without JSON.parse, scored with the turn's other requests); a body it declines is parsed
 * and answered by `predictNow`.
 *
 * `predictLane` is the lane itself, free of any transport; two transports feed it: the front door
 * (../front-door.ts), which reads requests straight off the socket, and `fastLane` below, the
 * `node:http` request handler for connections the front door handed to `node:http`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FlywheelError } from '../../core/index.js';
import type { ServingService } from '../../serving/index.js';
import { inferenceError } from './inference-errors.js';

const ROUTE = /^\/models\/([A-Za-z0-9._-]{1,100})\/predict$/;
/** JSON, with the UTF-8 charset some clients name (any case, as media types are). */
const JSON_TYPE = /^application\/json(?:[ \t]*;[ \t]*charset="?utf-8"?)?$/i;
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Where the lane's answer goes: the status, the JSON body, the request id (a header when given),
 * Retry-After seconds, and whether the connection should close after it.
 */
export type LaneRespond = (
  status: number,
  json: string,
  requestId: string | undefined,
  retryAfter: number | undefined,
  close: boolean,
) => void;

/** Request headers as `node:http` gives them: lower-case names. */
export type LaneHeaders = Readonly<Record<string, string | string[] | undefined>>;

/** The predict lane, free of any transport. */
export interface PredictLane {
  /** Largest request body in bytes. */
  readonly bodyLimit: number;
  /** The endpoint a request is for when the lane takes it (a plain predict request), else undefined. */
  route(method: string | undefined, url: string | undefined, headers: LaneHeaders): string | undefined;
  /** Answer one request the lane took, with its whole body. */
  serve(name: string, body: Buffer, headers: LaneHeaders, remoteAddress: string, respond: LaneRespond): void;
  /** Answer a request whose body is over `bodyLimit` (413; the connection should close). */
  refuseTooLarge(headers: LaneHeaders, respond: LaneRespond): void;
}

/** The lane for `serving`'s endpoints. */
export function predictLane(serving: ServingService, bodyLimit: number): PredictLane {
  return {
    bodyLimit,
    route(method, url, headers) {
      if (method !== 'POST') return undefined;
      const type = headers['content-type'];
      if (type !== 'application/json' && !(typeof type === 'string' && JSON_TYPE.test(type)))
        return undefined;
      const m = ROUTE.exec(url ?? '');
      if (!m || headers.authorization !== undefined) return undefined;
      return m[1]!;
    },
    serve(name, body, headers, remoteAddress, respond) {
      const id = requestIdOf(headers);
      if (serving.limiter) {
        try {
          serving.limiter.admit(remoteAddress);
        } catch (error) {
          sendError(respond, error, id, false);
          return;
        }
      }
      const taken = serving.tryPredictFast(name, body, id, headers, (error, json, requestId) => {
        if (error === null) respond(200, json, requestId, undefined, false);
        else sendError(respond, error, id, false);
      });
      if (!taken) answer(serving, name, body.toString('utf8'), id, headers, respond);
    },
    refuseTooLarge(headers, respond) {
      const e = new FlywheelError('PAYLOAD_TOO_LARGE', 'the request body is larger than the server accepts', {
        hint: 'Send smaller batches, or raise server.body_limit in flywheel.yaml.',
      });
      sendError(respond, e, requestIdOf(headers), true);
    },
  };
}

function requestIdOf(headers: LaneHeaders): string | undefined {
  const given = headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : undefined;
}

/** A `node:http` request handler on the lane: answers plain predict requests, false for the rest. */
export function fastLane(lane: PredictLane): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    const name = lane.route(req.method, req.url, req.headers);
    if (name === undefined) return false;
    const respond: LaneRespond = (status, json, requestId, retryAfter, close) =>
      writeAnswer(res, status, json, requestId, retryAfter, close);
    if (Number(req.headers['content-length']) > lane.bodyLimit) {
      lane.refuseTooLarge(req.headers, respond);
      req.resume();
      return true;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > lane.bodyLimit && !refused) {
        refused = true;
        lane.refuseTooLarge(req.headers, respond);
      }
      if (!refused) chunks.push(chunk);
    });
    req.on('end', () => {
      if (refused) return;
      const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
      lane.serve(name, body, req.headers, req.socket.remoteAddress ?? 'unknown', respond);
    });
    req.on('error', () => res.destroy());
    return true;
  };
}

/** A body the fast path declined: parsed with JSON.parse and answered by `predictNow`. */
function answer(
  serving: ServingService,
  name: string,
  text: string,
  id: string | undefined,
  headers: LaneHeaders,
  respond: LaneRespond,
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

function sendError(respond: LaneRespond, error: unknown, id: string | undefined, close: boolean): void {
  const { status, body, retryAfter } = inferenceError(error);
  if (id !== undefined) body.request_id = id;
  // Only a 200 carries the X-Request-Id header; an error names the request in its body.
  respond(status, JSON.stringify(body), undefined, retryAfter, close);
}

function writeAnswer(
  res: ServerResponse,
  status: number,
  json: string,
  requestId: string | undefined,
  retryAfter: number | undefined,
  close: boolean,
): void {
  const headers: Record<string, string | number> = {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(json),
  };
  if (requestId !== undefined) headers['x-request-id'] = requestId;
  if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
  if (close) headers.connection = 'close';
  res.writeHead(status, headers);
  res.end(json);
}
