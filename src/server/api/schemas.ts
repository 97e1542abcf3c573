/**
 * The contract of the public JSON API under `/api/v1` (issue 26): a zod schema for every request
 * and response body, the TypeScript types the dashboard imports (type-only, so this file imports
 * nothing but zod and nothing from node); the route table `/openapi.json` is written from is
 * route-table.ts.
 * Field names are snake_case like the MLflow API beside it; times are epoch milliseconds; a number
 * that is NaN or infinite is sent as null. Names and fields are stable: add, never rename.
 */
import { z } from 'zod';

const num = z.number().nullable();
const int = z.number().int();
const count = z.number().int().nonnegative();
const time = z.number().describe('epoch milliseconds');
const strMap = z.record(z.string(), z.string());
const nextPage = z.string().nullable().describe('pass as page_token for the next page; null on the last');

/** The error body of every route (the server's one error shape, errors.ts). */
export const errorSchema = z.looseObject({
  error_code: z.string(),
  message: z.string(),
  flywheel: z.looseObject({
    code: z.string(),
    message: z.string(),
    hint: z.string().optional(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});

// ---- runs ---------------------------------------------------------------------------------------

export const runStatusSchema = z.enum(['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED']);

/** A run in a list: its params, latest metric values and tags. */
export const runRowSchema = z.object({
  run_id: z.string(),
  run_name: z.string(),
  experiment_id: z.string(),
  experiment_name: z.string(),
  status: runStatusSchema,
  start_time: time,
  end_time: time.nullable(),
  /** end - start; for a running run, now - start. */
  duration_ms: num,
  user: z.string(),
  git_commit: z.string().nullable(),
  params: strMap,
  metrics: z.record(z.string(), num).describe('latest value of each metric'),
  tags: strMap,
});

export const runsResponseSchema = z.object({
  runs: z.array(runRowSchema),
  /** The union of the param, metric and tag keys of the runs in this page (for column choice). */
  param_keys: z.array(z.string()),
  metric_keys: z.array(z.string()),
  tag_keys: z.array(z.string()),
  next_page_token: nextPage,
});

export const experimentSchema = z.object({
  experiment_id: z.string(),
  name: z.string(),
  lifecycle_stage: z.string(),
  artifact_location: z.string(),
  tags: strMap,
  created_at: time,
  updated_at: time,
});
export const experimentsResponseSchema = z.object({ experiments: z.array(experimentSchema) });

const latestMetric = z.object({ value: num, step: z.number(), time });
export const runInputSchema = z.object({
  dataset: z.string(),
  version: int,
  role: z.string(),
  /** `name:version`, the id of the dataset version page. */
  ref: z.string(),
});
export const modelVersionRefSchema = z.object({ name: z.string(), version: int });

export const runDetailSchema = runRowSchema.extend({
  status_reason: z.string().nullable(),
  lifecycle_stage: z.string(),
  host: z.string().nullable(),
  git_dirty: z.boolean().nullable(),
  metrics_latest: z.record(z.string(), latestMetric),
  inputs: z.array(runInputSchema),
  /** Model versions registered from this run. */
  outputs: z.array(modelVersionRefSchema),
  artifact_count: count,
});

export const artifactEntrySchema = z.object({
  path: z.string().describe('relative to the run artifact root'),
  is_dir: z.boolean(),
  size: count.nullable(),
});
export const artifactListSchema = z.object({
  run_id: z.string(),
  path: z.string(),
  files: z.array(artifactEntrySchema),
});

export const metricHistoryRequestSchema = z.object({
  run_ids: z.array(z.string()).min(1).max(10),
  keys: z.array(z.string()).min(1).max(50),
  max_points: z.number().int().min(2).max(10_000).default(1000),
  x: z.enum(['step', 'time']).default('step'),
});

/** One curve, in columns: points i < steps.length. */
export const metricSeriesSchema = z.object({
  run_id: z.string(),
  key: z.string(),
  /** Points logged, before down-sampling. */
  total: count,
  steps: z.array(z.number()),
  times: z.array(z.number()),
  values: z.array(num),
});
export const metricHistoryResponseSchema = z.object({
  x: z.enum(['step', 'time']),
  max_points: int,
  /** How curves longer than max_points were thinned: `lttb` (largest triangle three buckets; first and last kept). */
  method: z.literal('lttb'),
  series: z.array(metricSeriesSchema),
});

// ---- models -------------------------------------------------------------------------------------

export const aliasSchema = z.object({ alias: z.string(), version: int, updated_at: time });
export const modelSummarySchema = z.object({
  name: z.string(),
  description: z.string(),
  tags: strMap,
  user: z.string(),
  created_at: time,
  updated_at: time,
  latest_version: int.nullable(),
  version_count: count,
  aliases: z.array(aliasSchema),
});
export const modelsResponseSchema = z.object({
  models: z.array(modelSummarySchema),
  next_page_token: nextPage,
});

const schemaColumn = z.object({ name: z.string(), type: z.string() });
export const versionSummarySchema = z.object({
  name: z.string(),
  version: int,
  run_id: z.string().nullable(),
  source: z.string(),
  artifact_path: z.string().nullable(),
  description: z.string(),
  tags: strMap,
  user: z.string(),
  created_at: time,
  updated_at: time,
  aliases: z.array(z.string()),
});
export const modelDetailSchema = modelSummarySchema.extend({ versions: z.array(versionSummarySchema) });

export const auditEventSchema = z.object({
  id: int,
  time,
  kind: z.string(),
  actor: z.string(),
  data: z.record(z.string(), z.unknown()),
});
export const lineageSchema = z.object({
  inputs: z.array(
    runInputSchema.extend({
      row_count: count.nullable(),
      digest: z.string().nullable(),
      exists: z.boolean(),
    }),
  ),
  run: z
    .object({
      run_id: z.string(),
      run_name: z.string(),
      experiment_name: z.string(),
      status: runStatusSchema,
      user: z.string(),
      git_commit: z.string().nullable(),
      git_dirty: z.boolean().nullable(),
      start_time: time,
      end_time: time.nullable(),
      metrics: z.record(z.string(), num),
    })
    .nullable(),
  aliases: z.array(z.string()),
  deployments: z.array(auditEventSchema),
});
/** A stored evaluation or explanation report of a version (a run artifact), summarised. */
export const reportSummarySchema = z.object({
  kind: z.enum(['evaluation', 'explanation']),
  run_id: z.string(),
  path: z.string(),
  created_at: time,
  /** Headline numbers (metrics, or mean |contribution| per feature). */
  summary: z.record(z.string(), num),
});
export const versionDetailSchema = versionSummarySchema.extend({
  input_schema: z.array(schemaColumn).nullable(),
  output_schema: z.array(schemaColumn).nullable(),
  lineage: lineageSchema,
  reports: z.array(reportSummarySchema),
});

export const historyEntrySchema = auditEventSchema.extend({
  /** Set for alias moves: the alias, the versions before and after (null: none), and why. */
  alias_move: z
    .object({ alias: z.string(), from: int.nullable(), to: int.nullable(), reason: z.string() })
    .nullable(),
});
export const modelHistorySchema = z.object({ name: z.string(), events: z.array(historyEntrySchema) });

export const aliasMoveRequestSchema = z.object({
  version: z.union([z.number().int().positive(), z.string().min(1).max(100)]),
  reason: z.string().min(1).max(2000),
});
export const aliasMoveResponseSchema = z.object({
  name: z.string(),
  alias: z.string(),
  /** The version the alias served before (null: it pointed nowhere) and now. */
  from: int.nullable(),
  to: int.nullable(),
  reason: z.string(),
  actor: z.string(),
});

// ---- datasets -----------------------------------------------------------------------------------

export const datasetVersionSummarySchema = z.object({
  name: z.string(),
  version: int,
  ref: z.string(),
  kind: z.enum(['file', 'directory']),
  size: count,
  file_count: count,
  row_count: count.nullable(),
  format: z.string().nullable(),
  source: z.string(),
  message: z.string(),
  author: z.string(),
  created_at: time,
  /** The dataset version it was made from (`name:version`, e.g. the source of a split), else null. */
  parent: z.string().nullable(),
  tags: z.array(z.string()),
});
export const datasetSummarySchema = z.object({
  name: z.string(),
  version_count: count,
  latest: datasetVersionSummarySchema,
});
export const datasetsResponseSchema = z.object({ datasets: z.array(datasetSummarySchema) });
export const datasetDetailSchema = z.object({
  name: z.string(),
  versions: z.array(datasetVersionSummarySchema),
  tags: z.array(z.object({ tag: z.string(), version: int })),
});

export const columnProfileSchema = z.object({
  name: z.string(),
  kind: z.string(),
  type: z.string(),
  count,
  nulls: count,
  nan: count,
  infinite: count,
  distinct: count,
  distinct_exact: z.boolean(),
  min: num,
  max: num,
  mean: num,
  std: num,
  quantiles: z.array(z.object({ q: z.number(), value: num })),
  histogram: z.object({ edges: z.array(z.number()), counts: z.array(z.number()) }).nullable(),
  top_values: z.array(z.object({ value: z.union([z.string(), z.number(), z.boolean()]), count })),
  sampled: z.boolean(),
});
export const profileSchema = z.object({ row_count: count, columns: z.array(columnProfileSchema) });

export const failedExpectationSchema = z.object({
  id: z.string(),
  expect: z.string(),
  columns: z.array(z.string()),
  message: z.string(),
  unexpected_count: count,
  unexpected_percent: z.number(),
  unexpected_values: z.array(z.unknown()),
});
export const validationResultSchema = z.object({
  id: z.string(),
  suite_name: z.string(),
  suite_digest: z.string(),
  success: z.boolean(),
  evaluated: count,
  failed: count,
  row_count: count,
  created_at: time,
  failed_expectations: z.array(failedExpectationSchema),
});
export const datasetVersionDetailSchema = datasetVersionSummarySchema.extend({
  schema: z.array(schemaColumn).nullable(),
  profile: profileSchema.nullable(),
  validation: z.array(validationResultSchema),
});

export const datasetDiffSchema = z.object({
  from: z.string(),
  to: z.string(),
  rows: z.tuple([count.nullable(), count.nullable()]),
  bytes: z.tuple([count, count]),
  files: z.object({ added: z.array(z.string()), removed: z.array(z.string()), changed: z.array(z.string()) }),
  schema: z.object({
    added: z.array(schemaColumn),
    removed: z.array(schemaColumn),
    retyped: z.array(z.object({ name: z.string(), from: z.string(), to: z.string() })),
  }),
  columns: z.array(
    z.object({
      column: z.string(),
      type: z.string(),
      null_share: z.tuple([num, num]),
      mean: z.tuple([num, num]).nullable(),
      std: z.tuple([num, num]).nullable(),
      min: z.tuple([num, num]).nullable(),
      max: z.tuple([num, num]).nullable(),
      mean_shift_sd: num,
      psi: num,
      distinct: z.tuple([count, count]),
      top_values: z.tuple([z.array(z.string()), z.array(z.string())]).nullable(),
    }),
  ),
});

// ---- monitoring ---------------------------------------------------------------------------------

export const alertSchema = z.object({
  id: int,
  time,
  model: z.string(),
  alert: z.string(),
  /** The rule as configured (`drift_share >= 0.3 for 2 windows`) and the metric it tests. */
  rule: z.string().nullable(),
  metric: z.string().nullable(),
  value: num,
  threshold: num,
  window_start: z.string().nullable(),
  window_end: z.string().nullable(),
});
export const monitoredModelSchema = z.object({
  model: z.string(),
  /** Log records (a request may hold several rows); counted only when the log is small enough (`rows_counted`). */
  rows: count,
  rows_counted: z.boolean(),
  /** Bytes of the model's prediction log. */
  bytes: count,
  /** Alerts recorded for the model. */
  alerts: count,
  last_alert: time.nullable(),
});
export const monitoringListSchema = z.object({ models: z.array(monitoredModelSchema) });

export const featureDriftSchema = z.object({
  column: z.string(),
  method: z.string(),
  statistic: num,
  p_value: num,
  score: num,
  threshold: num,
  drift: z.boolean(),
});
export const monitorWindowSchema = z.object({
  index: count,
  start: z.string(),
  end: z.string(),
  rows: count,
  versions: z.array(int),
  drift_share: z.number(),
  drifted: count,
  drift: z.boolean(),
  features: z.array(featureDriftSchema),
  prediction: featureDriftSchema.nullable(),
  missing_rate: z.number(),
  missing: z.record(z.string(), z.number()),
  performance: z
    .object({
      rows: count,
      labelled: count,
      coverage: z.number(),
      /** Realised metrics once enough labels arrived, else null. */
      realised: z.record(z.string(), num).nullable(),
      /** Label-free CBPE estimates and their band (estimate ± 2 standard errors). */
      estimated: z.record(z.string(), num).nullable(),
      estimated_low: z.record(z.string(), num).nullable(),
      estimated_high: z.record(z.string(), num).nullable(),
    })
    .nullable(),
  alerts: z.array(alertSchema),
});
export const monitoringDetailSchema = z.object({
  model: z.string(),
  reference: z.string(),
  window: z.string(),
  features: z.array(z.string()),
  windows: z.array(monitorWindowSchema),
  first_drift: count.nullable(),
  dataset_threshold: z.number(),
  logged_rows: count,
  skipped_lines: count,
  short_windows: z.object({ windows: count, rows: count, min_rows: count }),
  /** Set when a bound cut the answer: only the newest `max_windows` windows are sent. */
  truncated: z.boolean(),
  max_windows: count,
});
export const featureDistributionSchema = z.object({
  model: z.string(),
  feature: z.string(),
  window: count,
  start: z.string(),
  end: z.string(),
  kind: z.enum(['numeric', 'categorical']),
  /** Numeric: bin edges (one more than the shares); categorical: the category of each share. */
  edges: z.array(z.number()).nullable(),
  labels: z.array(z.string()).nullable(),
  reference: z.array(z.number()),
  current: z.array(z.number()),
  drift: featureDriftSchema,
});

// ---- serving, deployments, overview, session ------------------------------------------------------

export const deploymentSchema = z.object({
  /** The model reference served (`name`, `name@alias`, `name:3`). */
  model: z.string(),
  name: z.string(),
  routes: z.array(z.object({ version: int, weight: z.number(), alias: z.string().nullable() })),
  replicas: count,
});
export const deploymentsResponseSchema = z.object({
  serving: z.boolean(),
  deployments: z.array(deploymentSchema),
  /** The cluster peers (workers) of this server, when it runs several. */
  peers: z.array(z.object({ id: z.string(), state: z.string() })),
  recent_swaps: z.array(auditEventSchema.extend({ model: z.string() })),
});
export const servingMetricsSchema = z.object({
  serving: z.boolean(),
  time,
  requests_total: count,
  errors_total: count,
  /** Over the server's life: requests per second, errors / requests. */
  request_rate: z.number(),
  error_rate: z.number(),
  latency_ms: z.object({ p50: num, p90: num, p99: num }),
  models: z.array(z.object({ model: z.string(), requests: count, errors: count })),
});
export const overviewSchema = z.object({
  version: z.string(),
  runs: z.array(runRowSchema),
  models: z.array(modelSummarySchema),
  datasets: z.array(datasetSummarySchema),
  alerts: z.array(alertSchema),
  serving: servingMetricsSchema.extend({ models_served: z.array(z.string()), replicas: count }).nullable(),
});
export const sessionSchema = z.object({
  reads: z.enum(['open', 'token']),
  writes: z.enum(['token', 'disabled']),
  token_configured: z.boolean(),
});
export const sessionCheckSchema = z.object({ ok: z.literal(true) });

// ---- types --------------------------------------------------------------------------------------

export type ApiError = z.infer<typeof errorSchema>;
export type RunRow = z.infer<typeof runRowSchema>;
export type RunsResponse = z.infer<typeof runsResponseSchema>;
export type Experiment = z.infer<typeof experimentSchema>;
export type ExperimentsResponse = z.infer<typeof experimentsResponseSchema>;
export type RunDetail = z.infer<typeof runDetailSchema>;
export type ArtifactList = z.infer<typeof artifactListSchema>;
export type MetricHistoryRequest = z.input<typeof metricHistoryRequestSchema>;
export type MetricSeries = z.infer<typeof metricSeriesSchema>;
export type MetricHistoryResponse = z.infer<typeof metricHistoryResponseSchema>;
export type ModelSummary = z.infer<typeof modelSummarySchema>;
export type ModelsResponse = z.infer<typeof modelsResponseSchema>;
export type VersionSummary = z.infer<typeof versionSummarySchema>;
export type ModelDetail = z.infer<typeof modelDetailSchema>;
export type VersionDetail = z.infer<typeof versionDetailSchema>;
export type Lineage = z.infer<typeof lineageSchema>;
export type ReportSummary = z.infer<typeof reportSummarySchema>;
export type AuditEvent = z.infer<typeof auditEventSchema>;
export type ModelHistory = z.infer<typeof modelHistorySchema>;
export type AliasMoveRequest = z.infer<typeof aliasMoveRequestSchema>;
export type AliasMoveResponse = z.infer<typeof aliasMoveResponseSchema>;
export type DatasetVersionSummary = z.infer<typeof datasetVersionSummarySchema>;
export type DatasetSummary = z.infer<typeof datasetSummarySchema>;
export type DatasetsResponse = z.infer<typeof datasetsResponseSchema>;
export type DatasetDetail = z.infer<typeof datasetDetailSchema>;
export type ColumnProfile = z.infer<typeof columnProfileSchema>;
export type ValidationResult = z.infer<typeof validationResultSchema>;
export type DatasetVersionDetail = z.infer<typeof datasetVersionDetailSchema>;
export type DatasetDiff = z.infer<typeof datasetDiffSchema>;
export type Alert = z.infer<typeof alertSchema>;
export type MonitoringList = z.infer<typeof monitoringListSchema>;
export type FeatureDrift = z.infer<typeof featureDriftSchema>;
export type MonitorWindow = z.infer<typeof monitorWindowSchema>;
export type MonitoringDetail = z.infer<typeof monitoringDetailSchema>;
export type FeatureDistribution = z.infer<typeof featureDistributionSchema>;
export type Deployment = z.infer<typeof deploymentSchema>;
export type DeploymentsResponse = z.infer<typeof deploymentsResponseSchema>;
export type ServingMetrics = z.infer<typeof servingMetricsSchema>;
export type Overview = z.infer<typeof overviewSchema>;
export type Session = z.infer<typeof sessionSchema>;
export type SessionCheck = z.infer<typeof sessionCheckSchema>;
