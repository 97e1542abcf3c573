/**
 * `/api/v1` runs: experiments, a page of runs (the filter language of `flywheel runs list
 * --filter`; params, latest metrics and tags per run, and the keys for column choice), one run,
 * its artifacts (listed, and downloaded by their recorded path only), and the metric curves of
 * several runs in one call, down-sampled here (LTTB, downsample.ts) with their true point counts.
 */
import { FlywheelError } from '../../core/index.js';
import type { Platform } from '../../platform.js';
import type { RunArtifact } from '../../storage/metadata/index.js';
import type { Route } from '../route.js';
import { runRow } from './convert.js';
import { lttbIndices } from './downsample.js';
import { finite, integer, nextPageToken, pageStart, parseInput, required, text } from './input.js';
import {
  type ArtifactList,
  type ExperimentsResponse,
  type MetricHistoryResponse,
  type MetricSeries,
  metricHistoryRequestSchema,
  type RunDetail,
  type RunsResponse,
} from './schemas.js';

/** The largest page of runs. */
export const MAX_RUN_PAGE = 1000;
/** Points one metric-history answer may hold in all (series × max_points). */
export const MAX_HISTORY_POINTS = 1_000_000;
/** Points of one curve read before down-sampling; a longer curve is refused. */
export const MAX_CURVE_POINTS = 2_000_000;
/** Entries one artifact listing holds. */
export const MAX_ARTIFACT_ENTRIES = 10_000;

/** The run routes of `/api/v1`. */
export function runApiRoutes(p: Platform): Route[] {
  const t = p.tracking;
  return [
    {
      method: 'GET',
      path: '/experiments',
      write: false,
      async handle(): Promise<ExperimentsResponse> {
        const list = await t.listExperiments({ limit: 1000 });
        return {
          experiments: list.map((e) => ({
            experiment_id: e.id,
            name: e.name,
            lifecycle_stage: e.lifecycleStage,
            artifact_location: e.artifactLocation,
            tags: e.tags,
            created_at: e.createdAt,
            updated_at: e.updatedAt,
          })),
        };
      },
    },
    {
      method: 'GET',
      path: '/runs',
      write: false,
      async handle(input): Promise<RunsResponse> {
        const size = integer(input, 'max_results', { min: 1, max: MAX_RUN_PAGE, fallback: 100 });
        const offset = pageStart(input);
        const experiments = text(input, 'experiment_id', 100_000);
        const order = text(input, 'order_by', 10_000);
        const runs = await t.searchRuns({
          experimentIds: experiments?.split(',').map((s) => s.trim()),
          filter: text(input, 'filter', 65_536),
          sort: order?.split(',').map((s) => s.trim()),
          limit: size + 1,
          offset,
        });
        const page = runs.slice(0, size);
        const keys = (pick: (r: (typeof page)[number]) => object) =>
          [...new Set(page.flatMap((r) => Object.keys(pick(r))))].sort();
        const now = Date.now();
        return {
          runs: page.map((r) => runRow(r, now)),
          param_keys: keys((r) => r.params),
          metric_keys: keys((r) => r.metrics),
          tag_keys: keys((r) => r.tags),
          next_page_token: nextPageToken(offset, runs.length, size),
        };
      },
    },
    {
      method: 'GET',
      path: '/runs/:id',
      write: false,
      async handle(input): Promise<RunDetail> {
        const r = await t.getRun(required(input, 'id', 200));
        const latest: RunDetail['metrics_latest'] = {};
        for (const [k, m] of Object.entries(r.metrics))
          latest[k] = { value: finite(m.value), step: m.step, time: m.time };
        return {
          ...runRow(r),
          status_reason: r.statusReason,
          lifecycle_stage: r.lifecycleStage,
          host: r.host,
          git_dirty: r.gitDirty,
          metrics_latest: latest,
          inputs: r.inputs.map((i) => ({ ...i, ref: `${i.dataset}:${i.version}` })),
          outputs: r.outputs,
          artifact_count: r.artifacts.length,
        };
      },
    },
    {
      method: 'GET',
      path: '/runs/:id/artifacts',
      write: false,
      async handle(input): Promise<ArtifactList> {
        const id = required(input, 'id', 200);
        const folder = artifactPath(text(input, 'path', 1000) ?? '', true);
        const run = await t.getRun(id);
        return { run_id: id, path: folder, files: listFolder(run.artifacts, folder, id) };
      },
    },
    {
      method: 'GET',
      path: '/runs/:id/artifacts/download',
      write: false,
      async handle(input) {
        const id = required(input, 'id', 200);
        const path = artifactPath(required(input, 'path', 1000), false);
        const run = await t.getRun(id);
        const file = run.artifacts.find((a) => a.path === path);
        if (!file) {
          throw new FlywheelError('NOT_FOUND', `run ${id} has no artifact file "${path}"`, {
            hint: `List its artifacts with GET /api/v1/runs/${id}/artifacts.`,
          });
        }
        return p.artifacts.get(file.digest);
      },
    },
    {
      method: 'POST',
      path: '/metrics/history',
      write: false,
      bodyLimit: 64 * 1024,
      async handle(input): Promise<MetricHistoryResponse> {
        const r = parseInput(metricHistoryRequestSchema, input);
        const runIds = [...new Set(r.run_ids)];
        const keys = [...new Set(r.keys)];
        const wanted = runIds.length * keys.length * r.max_points;
        if (wanted > MAX_HISTORY_POINTS) {
          throw new FlywheelError(
            'INVALID_ARGUMENT',
            `${runIds.length} runs × ${keys.length} keys × ${r.max_points} points is more than ${MAX_HISTORY_POINTS.toLocaleString('en-US')} points`,
            { where: { field: 'max_points' }, hint: 'Ask for fewer keys or a smaller max_points.' },
          );
        }
        const series: MetricSeries[] = [];
        for (const runId of runIds) {
          for (const key of keys) series.push(await curve(p, runId, key, r.max_points, r.x));
        }
        return { x: r.x, max_points: r.max_points, method: 'lttb', series };
      },
    },
  ];
}

