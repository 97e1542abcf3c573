/**
 * Reading `/api/v1` input (query string, JSON body and path parameters merged by route.ts): one
 * zod parse whose first problem becomes a 400 naming the field, integer and list parameters as a
 * query string carries them, paging, and JSON-safe numbers (NaN and ±Infinity are sent as null).
 */
import type { z } from 'zod';
import { FlywheelError } from '../../core/index.js';
import { encodePageToken, pageOffset } from '../mlflow/index.js';

/** Parse `input` with `schema`; the first problem is a 400 naming its field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input ?? {});
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const field = issue.path.join('.') || 'body';
  throw new FlywheelError('INVALID_ARGUMENT', `invalid ${field}: ${issue.message}`, {
    where: { field },
    hint: 'docs/api.md lists the parameters of every /api/v1 route (and /openapi.json their schemas).',
  });
}

/** A string parameter, or undefined when absent or empty. */
export function text(input: Record<string, unknown>, name: string, max = 1000): string | undefined {
  const v = input[name];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string' && typeof v !== 'number') throw invalid(name, 'must be a string');
  const s = String(v);
  if (s.length > max) throw invalid(name, `is longer than ${max} characters`);
  return s;
}

/** A required string parameter (a path parameter, say). */
export function required(input: Record<string, unknown>, name: string, max = 1000): string {
  const s = text(input, name, max);
  if (s === undefined) throw invalid(name, 'is required');
  return s;
}

/** An integer parameter within [min, max], or `fallback` when absent. */
export function integer(
  input: Record<string, unknown>,
  name: string,
  range: { min: number; max: number; fallback: number },
): number {
  const s = text(input, name, 20);
  if (s === undefined) return range.fallback;
  const n = Number(s);
  if (!Number.isInteger(n) || n < range.min || n > range.max)
    throw invalid(name, `must be an integer from ${range.min} to ${range.max}, got ${JSON.stringify(s)}`);
  return n;
}

/** A version number from a path (`3`): a positive integer. */
export function versionNumber(input: Record<string, unknown>, name = 'version'): number {
  return integer(input, name, { min: 1, max: 2 ** 31 - 1, fallback: Number.NaN });
}

/** The offset a page_token stands for (0 without one). */
export function pageStart(input: Record<string, unknown>): number {
  return pageOffset(text(input, 'page_token', 200));
}

/** The next page's token, when there may be one. */
export function nextPageToken(offset: number, got: number, pageSize: number): string | null {
  return got > pageSize ? encodePageToken(offset + pageSize) : null;
}

function invalid(name: string, message: string): FlywheelError {
  return new FlywheelError('INVALID_ARGUMENT', `${name} ${message}`, {
    where: { field: name },
    hint: 'docs/api.md lists the parameters of every /api/v1 route (and /openapi.json their schemas).',
  });
}

/** A number JSON can carry: NaN and ±Infinity become null. */
export const finite = (v: number | null | undefined): number | null =>
  typeof v === 'number' && Number.isFinite(v) ? v : null;

/** Every value of a record through `finite`. */
export function finiteRecord(r: Record<string, number> | null | undefined): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(r ?? {})) out[k] = finite(v);
  return out;
}
