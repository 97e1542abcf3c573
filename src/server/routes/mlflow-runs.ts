/** MLflow REST: runs create, get, update, delete, restore, search, log-metric, log-parameter, log-batch, set-tag, delete-tag; metrics get-history. */
import type { Platform } from '../../platform.js';
import { MAX_SEARCH_RESULTS } from '../../tracking/index.js';
import {
  encodePageToken,
  maxResults,
  metricJson,
  pageOffset,
  parseRequest,
  mlflowRequests as R,
  runInfoJson,
  runJson,
} from '../mlflow/index.js';
import { auditActor, type RequestContext, type Route, SEARCH_BODY_LIMIT } from '../route.js';
import { viewOf } from './mlflow-experiments.js';

const record = (kvs: Array<{ key: string; value: string }>) =>
  Object.fromEntries(kvs.map((t) => [t.key, t.value]));

/** Metric points as the API sends them (timestamp in ms) to the tracking service's shape. */
const points = (ms: Array<{ key: string; value: number; timestamp?: number; step?: number }>) =>
  ms.map((m) => ({ key: m.key, value: m.value, step: m.step, time: m.timestamp }));

/** The longest metric history one answer holds (MLflow's page size). */
const HISTORY_PAGE = 25_000;

/** The run routes. */
export function runRoutes(p: Platform): Route[] {
  const t = p.tracking;
  const write = (
    path: string,
    handle: (input: Record<string, unknown>, ctx: RequestContext) => Promise<unknown>,
  ): Route => ({
    method: 'POST',
    path,
    write: true,
    handle,
  });
  return [
    write('/runs/create', async (input, ctx) => {
      const r = parseRequest(R.createRun, input);
      const tags = record(r.tags);
      const run = await t.createRun({
        experimentId: r.experiment_id,
        name: r.run_name ?? tags['mlflow.runName'],
        // MLflow's user_id is what the client says; without one, who sent it (never the server's OS user).
        user: r.user_id || tags['mlflow.user'] || auditActor(ctx),
        startTime: r.start_time,
        tags,
      });
      return { run: runJson(run) };
    }),
    {
      method: 'GET',
      path: '/runs/get',
      write: false,
      async handle(input) {
        return { run: runJson(await t.getRun(parseRequest(R.getRun, input).run_id)) };
      },
    },
    write('/runs/update', async (input) => {
      const r = parseRequest(R.updateRun, input);
      const run = await t.updateRun(r.run_id, { status: r.status, endTime: r.end_time, name: r.run_name });
      return { run_info: runInfoJson(run) };
    }),
    write('/runs/delete', async (input) => {
      await t.deleteRuns([parseRequest(R.deleteRun, input).run_id]);
      return {};
    }),
    write('/runs/restore', async (input) => {
      await t.restoreRuns([parseRequest(R.deleteRun, input).run_id]);
      return {};
    }),
    {
      method: ['POST', 'GET'],
      path: '/runs/search',
      write: false,
      bodyLimit: SEARCH_BODY_LIMIT,
      async handle(input) {
        const r = parseRequest(R.searchRuns, input);
        const limit = maxResults(r.max_results, MAX_SEARCH_RESULTS);
        const offset = pageOffset(r.page_token);
        const runs = await t.searchRuns({
          experimentIds: r.experiment_ids,
          filter: r.filter,
          sort: r.order_by,
          view: viewOf(r.run_view_type),
          limit: Math.min(limit + 1, MAX_SEARCH_RESULTS),
          offset,
        });
        return {
          runs: runs.slice(0, limit).map(runJson),
          ...(runs.length > limit ? { next_page_token: encodePageToken(offset + limit) } : {}),
        };
      },
    },
    write('/runs/log-metric', async (input) => {
      const r = parseRequest(R.logMetric, input);
      await t.logMetrics(r.run_id, points([r]));
      return {};
    }),
    write('/runs/log-parameter', async (input) => {
      const r = parseRequest(R.logParam, input);
      await t.logParams(r.run_id, { [r.key]: r.value });
      return {};
    }),
    write('/runs/set-tag', async (input) => {
      const r = parseRequest(R.setTag, input);
      await t.setTags(r.run_id, { [r.key]: r.value });
      return {};
    }),
    write('/runs/delete-tag', async (input) => {
      const r = parseRequest(R.deleteTag, input);
      await t.deleteTag(r.run_id, r.key);
      return {};
    }),
    write('/runs/log-batch', async (input) => {
      const r = parseRequest(R.logBatch, input);
      await t.logBatch(r.run_id, { metrics: points(r.metrics), params: r.params, tags: r.tags });
      return {};
    }),
    {
      method: 'GET',
      path: '/metrics/get-history',
      write: false,
      async handle(input) {
        const r = parseRequest(R.metricHistory, input);
        const limit = maxResults(r.max_results ?? HISTORY_PAGE, HISTORY_PAGE);
        const offset = pageOffset(r.page_token);
        const history = await t.metricHistory(r.run_id, r.metric_key, { limit: limit + 1, offset });
        return {
          metrics: history.slice(0, limit).map(metricJson),
          ...(history.length > limit ? { next_page_token: encodePageToken(offset + limit) } : {}),
        };
      },
    },
  ];
}