async function curve(
  p: Platform,
  runId: string,
  key: string,
  max: number,
  x: 'step' | 'time',
): Promise<MetricSeries> {
  let points = await p.tracking.metricHistory(runId, key, { limit: MAX_CURVE_POINTS + 1 });
  if (points.length > MAX_CURVE_POINTS) {
    throw new FlywheelError(
      'PAYLOAD_TOO_LARGE',
      `metric "${key}" of run ${runId} has more than ${MAX_CURVE_POINTS.toLocaleString('en-US')} points`,
      { hint: 'Page through it with the MLflow route GET /api/2.0/mlflow/metrics/get-history.' },
    );
  }
  if (x === 'time') points = [...points].sort((a, b) => a.time - b.time || a.step - b.step);
  const kept =
    points.length <= max
      ? points
      : lttbIndices(
          points.map((q) => (x === 'step' ? q.step : q.time)),
          points.map((q) => q.value),
          max,
        ).map((i) => points[i]!);
  return {
    run_id: runId,
    key,
    total: points.length,
    steps: kept.map((q) => q.step),
    times: kept.map((q) => q.time),
    values: kept.map((q) => finite(q.value)),
  };
}

/**
 * An artifact path as a request gives it, checked: relative, `/`-separated, no `.` or `..` part, no
 * empty part, no backslash or control character. Artifacts are looked up by their recorded path,
 * never on a file system, so this refuses nonsense early rather than guarding a disk.
 */
export function artifactPath(raw: string, folder: boolean): string {
  const path = folder ? raw.replace(/\/+$/, '') : raw;
  if (path === '' && folder) return '';
  const parts = path.split('/');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses.
  const bad = /[\\\u0000-\u001f\u007f]/.test(path) || parts.some((s) => s === '' || s === '.' || s === '..');
  if (bad) {
    throw new FlywheelError('INVALID_ARGUMENT', `invalid artifact path ${JSON.stringify(raw)}`, {
      where: { field: 'path' },
      hint: 'Give a path inside the run artifact root as listed (e.g. model/model.json): relative, "/"-separated, no "." or ".." parts.',
    });
  }
  return path;
}

function listFolder(all: RunArtifact[], folder: string, runId: string): ArtifactList['files'] {
  const prefix = folder === '' ? '' : `${folder}/`;
  const entries = new Map<string, { is_dir: boolean; size: number | null }>();
  let exact = false;
  for (const a of all) {
    if (a.path === folder) exact = true;
    if (!a.path.startsWith(prefix) || a.path === folder) continue;
    const rest = a.path.slice(prefix.length);
    const cut = rest.indexOf('/');
    const name = cut < 0 ? rest : rest.slice(0, cut);
    if (cut < 0) entries.set(name, { is_dir: false, size: a.size });
    else if (!entries.has(name)) entries.set(name, { is_dir: true, size: null });
    if (entries.size > MAX_ARTIFACT_ENTRIES) break;
  }
  if (folder !== '' && entries.size === 0) {
    throw new FlywheelError(
      'NOT_FOUND',
      exact
        ? `"${folder}" of run ${runId} is a file, not a folder`
        : `run ${runId} has no artifact folder "${folder}"`,
      { hint: exact ? 'Download it with /artifacts/download?path=…' : 'List the root with no path.' },
    );
  }
  return [...entries.entries()]
    .slice(0, MAX_ARTIFACT_ENTRIES)
    .sort(([a, x], [b, y]) => Number(y.is_dir) - Number(x.is_dir) || (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, e]) => ({ path: `${prefix}${name}`, ...e }));
}
