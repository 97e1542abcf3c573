/**
 * Errors on the inference routes: the status comes from the error catalog, the body is the Open
 * Inference Protocol's `{"error": "…"}` with Flywheel's code, hint and (for bad requests) the list
 * of problems; a full queue answers 503 with Retry-After.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { FlywheelError } from '../../core/index.js';
import { errorResponse } from '../errors.js';

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
  const { status, body } = errorResponse(error);
  const e = body.flywheel as { code: string; hint?: string; details?: Record<string, unknown> };
  const out: InferenceErrorBody = { error: body.message, code: e.code };
  if (e.hint) out.hint = e.hint;
  if (e.details?.problems) out.problems = e.details.problems;
  if (!(error instanceof FlywheelError) || error.code !== 'OVERLOADED') return { status, body: out };
  const wait = Number(e.details?.retryAfterSeconds ?? 1);
  // A client over its own rate is told 429; a full queue (everyone's problem) stays 503.
  return { status: e.details?.rateLimited ? 429 : status, body: out, retryAfter: wait };
}

/** The error handler of the inference scope. */
export function inferenceErrorHandler(log: (status: number, message: string) => void) {
  return (error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) => {
    const { status, body, retryAfter } = inferenceError(error);
    if (status >= 500 && status !== 503) log(status, body.error);
    if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter));
    const id = request.headers['x-request-id'];
    if (typeof id === 'string') body.request_id = id.slice(0, 128);
    return reply.status(status).send(body);
  };
}
