/** Request ids: the client's `X-Request-Id` when well-formed (1–128 of `A-Za-z0-9._:-`), else a fresh one. */
import { randomUUID } from 'node:crypto';

/** What a client's request id may look like. */
export const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The client's request id when it is well-formed, else undefined. */
export function givenRequestId(headers: Readonly<Record<string, unknown>>): string | undefined {
  const given = headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : undefined;
}

/** The request id to answer with: the client's when well-formed, else a fresh UUID. */
export function requestId(request: { headers: Readonly<Record<string, unknown>> }): string {
  return givenRequestId(request.headers) ?? randomUUID();
}
