/**
 * Errors on the inference routes: the status comes from the error catalog, the body is the Open
 * Inference Protocol's `{"error": "…"}` with Flywheel's code, hint and (for bad requests) the list
 * of problems; a full queue answers 503 with Retry-After, a client over its rate limit 429.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { errorResponse } from '../errors.js';
import { requestId } from './request-id.js';

/** The JSON body of an inference error. */
export interface InferenceErrorBody {
  error: string;
  code: string;
  hint?: string;
  problems?: unknown;
  request_id?: string;
}

/** Map anything thrown on an inference route to a status and an `{error}` body. */
export function inferenceError(error: unknown): {
  status: number;
  body: InferenceErrorBody;
  retryAfter?: number;
} {
  const { status, body, retryAfter } = errorResponse(error);
  const e = body.flywheel as { code: string; hint?: string; details?: Record<string, unknown> };
  const out: InferenceErrorBody = { error: body.message, code: e.code };
  if (e.hint) out.hint = e.hint;
  if (e.details?.problems) out.problems = e.details.problems;
  return retryAfter === undefined ? { status, body: out } : { status, body: out, retryAfter };
}

/**
 * The error handler of the inference scope. Every answer carries its request id, errors too: the
 * one the route already chose, else the client's `X-Request-Id` when well-formed, else a fresh one.
 */
export function inferenceErrorHandler(log: (status: number, message: string) => void) {
  return (error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) => {
    const { status, body, retryAfter } = inferenceError(error);
    if (status >= 500 && status !== 503) log(status, body.error);
    if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter));
    const chosen = reply.getHeader('x-request-id');
    const id = typeof chosen === 'string' ? chosen : requestId(request);
    reply.header('x-request-id', id);
    body.request_id = id;
    return reply.status(status).send(body);
  };
}
