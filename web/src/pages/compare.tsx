/**
 * Compare 2–10 runs: params side by side with the differing rows marked, latest metrics likewise,
 * every metric's curves overlaid (by step, wall time or time since the run's first point; the
 * server down-samples each curve to about the chart's pixel width), and a scatter of one metric
 * against one param. The URL names the runs and the choices.
 */
import { useState } from 'preact/hooks';
import type { MetricHistoryResponse, RunRow, RunsResponse } from '../../../src/server/api/schemas';
import { ApiError, request, useAsync } from '../api';
import { lineChart, type Point, scatter } from '../charts';
import { Chart } from '../components/chart';
import { Show, useTitle } from '../components/status';
import { formatDuration, formatNumber } from '../format';
import { href, MAX_COMPARE, navigate } from '../router';
import { cachedRuns } from '../run-cache';
import { diffNumbers, diffRecords, paramAxis } from './compare-logic';

/** The width the curves are drawn at; the server sends at most about this many points per curve. */
const CHART_WIDTH = 720;
const MAX_POINTS = 640;
const X_MODES = [
  ['step', 'Step'],
  ['time', 'Wall time'],
  ['relative', 'Relative time'],
] as const;
type XMode = (typeof X_MODES)[number][0];

/** The compare page of `runs` (ids, in the URL's order). */
export function ComparePage({ runs, query }: { runs: string[]; query: Record<string, string> }) {
  useTitle('Compare runs');
  const ok = runs.length >= 2 && runs.length <= MAX_COMPARE;
  const load = useAsync(ok ? runs.join(',') : null, (signal) => loadRuns(runs, signal));
  if (!ok) {
    return (
      <>
        <h1>Compare runs</h1>
        <p>
          Pick 2 to {MAX_COMPARE} runs to compare (this link names {runs.length}). Select them in the{' '}
          <a href={href.runs()}>runs table</a>.
        </p>
      </>
    );
  }
  return (
    <>
      <h1>Compare {runs.length} runs</h1>
      <Show load={load} what="One of the runs">
        {(details) => <Comparison runs={details} query={query} />}
      </Show>
    </>
  );
}

/**
 * The runs named, in the URL's order: the runs table's rows when it just showed them all, else one
 * request (`attributes.run_id IN (…)`) rather than one per run; an id that is not a run id, or
 * names no run, is a 404 (the not-found view).
 */
export async function loadRuns(ids: string[], signal: AbortSignal): Promise<RunRow[]> {
  const notFound = (id: string) =>
    new ApiError(404, 'NOT_FOUND', `run ${id} does not exist`, 'Check the run ids in the URL (?runs=a,b,c).');
  const kept = cachedRuns(ids);
  if (kept) return kept;
  const bad = ids.find((id) => !/^[A-Za-z0-9_-]{1,64}$/.test(id));
  if (bad !== undefined) throw notFound(bad);
  const filter = `attributes.run_id IN (${ids.map((id) => `'${id}'`).join(', ')})`;
  const found = await request<RunsResponse>('/runs', { query: { filter, max_results: ids.length }, signal });
  const byId = new Map(found.runs.map((r) => [r.run_id, r]));
  const missing = ids.find((id) => !byId.has(id));
  if (missing !== undefined) throw notFound(missing);
  return ids.map((id) => byId.get(id)!);
}

