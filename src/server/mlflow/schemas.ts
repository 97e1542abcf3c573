/**
 * Request shapes of the MLflow REST API subset, parsed with zod where they enter. Protobuf JSON
 * sends 64-bit integers as numbers or as strings and non-finite doubles as "NaN"/"Infinity", so
 * both are accepted. Field names are MLflow's (snake_case; `run_uuid` is the old name of `run_id`).
 */
import { z } from 'zod';
import { FlywheelError } from '../../core/index.js';
import { checkRequestText } from './text.js';

// Integers a JavaScript number holds exactly (±2^53): beyond that the value would be rounded,
// and PostgreSQL's BIGINT refuses what a double prints as 1e+23 (a 500 instead of a 400).
const safe = (n: number) => Number.isSafeInteger(n);
const SAFE_MESSAGE = 'must be an integer between -9007199254740991 and 9007199254740991';
const int64 = z.union([
  z.number().int().refine(safe, SAFE_MESSAGE),
  z
    .string()
    .regex(/^-?\d{1,16}$/, SAFE_MESSAGE)
    .transform(Number)
    .refine(safe, SAFE_MESSAGE),
]);
const double = z.union([
  z.number(),
  z.enum(['NaN', 'Infinity', '-Infinity']).transform((s) => Number(s)),
  z
    .string()
    .regex(/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/)
    .transform(Number),
]);
const keyValue = z.object({ key: z.string(), value: z.string() });
const tags = z.array(keyValue).default([]);
/** A query-string list arrives as one string or several. */
const stringList = z.union([z.array(z.string()), z.string().transform((s) => [s])]);
const pageToken = z.string().optional();

/** A request naming a run by `run_id` (or the older `run_uuid`), with more fields. */
function withRun<T extends z.ZodRawShape>(shape: T) {
  const runUuidAsRunId = (v: unknown) =>
    typeof v === 'object' && v !== null && !('run_id' in v) && 'run_uuid' in v
      ? { ...v, run_id: (v as { run_uuid: unknown }).run_uuid }
      : v;
  return z.preprocess(runUuidAsRunId, z.object({ run_id: z.string().min(1), ...shape }));
}

const viewType = z.enum(['ACTIVE_ONLY', 'DELETED_ONLY', 'ALL']).default('ACTIVE_ONLY');

/** Every request shape, by route. */
export const mlflowRequests = {
  createExperiment: z.object({ name: z.string().min(1), artifact_location: z.string().optional(), tags }),
  getExperiment: z.object({ experiment_id: z.string().min(1) }),
  getExperimentByName: z.object({ experiment_name: z.string().min(1) }),
  searchExperiments: z.object({
    max_results: int64.default(1000),
    page_token: pageToken,
    filter: z.string().optional(),
    order_by: stringList.optional(),
    view_type: viewType,
  }),
  createRun: z.object({
    experiment_id: z.string().min(1).default('0'),
    user_id: z.string().optional(),
    run_name: z.string().optional(),
    start_time: int64.optional(),
    tags,
  }),
  getRun: withRun({}),
  updateRun: withRun({
    status: z.enum(['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED']).optional(),
    end_time: int64.optional(),
    run_name: z.string().optional(),
  }),
  deleteRun: withRun({}),
  searchRuns: z.object({
    experiment_ids: stringList.default([]),
    filter: z.string().optional(),
    run_view_type: viewType,
    max_results: int64.default(1000),
    order_by: stringList.optional(),
    page_token: pageToken,
  }),
  logMetric: withRun({ key: z.string(), value: double, timestamp: int64.optional(), step: int64.optional() }),
  logParam: withRun({ key: z.string(), value: z.string() }),
  setTag: withRun({ key: z.string(), value: z.string() }),
  deleteTag: withRun({ key: z.string() }),
  logBatch: withRun({
    metrics: z
      .array(
        z.object({ key: z.string(), value: double, timestamp: int64.optional(), step: int64.optional() }),
      )
      .default([]),
    params: z.array(keyValue).default([]),
    tags,
  }),
  metricHistory: withRun({
    metric_key: z.string().min(1),
    max_results: int64.optional(),
    page_token: pageToken,
  }),
  createModel: z.object({ name: z.string().min(1), description: z.string().optional(), tags }),
  getModel: z.object({ name: z.string().min(1) }),
  searchModels: z.object({
    filter: z.string().optional(),
    max_results: int64.default(100),
    order_by: stringList.optional(),
    page_token: pageToken,
  }),
  createVersion: z.object({
    name: z.string().min(1),
    source: z.string().min(1),
    run_id: z.string().optional(),
    description: z.string().optional(),
    tags,
    run_link: z.string().optional(),
  }),
  getVersion: z.object({ name: z.string().min(1), version: z.string().min(1) }),
  searchVersions: z.object({
    filter: z.string().optional(),
    max_results: int64.default(10_000),
    order_by: stringList.optional(),
    page_token: pageToken,
  }),
  setAlias: z.object({
    name: z.string().min(1),
    alias: z.string().min(1),
    version: z.string().min(1),
    reason: z.string().optional(),
  }),
  alias: z.object({ name: z.string().min(1), alias: z.string().min(1) }),
} as const;

/**
 * Parse a request; the error names the parameter the way MLflow does. Every text field is checked
 * first (no NUL, well-formed UTF-16: text.ts), for every route, before anything reaches a store.
 */
export function parseRequest<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  checkRequestText(input);
  const r = schema.safeParse(input ?? {});
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const field = issue.path.join('.');
  const missing = issue.code === 'invalid_type' && issue.message.includes('undefined');
  const message =
    issue.code === 'custom'
      ? issue.message
      : missing
        ? `Missing value for required parameter '${field}'`
        : `Invalid value for parameter '${field}': ${issue.message}`;
  throw new FlywheelError('INVALID_ARGUMENT', message, {
    where: { field },
    hint: 'See the MLflow REST API reference for the fields of this endpoint; docs/server.md lists what Flywheel supports.',
  });
}

/** Decode a page token (an offset); a token not made here is an error. */
export function pageOffset(token: string | undefined): number {
  if (token === undefined || token === '') return 0;
  const text = Buffer.from(token, 'base64url').toString('utf8');
  const m = /^offset:(\d{1,9})$/.exec(text);
  if (!m) {
    throw new FlywheelError('INVALID_ARGUMENT', `invalid page_token "${token}"`, {
      where: { field: 'page_token' },
      hint: 'Pass back the next_page_token of the previous answer unchanged.',
    });
  }
  return Number(m[1]);
}

/** The token for the page starting at `offset`. */
export function encodePageToken(offset: number): string {
  return Buffer.from(`offset:${offset}`, 'utf8').toString('base64url');
}

/** Check max_results against a limit. */
export function maxResults(n: number, limit: number): number {
  if (n < 1 || n > limit) {
    throw new FlywheelError('INVALID_ARGUMENT', `max_results must be between 1 and ${limit}, got ${n}`, {
      where: { field: 'max_results' },
      hint: `Ask for at most ${limit} and page with page_token.`,
    });
  }
  return n;
}
