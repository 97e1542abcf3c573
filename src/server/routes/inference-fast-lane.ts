/**
 * The transport of the one hot route, `POST /models/{name}/predict` with a plain JSON body: taken in
 * the `node:http` request handler before the framework's routing, hooks and reply machinery,
 * whose per-request work costs about a fifth of the whole request here (bench/RESULTS.md,
 * serve-predict: the same pipeline behind a framework route answered 10–25% fewer requests). It
 * is transport only, with the framework routes' own policies — the request gate (Host, rate
 * limit), `server.body_limit` and its 413 (`bodyTooLarge`), the request id (`requestId`), the JSON
 * reader and `{"error": …}` bodies — and hands the body to the predict pipeline, the same call the
 * framework route makes. `node:http` still parses and frames every request; the lane takes only
 * plain requests (JSON content type, charset UTF-8 allowed; no query string; no Authorization)
 * and leaves every other one to the framework route.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ENDPOINT_NAME_PATTERN, predictRows, type ServingService } from '../../serving/index.js';
import { bodyTooLarge, parseJsonBody } from '../json-body.js';
import type { RequestGate } from '../request-gate.js';
import { inferenceError } from './inference-errors.js';
import { requestId } from './request-id.js';

const ROUTE = new RegExp(`^/models/(${ENDPOINT_NAME_PATTERN})/predict$`);
/** JSON, with the UTF-8 charset some clients name (any case, as media types are). */
const JSON_TYPE = /^application\/json(?:[ \t]*;[ \t]*charset="?utf-8"?)?$/i;

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
    const id = requestId(req);
    const fail = (error: unknown, close: boolean) => {
      const { status, body, retryAfter } = inferenceError(error);
      body.request_id = id;
      write(res, status, JSON.stringify(body), id, retryAfter, close);
    };
    try {
      gate(req.headers.host, req.socket.remoteAddress ?? 'unknown');
      if (Number(req.headers['content-length']) > bodyLimit) throw bodyTooLarge();
    } catch (error) {
      // The body is not read: the connection closes after the answer.
      fail(error, true);
      return true;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      if (size > bodyLimit) return;
      size += chunk.length;
      if (size <= bodyLimit) chunks.push(chunk);
      else fail(bodyTooLarge(), true);
    });
    req.on('end', () => {
      if (size > bodyLimit) return;
      const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
      try {
        const stickyKey = serving.stickyKey(name, req.headers);
        const rows = () => predictRows(parseJsonBody(body.toString('utf8')));
        serving.submit(name, { body, rows, requestId: id, stickyKey }, (error, answer) => {
          if (error !== null) fail(error, false);
          // A durable log: the answer waits until its record is on disk, or becomes the write's error.
          else if (!serving.log.durable) write(res, 200, answer!.json, id, undefined, false);
          else
            serving.logged().then(
              () => write(res, 200, answer!.json, id, undefined, false),
              (e: unknown) => fail(e, false),
            );
        });
      } catch (error) {
        fail(error, false);
      }
    });
    req.on('error', () => res.destroy());
    return true;
  };
}

function write(
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
