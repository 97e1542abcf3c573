/** Reading runs: one run with everything it logged, searches, and side-by-side comparisons. */
import { FlywheelError } from '../core/index.js';
import type {
  MetadataStore,
  RunArtifact,
  RunDetail,
  RunInput,
  RunSort,
  ViewType,
} from '../storage/metadata/index.js';
import { runNotFound } from '../storage/metadata/index.js';
import { findExperiment } from './experiments.js';
import { parseRunFilter, parseRunSort } from './filter.js';
import { FILTER_LIMITS, filterLimitError } from './limits.js';

/** A run with everything recorded about it. */
export interface RunView extends RunDetail {
  experimentName: string;
  inputs: RunInput[];
  artifacts: RunArtifact[];
  /** Model versions registered from this run. */
  outputs: Array<{ name: string; version: number }>;
}

/** One run, or NOT_FOUND naming the id. */
export async function getRunView(metadata: MetadataStore, id: string): Promise<RunView> {
  const run = await metadata.tracking.getRun(id);
  if (!run) throw runNotFound(id);
  const [detail] = await metadata.tracking.runDetails([run]);
  const [experiment, inputs, artifacts, outputs] = await Promise.all([
    metadata.tracking.getExperiment(run.experimentId),
    metadata.tracking.inputs(id),
    metadata.tracking.artifacts(id),
    metadata.registry.searchVersions({ runId: id, limit: 1000 }),
  ]);
  return {
    ...detail!,
    experimentName: experiment?.name ?? `#${run.experimentId}`,
    inputs,
    artifacts,
    outputs: outputs.map((v) => ({ name: v.name, version: v.version })).reverse(),
  };
}

/** A run search as the CLI and the SDK write it. */
export interface SearchRunsOptions {
  /** Experiments by name (or id); all when absent. */
  experiments?: string[];
  /** Experiments by exact id (the HTTP API). */
  experimentIds?: string[];
  /** A filter such as `metrics.auc > 0.9 and params.model = 'gbdt'`. */
  filter?: string;
  /** Sort keys such as `-metrics.auc` or `["metrics.auc DESC"]`; newest first by default. */
  sort?: string | readonly string[];
  view?: ViewType;
  limit?: number;
  offset?: number;
}

/** The most runs one search returns (MLflow's limit). */
export const MAX_SEARCH_RESULTS = 50_000;

/** A run in a search result: params, latest metrics, tags and its experiment's name. */
export interface RunSummary extends RunDetail {
  experimentName: string;
}

/** Runs matching a search, with params, latest metrics, tags and experiment names. */
export async function searchRuns(
  metadata: MetadataStore,
  options: SearchRunsOptions = {},
): Promise<RunSummary[]> {
  const limit = options.limit ?? 1000;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SEARCH_RESULTS) {
    throw new FlywheelError(
      'INVALID_ARGUMENT',
      `limit must be between 1 and ${MAX_SEARCH_RESULTS}, got ${limit}`,
      {
        hint: 'Page through larger results with an offset.',
      },
    );
  }
  const wanted = (options.experimentIds?.length ?? 0) + (options.experiments?.length ?? 0);
  if (wanted > FILTER_LIMITS.experimentIds)
    throw filterLimitError('too many experiments', 'experimentIds', wanted, 'experiment_ids');
  const filter = options.filter === undefined ? undefined : parseRunFilter(options.filter);
  const sort: RunSort[] = options.sort === undefined ? [] : parseRunSort(options.sort);
  let experimentIds = options.experimentIds;
  if (options.experiments !== undefined) {
    const found = await Promise.all(options.experiments.map((e) => findExperiment(metadata, e)));
    experimentIds = [...(experimentIds ?? []), ...found.map((e) => e.id)];
  }
  const runs = await metadata.tracking.searchRuns({
    experimentIds,
    filter,
    sort,
    view: options.view,
    limit,
    offset: options.offset,
  });
  const names = new Map<string, string>();
  for (const id of new Set(runs.map((r) => r.experimentId))) {
    names.set(id, (await metadata.tracking.getExperiment(id))?.name ?? `#${id}`);
  }
  return runs.map((r) => ({ ...r, experimentName: names.get(r.experimentId)! }));
}

/** One row of a comparison: a key and its value in each run; `differs` when not all equal. */
export interface ComparedValue<T> {
  key: string;
  values: Array<T | null>;
  differs: boolean;
}

/** Runs side by side. */
export interface RunComparison {
  runs: Array<Pick<RunDetail, 'id' | 'name' | 'status' | 'experimentId' | 'startTime' | 'endTime'>>;
  params: Array<ComparedValue<string>>;
  metrics: Array<ComparedValue<number>>;
  tags: Array<ComparedValue<string>>;
}

function compareMaps<T>(maps: Array<Record<string, T>>): Array<ComparedValue<T>> {
  const keys = [...new Set(maps.flatMap((m) => Object.keys(m)))].sort();
  return keys.map((key) => {
    const values = maps.map((m) => (Object.hasOwn(m, key) ? m[key]! : null));
    const first = JSON.stringify(values[0]);
    return { key, values, differs: values.some((v) => JSON.stringify(v) !== first) };
  });
}

/** Params, latest metrics and tags of several runs side by side, differences marked. */
export async function compareRuns(metadata: MetadataStore, ids: string[]): Promise<RunComparison> {
  if (ids.length < 2) {
    throw new FlywheelError('INVALID_ARGUMENT', `compare needs at least two runs, got ${ids.length}`, {
      hint: 'Pass two or more run ids: flywheel runs compare ID ID …',
    });
  }
  const records = await Promise.all(
    ids.map(async (id) => {
      const r = await metadata.tracking.getRun(id);
      if (!r) throw runNotFound(id);
      return r;
    }),
  );
  const details = await metadata.tracking.runDetails(records);
  return {
    runs: details.map(({ id, name, status, experimentId, startTime, endTime }) => ({
      id,
      name,
      status,
      experimentId,
      startTime,
      endTime,
    })),
    params: compareMaps(details.map((d) => d.params)),
    metrics: compareMaps(
      details.map((d) => Object.fromEntries(Object.entries(d.metrics).map(([k, m]) => [k, m.value]))),
    ),
    tags: compareMaps(details.map((d) => d.tags)),
  };
}
