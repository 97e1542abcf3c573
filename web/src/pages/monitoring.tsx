/**
 * Monitoring of a served model, per window of its prediction log: the share of drifted features
 * over windows, a windows × features heat table of drift scores, one feature's distribution in the
 * reference against a window, realised against estimated (CBPE) performance with its band, missing
 * values over time, and the alerts that fired. The window size, window, feature and metric shown
 * are in the URL.
 */
import { useState } from 'preact/hooks';
import type {
  FeatureDistribution,
  MonitoringDetail,
  MonitoringList,
  MonitorWindow,
} from '../../../src/server/api/schemas';
import { useApi } from '../api';
import { barChart, heatTable, histogram, lineChart } from '../charts';
import { Chart } from '../components/chart';
import { Show, useTitle } from '../components/status';
import { formatBytes, formatNumber, formatPercent, formatTime } from '../format';
import { href, navigate } from '../router';

/** The monitoring list, or one model's monitoring. */
export function MonitoringPage({ model, query }: { model?: string; query: Record<string, string> }) {
  useTitle(model ? `Monitoring ${model}` : 'Monitoring');
  return model === undefined ? <MonitoredModels /> : <ModelMonitoring model={model} query={query} />;
}

function MonitoredModels() {
  const list = useApi<MonitoringList>('/monitoring');
  return (
    <>
      <h1>Monitoring</h1>
      <Show load={list} what="The monitored models">
        {(l) =>
          l.models.length === 0 ? (
            <p class="muted">
              No model has a prediction log yet: serve one with <code>flywheel serve MODEL</code>.
            </p>
          ) : (
            <div class="table-wrap">
              <table class="data">
                <caption class="sr-only">Models with a prediction log</caption>
                <thead>
                  <tr>
                    <th scope="col">Model</th>
                    <th scope="col" class="num">
                      Logged records
                    </th>
                    <th scope="col" class="num">
                      Log size
                    </th>
                    <th scope="col" class="num">
                      Alerts
                    </th>
                    <th scope="col">Last alert</th>
                  </tr>
                </thead>
                <tbody>
                  {l.models.map((m) => (
                    <tr key={m.model}>
                      <th scope="row" class="cell-text">
                        <a href={href.monitoring(m.model)}>{m.model}</a>
                      </th>
                      <td class="num">{m.rows_counted ? formatNumber(m.rows) : 'not counted'}</td>
                      <td class="num">{formatBytes(m.bytes)}</td>
                      <td class="num">{m.alerts}</td>
                      <td>{m.last_alert === null ? '—' : formatTime(m.last_alert)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Show>
    </>
  );
}

function ModelMonitoring({ model, query }: { model: string; query: Record<string, string> }) {
  const detail = useApi<MonitoringDetail>(`/monitoring/${encodeURIComponent(model)}`, {
    window: query.window,
  });
  const [size, setSize] = useState(query.window ?? '');
  const set = (change: Record<string, string | undefined>) =>
    navigate(href.monitoring(model, { ...query, ...change }));
  return (
    <>
      <p class="crumbs">
        <a href={href.monitoring()}>Monitoring</a> › {model}
      </p>
      <h1>Monitoring {model}</h1>
      <form
        class="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          set({ window: size.trim() || undefined, index: undefined });
        }}
      >
        <div class="field">
          <label for="window-size">Window (rows, or a duration such as 1h)</label>
          <input
            id="window-size"
            type="text"
            value={size}
            placeholder="1000"
            onInput={(e) => setSize(e.currentTarget.value)}
          />
        </div>
        <button type="submit">Apply</button>
      </form>
      <Show load={detail} what={`Monitoring of "${model}"`}>
        {(d) => <Monitoring d={d} query={query} set={set} />}
      </Show>
    </>
  );
}

function Monitoring({
  d,
  query,
  set,
}: {
  d: MonitoringDetail;
  query: Record<string, string>;
  set: (change: Record<string, string | undefined>) => void;
}) {
  const w = d.windows;
  if (w.length === 0)
    return (
      <p class="muted">
        No full window of logged predictions yet ({formatNumber(d.logged_rows)} rows logged).
      </p>
    );
  const alerts = w.flatMap((x) => x.alerts);
  const index = w.some((x) => String(x.index) === query.index)
    ? Number(query.index)
    : (d.first_drift ?? w[w.length - 1]!.index);
  const feature = d.features.includes(query.feature ?? '') ? query.feature! : (d.features[0] ?? '');
  return (
    <>
      <p>
        {formatNumber(d.logged_rows)} rows logged in {w.length} windows of {d.window}, against {d.reference}.{' '}
        {d.first_drift === null ? (
          <span class="good">No window drifted.</span>
        ) : (
          <span class="bad">
            Drift from window {d.first_drift} ({formatTime(w.find((x) => x.index === d.first_drift)?.start)}).
          </span>
        )}
        {d.truncated ? ` Only the newest ${d.max_windows} windows are shown.` : ''}
      </p>
      <div class="charts">
        <Chart
          caption="Share of drifted features per window"
          make={() =>
            lineChart({
              title: 'Share of drifted features per window',
              series: [{ name: 'drift share', points: w.map((x) => ({ x: x.index, y: x.drift_share })) }],
              thresholds: [
                {
                  value: d.dataset_threshold,
                  label: `dataset drift at ${formatPercent(d.dataset_threshold, 0)}`,
                },
              ],
              x: { label: 'window', integer: true },
              y: {
                label: 'drifted share',
                bounds: [0, 1],
                fromZero: true,
                format: (v) => formatPercent(v, 0),
              },
            })
          }
          deps={[d]}
        />
        <Chart
          caption="Missing values per window"
          make={() =>
            lineChart({
              title: 'Missing values per window',
              series: [{ name: 'missing share', points: w.map((x) => ({ x: x.index, y: x.missing_rate })) }],
              x: { label: 'window', integer: true },
              y: {
                label: 'missing share',
                fromZero: true,
                bounds: [0, 1],
                format: (v) => formatPercent(v, 1),
              },
            })
          }
          deps={[d]}
        />
      </div>
      <h2>Drift score per window and feature</h2>
      <Chart
        class="chart heat"
        make={() =>
          heatTable({
            caption: 'Drift score per window (rows) and feature (columns); flagged cells drifted',
            corner: 'window',
            rows: w.map((x) => ({ label: String(x.index), title: `${x.start} – ${x.end}, ${x.rows} rows` })),
            columns: d.features.map((f) => ({
              label: f,
              note: w[0]?.features.find((c) => c.column === f)?.method,
            })),
            cells: w.map((x) =>
              d.features.map((f) => {
                const c = x.features.find((y) => y.column === f);
                return c && c.score !== null
                  ? {
                      value: c.score,
                      flag: c.drift,
                      title: `${f}, window ${x.index}: ${formatNumber(c.score)} (threshold ${formatNumber(c.threshold)})`,
                    }
                  : null;
              }),
            ),
          })
        }
        deps={[d]}
      />
      <Distribution d={d} index={index} feature={feature} set={set} />
      <Performance w={w} metric={query.metric} set={set} />
      <h2>Alerts</h2>
      {alerts.length === 0 ? (
        <p class="muted">No alert fired.</p>
      ) : (
        <div class="table-wrap">
          <table class="data">
            <caption class="sr-only">Fired alerts</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Alert</th>
                <th scope="col">Rule</th>
                <th scope="col" class="num">
                  Value
                </th>
                <th scope="col">Window</th>
              </tr>
            </thead>
            <tbody>
              {alerts.map((a) => (
                <tr key={a.id}>
                  <td>{formatTime(a.time)}</td>
                  <td class="cell-text">{a.alert}</td>
                  <td class="cell-text">{a.rule ?? a.metric ?? ''}</td>
                  <td class="num">{formatNumber(a.value)}</td>
                  <td>
                    {a.window_start ? `${formatTime(a.window_start)} – ${formatTime(a.window_end)}` : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function Distribution({
  d,
  index,
  feature,
  set,
}: {
  d: MonitoringDetail;
  index: number;
  feature: string;
  set: (change: Record<string, string | undefined>) => void;
}) {
  const dist = useApi<FeatureDistribution>(
    feature === ''
      ? null
      : `/monitoring/${encodeURIComponent(d.model)}/features/${encodeURIComponent(feature)}`,
    { window: d.window, index },
  );
  return (
    <section aria-labelledby="distribution">
      <h2 id="distribution">One feature: reference against a window</h2>
      <div class="toolbar">
        <div class="field">
          <label for="dist-feature">Feature</label>
          <select id="dist-feature" value={feature} onChange={(e) => set({ feature: e.currentTarget.value })}>
            {d.features.map((f) => (
              <option key={f}>{f}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="dist-window">Window</label>
          <select
            id="dist-window"
            value={String(index)}
            onChange={(e) => set({ index: e.currentTarget.value })}
          >
            {d.windows.map((x) => (
              <option key={x.index} value={String(x.index)}>
                {x.index}
                {x.drift ? ' (drifted)' : ''}
              </option>
            ))}
          </select>
        </div>
      </div>
      <Show load={dist} what={`The feature "${feature}"`}>
        {(f) => (
          <>
            <p>
              Window {f.window} ({formatTime(f.start)} – {formatTime(f.end)}): {f.drift.method}{' '}
              {formatNumber(f.drift.score)} against threshold {formatNumber(f.drift.threshold)} —{' '}
              {f.drift.drift ? <strong class="bad">drifted</strong> : <span class="good">no drift</span>}.
            </p>
            <Chart
              make={() => {
                const series = [
                  { name: 'reference', values: f.reference },
                  { name: `window ${f.window}`, values: f.current },
                ];
                return f.kind === 'numeric' && f.edges
                  ? histogram({
                      title: `${f.feature}: reference and window ${f.window}`,
                      edges: f.edges,
                      series,
                      value: 'share',
                      x: { label: f.feature },
                    })
                  : barChart({
                      title: `${f.feature}: reference and window ${f.window}`,
                      labels: f.labels ?? [],
                      series,
                      value: 'share',
                    });
              }}
              deps={[f]}
            />
          </>
        )}
      </Show>
    </section>
  );
}

function Performance({
  w,
  metric,
  set,
}: {
  w: MonitorWindow[];
  metric: string | undefined;
  set: (change: Record<string, string | undefined>) => void;
}) {
  const keys = [
    ...new Set(
      w.flatMap((x) => [
        ...Object.keys(x.performance?.estimated ?? {}),
        ...Object.keys(x.performance?.realised ?? {}),
      ]),
    ),
  ].sort();
  if (keys.length === 0)
    return <p class="muted">No performance figures: no labels and no estimate for these windows.</p>;
  const key = keys.includes(metric ?? '') ? metric! : keys.includes('accuracy') ? 'accuracy' : keys[0]!;
  const labelled = w.reduce((n, x) => n + (x.performance?.labelled ?? 0), 0);
  return (
    <section aria-labelledby="performance">
      <h2 id="performance">Performance: realised and estimated</h2>
      <div class="field">
        <label for="perf-metric">Metric</label>
        <select id="perf-metric" value={key} onChange={(e) => set({ metric: e.currentTarget.value })}>
          {keys.map((k) => (
            <option key={k}>{k}</option>
          ))}
        </select>
      </div>
      <p class="muted">
        Realised from {formatNumber(labelled)} labelled rows where labels arrived; estimated without labels
        (CBPE), the band is ±2 standard errors.
      </p>
      <Chart
        make={() =>
          lineChart({
            title: `${key} per window`,
            series: [
              {
                name: `estimated ${key}`,
                dashed: true,
                points: w.map((x) => ({ x: x.index, y: x.performance?.estimated?.[key] ?? null })),
                band: w.map((x) => ({
                  x: x.index,
                  lower: x.performance?.estimated_low?.[key] ?? null,
                  upper: x.performance?.estimated_high?.[key] ?? null,
                })),
              },
              {
                name: `realised ${key}`,
                points: w.map((x) => ({ x: x.index, y: x.performance?.realised?.[key] ?? null })),
              },
            ],
            legend: true,
            x: { label: 'window', integer: true },
            y: { label: key },
          })
        }
        deps={[w, key]}
      />
    </section>
  );
}
