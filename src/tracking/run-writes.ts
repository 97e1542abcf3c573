/** Writes by run id for the HTTP API: metric points with their own times, and MLflow's log-batch. */
import { FlywheelError } from '../core/index.js';
import type { MetadataStore } from '../storage/metadata/index.js';
import { checkKey, checkLength, LIMITS } from './limits.js';
import { MetricBuffer } from './metric-buffer.js';
import { appendMetrics, checkMetric, logParams, setTags } from './run-ops.js';

/** One metric point as a client sends it. */
export interface MetricInput {
  key: string;
  value: number;
  step?: number;
  /** Epoch milliseconds (default: now). */
  time?: number;
}

/** Metrics, params and tags logged together (MLflow's runs/log-batch). */
export interface RunBatch {
  metrics?: MetricInput[];
  params?: Array<{ key: string; value: string }>;
  tags?: Array<{ key: string; value: string }>;
}

/** Append metric points to a run (one transaction). */
export async function logMetricPoints(
  metadata: MetadataStore,
  runId: string,
  points: MetricInput[],
): Promise<void> {
  const buffer = new MetricBuffer(Math.max(1, points.length));
  const now = Date.now();
  for (const p of points) {
    checkKey(p.key, 'metric key');
    buffer.push(p.key, p.value, checkMetric(p.key, p.value, p.step), p.time ?? now);
  }
  await appendMetrics(metadata, runId, buffer.take(), now);
}

function tooMany(what: string, n: number, max: number): FlywheelError {
  return new FlywheelError('INVALID_ARGUMENT', `a batch may hold at most ${max} ${what}, got ${n}`, {
    hint: 'Split the batch into several requests.',
    details: { [what]: n, limit: max },
  });
}

/** Log a batch within MLflow's limits (1,000 metrics, 100 params, 100 tags, 1,000 in all). */
export async function logBatch(metadata: MetadataStore, runId: string, batch: RunBatch): Promise<void> {
  const metrics = batch.metrics ?? [];
  const params = batch.params ?? [];
  const tags = batch.tags ?? [];
  if (metrics.length > LIMITS.batchMetrics) throw tooMany('metrics', metrics.length, LIMITS.batchMetrics);
  if (params.length > LIMITS.batchParamsOrTags)
    throw tooMany('params', params.length, LIMITS.batchParamsOrTags);
  if (tags.length > LIMITS.batchParamsOrTags) throw tooMany('tags', tags.length, LIMITS.batchParamsOrTags);
  const total = metrics.length + params.length + tags.length;
  if (total > LIMITS.batchEntities) throw tooMany('entities', total, LIMITS.batchEntities);
  const paramMap: Record<string, string> = {};
  for (const p of params) {
    if (Object.hasOwn(paramMap, p.key) && paramMap[p.key] !== p.value) {
      throw new FlywheelError(
        'INVALID_ARGUMENT',
        `the batch logs param "${p.key}" twice with different values: "${paramMap[p.key]}" and "${p.value}"`,
        { hint: 'Log each param once per batch.', details: { key: p.key } },
      );
    }
    paramMap[p.key] = p.value;
  }
  const tagMap = Object.fromEntries(
    tags.map((t) => [
      checkKey(t.key, 'tag key'),
      checkLength(t.value, LIMITS.tagValueLength, `tag "${t.key}" value`),
    ]),
  );
  await logParams(metadata, runId, paramMap);
  await setTags(metadata, runId, tagMap);
  await logMetricPoints(metadata, runId, metrics);
}