function Comparison({ runs, query }: { runs: RunRow[]; query: Record<string, string> }) {
  const [onlyDiff, setOnlyDiff] = useState(query.diff === '1');
  const params = diffRecords(runs.map((r) => r.params));
  const metrics = diffNumbers(runs.map((r) => r.metrics));
  const names = runs.map((r) => r.run_name || r.run_id);
  const shownParams = onlyDiff ? params.filter((p) => p.differs) : params;
  const differing = params.filter((p) => p.differs).length;
  return (
    <>
      <div class="table-wrap">
        <table class="data">
          <caption>Runs</caption>
          <thead>
            <tr>
              <th scope="col">Run</th>
              <th scope="col">Status</th>
              <th scope="col" class="num">
                Duration
              </th>
              <th scope="col">Experiment</th>
              <th scope="col">Git commit</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r, i) => (
              <tr key={r.run_id}>
                <th scope="row" class="cell-text">
                  <a href={href.run(r.run_id)}>{names[i]}</a>
                </th>
                <td>{r.status.toLowerCase()}</td>
                <td class="num">{formatDuration(r.duration_ms)}</td>
                <td class="cell-text">{r.experiment_name}</td>
                <td class="mono">{r.git_commit?.slice(0, 10) ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>Params</h2>
      <p>
        {differing} of {params.length} params differ (marked “differs”, highlighted).{' '}
        <label>
          <input type="checkbox" checked={onlyDiff} onChange={(e) => setOnlyDiff(e.currentTarget.checked)} />{' '}
          Show only params that differ
        </label>
      </p>
      <SideBySide
        caption="Params side by side"
        names={names}
        rows={shownParams.map((p) => ({
          key: p.key,
          differs: p.differs,
          cells: p.values.map((v) => v ?? '—'),
        }))}
      />
      <h2>Metrics (latest values)</h2>
      <SideBySide
        caption="Latest metric values side by side"
        names={names}
        numeric
        rows={metrics.map((m) => ({
          key: m.key,
          differs: m.differs,
          cells: m.values.map((v) => (v === undefined ? '—' : formatNumber(v))),
        }))}
      />
      <Curves runs={runs} names={names} query={query} />
      <Scatter
        runs={runs}
        names={names}
        query={query}
        // Params that differ first: those are the ones worth plotting a metric against.
        params={[...params.filter((p) => p.differs), ...params.filter((p) => !p.differs)].map((p) => p.key)}
        metrics={metrics.map((m) => m.key)}
      />
    </>
  );
}

function SideBySide({
  caption,
  names,
  rows,
  numeric,
}: {
  caption: string;
  names: string[];
  rows: Array<{ key: string; differs: boolean; cells: string[] }>;
  numeric?: boolean;
}) {
  if (rows.length === 0) return <p class="muted">None.</p>;
  return (
    <div class="table-wrap">
      <table class="data compare">
        <caption class="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Differs</th>
            {names.map((n, i) => (
              <th scope="col" key={i} class="cell-text">
                {n}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row" class="cell-text">
                {r.key}
              </th>
              <td>{r.differs ? <strong>differs</strong> : <span class="muted">same</span>}</td>
              {r.cells.map((c, i) => (
                <td key={i} class={`${numeric ? 'num' : 'cell-text'}${r.differs ? ' changed' : ''}`}>
                  {c}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Curves({ runs, names, query }: { runs: RunRow[]; names: string[]; query: Record<string, string> }) {
  const mode: XMode = X_MODES.some(([m]) => m === query.x) ? (query.x as XMode) : 'step';
  const keys = [...new Set(runs.flatMap((r) => Object.keys(r.metrics)))].sort().slice(0, 50);
  const ids = runs.map((r) => r.run_id);
  const serverX = mode === 'step' ? 'step' : 'time';
  const history = useAsync(
    keys.length === 0 ? null : `${ids.join(',')}|${keys.join(',')}|${serverX}`,
    (signal) =>
      request<MetricHistoryResponse>('/metrics/history', {
        method: 'POST',
        body: { run_ids: ids, keys, max_points: MAX_POINTS, x: serverX },
        signal,
      }),
  );
  if (keys.length === 0) return null;
  return (
    <section aria-labelledby="curves">
      <h2 id="curves">Metric curves</h2>
      <fieldset class="row">
        <legend>Horizontal axis</legend>
        {X_MODES.map(([m, label]) => (
          <label key={m}>
            <input
              type="radio"
              name="x-axis"
              value={m}
              checked={mode === m}
              onChange={() => navigate(href.compare(ids, { ...query, runs: undefined, x: m }))}
            />{' '}
            {label}
          </label>
        ))}
      </fieldset>
      <Show load={history} what="The metric history">
        {(h) => (
          <div class="charts">
            {keys.map((key) => (
              <Chart
                key={`${key}-${mode}`}
                caption={key}
                make={() => curveChart(h, key, ids, names, mode)}
                deps={[h, key, mode]}
              />
            ))}
          </div>
        )}
      </Show>
    </section>
  );
}

function curveChart(
  h: MetricHistoryResponse,
  key: string,
  ids: string[],
  names: string[],
  mode: XMode,
): string {
  const series = ids.flatMap((id, i) => {
    const s = h.series.find((x) => x.run_id === id && x.key === key);
    if (!s) return [];
    const t0 = s.times[0] ?? 0;
    const xs = mode === 'step' ? s.steps : mode === 'time' ? s.times : s.times.map((t) => (t - t0) / 1000);
    const points: Point[] = s.values.map((y, j) => ({ x: xs[j]!, y }));
    return [{ name: names[i]!, points, color: i % 8 }];
  });
  return lineChart({
    title: key,
    series,
    width: CHART_WIDTH,
    legend: true,
    x:
      mode === 'step'
        ? { label: 'step', integer: true }
        : mode === 'time'
          ? { label: 'time (UTC)', kind: 'time' }
          : { label: 'seconds since the first point' },
    y: { label: key },
  });
}

function Scatter({
  runs,
  names,
  query,
  params,
  metrics,
}: {
  runs: RunRow[];
  names: string[];
  query: Record<string, string>;
  params: string[];
  metrics: string[];
}) {
  const [metric, setMetric] = useState(metrics.includes(query.metric ?? '') ? query.metric! : metrics[0]);
  const [param, setParam] = useState(params.includes(query.param ?? '') ? query.param! : params[0]);
  if (metric === undefined || param === undefined) return null;
  const axis = paramAxis(runs.map((r) => r.params[param]));
  const points = runs.flatMap((r, i) => {
    const x = axis.xs[i];
    const y = r.metrics[metric];
    return x === undefined || y === undefined || y === null ? [] : [{ x, y, label: names[i], color: i % 8 }];
  });
  return (
    <section aria-labelledby="scatter">
      <h2 id="scatter">A metric against a param</h2>
      <div class="toolbar">
        <div class="field">
          <label for="scatter-metric">Metric (vertical)</label>
          <select id="scatter-metric" value={metric} onChange={(e) => setMetric(e.currentTarget.value)}>
            {metrics.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="scatter-param">Param (horizontal)</label>
          <select id="scatter-param" value={param} onChange={(e) => setParam(e.currentTarget.value)}>
            {params.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </div>
      </div>
      <Chart
        make={() =>
          scatter({
            title: `${metric} against ${param}`,
            points,
            width: CHART_WIDTH,
            x: {
              label: param,
              integer: axis.categories !== undefined,
              format: axis.categories ? (v) => axis.categories![Math.round(v)] ?? '' : undefined,
            },
            y: { label: metric },
          })
        }
        deps={[metric, param, runs]}
      />
      {points.length < runs.length ? (
        <p class="muted">{runs.length - points.length} runs lack this metric or param and are not drawn.</p>
      ) : null}
    </section>
  );
}
