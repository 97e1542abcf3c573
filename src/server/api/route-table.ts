/**
 * The `/api/v1` route table (issue 26): method, path, summary, query parameters, body and answer
 * schemas of every route, from which `/openapi.json` is written (openapi.ts) and which the API tests
 * walk. The schemas themselves are in schemas.ts (browser-safe: the dashboard imports their types).
 */
import type { z } from 'zod';
import {
  aliasMoveRequestSchema,
  aliasMoveResponseSchema,
  artifactListSchema,
  datasetDetailSchema,
  datasetDiffSchema,
  datasetsResponseSchema,
  datasetVersionDetailSchema,
  deploymentsResponseSchema,
  experimentsResponseSchema,
  featureDistributionSchema,
  metricHistoryRequestSchema,
  metricHistoryResponseSchema,
  modelDetailSchema,
  modelHistorySchema,
  modelsResponseSchema,
  monitoringDetailSchema,
  monitoringListSchema,
  overviewSchema,
  runDetailSchema,
  runsResponseSchema,
  servingMetricsSchema,
  sessionCheckSchema,
  sessionSchema,
  versionDetailSchema,
} from './schemas.js';

/** A query parameter of a route. */
export interface QueryParam {
  name: string;
  description: string;
  type: 'string' | 'integer';
  required?: boolean;
}

/** One `/api/v1` route: what `/openapi.json` says about it. Paths use `{param}` as OpenAPI does. */
export interface ApiRouteSpec {
  method: 'GET' | 'POST';
  path: string;
  summary: string;
  /** Needs the bearer token (writes). */
  write: boolean;
  query: QueryParam[];
  body?: z.ZodType;
  /** The JSON answer's schema, or `binary` for a file download. */
  response: z.ZodType | 'binary';
}

const q = (name: string, description: string, type: QueryParam['type'] = 'string'): QueryParam => ({
  name,
  description,
  type,
});
const maxResults = q('max_results', 'page size (default 100, at most 1,000)', 'integer');
const pageToken = q('page_token', 'next_page_token of the previous page');
const windowParam = q('window', 'rows per window (`1000`) or a duration (`1h`); default 1000 rows');

/** Every `/api/v1` route. */
export const API_ROUTES: readonly ApiRouteSpec[] = [
  {
    method: 'GET',
    path: '/overview',
    summary: 'The workspace at a glance',
    write: false,
    query: [],
    response: overviewSchema,
  },
  {
    method: 'GET',
    path: '/session',
    summary: 'The auth policy: reads open or token-only, writes need the token',
    write: false,
    query: [],
    response: sessionSchema,
  },
  {
    method: 'POST',
    path: '/session/check',
    summary: 'Check a bearer token (200, or 401 in the error shape)',
    write: true,
    query: [],
    response: sessionCheckSchema,
  },
  {
    method: 'GET',
    path: '/experiments',
    summary: 'Experiments',
    write: false,
    query: [],
    response: experimentsResponseSchema,
  },
  {
    method: 'GET',
    path: '/runs',
    summary:
      'Runs with params, latest metrics and tags; the filter language of `flywheel runs list --filter`',
    write: false,
    query: [
      q('experiment_id', 'experiment id (comma-separated for several); all when absent'),
      q('filter', "e.g. metrics.auc > 0.9 and params.model = 'gbdt'"),
      q('order_by', 'e.g. `metrics.auc DESC` (comma-separated); newest first by default'),
      maxResults,
      pageToken,
    ],
    response: runsResponseSchema,
  },
  {
    method: 'GET',
    path: '/runs/{id}',
    summary: 'One run',
    write: false,
    query: [],
    response: runDetailSchema,
  },
  {
    method: 'GET',
    path: '/runs/{id}/artifacts',
    summary: "A folder of the run's artifacts",
    write: false,
    query: [q('path', 'a folder inside the run artifact root (default: the root)')],
    response: artifactListSchema,
  },
  {
    method: 'GET',
    path: '/runs/{id}/artifacts/download',
    summary: 'Download one artifact file',
    write: false,
    query: [{ ...q('path', 'a file inside the run artifact root'), required: true }],
    response: 'binary',
  },
  {
    method: 'POST',
    path: '/metrics/history',
    summary: 'Metric curves of up to 10 runs, down-sampled server-side (LTTB)',
    write: false,
    query: [],
    body: metricHistoryRequestSchema,
    response: metricHistoryResponseSchema,
  },
  {
    method: 'GET',
    path: '/models',
    summary: 'Registered models with aliases',
    write: false,
    query: [maxResults, pageToken],
    response: modelsResponseSchema,
  },
  {
    method: 'GET',
    path: '/models/{name}',
    summary: 'A registered model: versions, aliases, tags',
    write: false,
    query: [],
    response: modelDetailSchema,
  },
  {
    method: 'GET',
    path: '/models/{name}/versions/{version}',
    summary: 'A model version: run, lineage, reports',
    write: false,
    query: [],
    response: versionDetailSchema,
  },
  {
    method: 'GET',
    path: '/models/{name}/history',
    summary: 'The audit history: versions, alias moves (reason, actor, time), deployments',
    write: false,
    query: [],
    response: modelHistorySchema,
  },
  {
    method: 'POST',
    path: '/models/{name}/aliases/{alias}',
    summary: 'Move an alias to a version, with a reason',
    write: true,
    query: [],
    body: aliasMoveRequestSchema,
    response: aliasMoveResponseSchema,
  },
  {
    method: 'GET',
    path: '/datasets',
    summary: 'Datasets with their latest version',
    write: false,
    query: [],
    response: datasetsResponseSchema,
  },
  {
    method: 'GET',
    path: '/datasets/{name}',
    summary: 'A dataset: versions and tags',
    write: false,
    query: [],
    response: datasetDetailSchema,
  },
  {
    method: 'GET',
    path: '/datasets/{name}/versions/{version}',
    summary: 'A dataset version: schema, profile, validation results',
    write: false,
    query: [],
    response: datasetVersionDetailSchema,
  },
  {
    method: 'GET',
    path: '/datasets/{name}/diff',
    summary: 'The difference of two versions',
    write: false,
    query: [
      { ...q('from', 'version number or tag'), required: true },
      { ...q('to', 'version number or tag'), required: true },
    ],
    response: datasetDiffSchema,
  },
  {
    method: 'GET',
    path: '/deployments',
    summary: 'What this server serves: routes, weights, replicas, recent swaps',
    write: false,
    query: [],
    response: deploymentsResponseSchema,
  },
  {
    method: 'GET',
    path: '/serving/metrics',
    summary: "Request rate, latency percentiles and error rate from this server's metrics",
    write: false,
    query: [],
    response: servingMetricsSchema,
  },
  {
    method: 'GET',
    path: '/monitoring',
    summary: 'Models with a prediction log',
    write: false,
    query: [],
    response: monitoringListSchema,
  },
  {
    method: 'GET',
    path: '/monitoring/{model}',
    summary: 'Drift, performance, missing values and alerts per window',
    write: false,
    query: [
      windowParam,
      q('from', 'first time (ISO 8601 or epoch ms)'),
      q('to', 'last time (ISO 8601 or epoch ms)'),
    ],
    response: monitoringDetailSchema,
  },
  {
    method: 'GET',
    path: '/monitoring/{model}/features/{feature}',
    summary: 'Reference vs window distribution of one feature',
    write: false,
    query: [windowParam, q('index', 'the window (default: the first drifted, else the last)', 'integer')],
    response: featureDistributionSchema,
  },
];
