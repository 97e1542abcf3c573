/**
 * One run: status, duration and git commit; params, metrics (latest values and a chart per metric
 * with more than one point), tags; the dataset versions it read (linked), the model versions it
 * produced (linked), and its artifacts with download links.
 */
import { useState } from 'preact/hooks';
import type { ArtifactList, MetricHistoryResponse, RunDetail } from '../../../src/server/api/schemas';
import { API, request, useApi, useAsync } from '../api';
import { lineChart } from '../charts';
import { KeyValues, RecordTable, StatusBadge } from '../components/bits';
import { Chart } from '../components/chart';
import { Show, useTitle } from '../components/status';
import { formatBytes, formatDuration, formatNumber, formatTime } from '../format';
import { href } from '../router';
import { getToken } from '../token';

/** The run page of `id`. */
export function RunPage({ id }: { id: string }) {
  const run = useApi<RunDetail>(`/runs/${encodeURIComponent(id)}`);
  useTitle(run.data ? `Run ${run.data.run_name || id}` : 'Run');
  return (
    <Show load={run} what={`The run "${id}"`}>
      {(r) => <Run run={r} />}
    </Show>
  );
}

function Run({ run }: { run: RunDetail }) {
  return (
    <>
      <p class="crumbs">
        <a href={href.runs({ experiment: run.experiment_id })}>{run.experiment_name}</a> › run
      </p>
      <h1>
        {run.run_name || run.run_id} <StatusBadge status={run.status} />
      </h1>
      <KeyValues
        items={[
          ['Run id', <code>{run.run_id}</code>],
          ['Experiment', <a href={href.runs({ experiment: run.experiment_id })}>{run.experiment_name}</a>],
          ['Status', run.status.toLowerCase() + (run.status_reason ? ` — ${run.status_reason}` : '')],
          ['Started', formatTime(run.start_time)],
          ['Ended', run.end_time === null ? 'still running' : formatTime(run.end_time)],
          ['Duration', formatDuration(run.duration_ms)],
          ['User', run.user],
          ['Host', run.host],
          [
            'Git commit',
            run.git_commit ? (
              <>
                <code>{run.git_commit}</code>
                {run.git_dirty ? ' (uncommitted changes)' : ''}
              </>
            ) : (
              'not recorded'
            ),
          ],
        ]}
      />
      <div class="cards">
        <section class="card" aria-labelledby="inputs">
          <h2 id="inputs">Data inputs</h2>
          {run.inputs.length === 0 ? (
            <p class="muted">No dataset versions recorded.</p>
          ) : (
            <ul class="plain">
              {run.inputs.map((i) => (
                <li key={`${i.ref}-${i.role}`}>
                  <a href={href.datasetVersion(i.dataset, i.version)}>{i.ref}</a>{' '}
                  <span class="muted">({i.role})</span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section class="card" aria-labelledby="outputs">
          <h2 id="outputs">Model versions produced</h2>
          {run.outputs.length === 0 ? (
            <p class="muted">None registered from this run.</p>
          ) : (
            <ul class="plain">
              {run.outputs.map((o) => (
                <li key={`${o.name}:${o.version}`}>
                  <a href={href.modelVersion(o.name, o.version)}>
                    {o.name}:{o.version}
                  </a>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
      <h2>Params</h2>
      <RecordTable caption="Params" record={run.params} keyLabel="Param" />
      <h2>Metrics</h2>
      <MetricsTable run={run} />
      <MetricCharts run={run} />
      <h2>Tags</h2>
      <RecordTable caption="Tags" record={run.tags} keyLabel="Tag" />
      <h2>Artifacts</h2>
      <Artifacts runId={run.run_id} count={run.artifact_count} />
    </>
  );
}

function MetricsTable({ run }: { run: RunDetail }) {
  const keys = Object.keys(run.metrics_latest).sort();
  if (keys.length === 0) return <p class="muted">No metrics.</p>;
  return (
    <div class="table-wrap">
      <table class="data">
        <caption class="sr-only">Latest metric values</caption>
        <thead>
          <tr>
            <th scope="col">Metric</th>
            <th scope="col" class="num">
              Latest value
            </th>
            <th scope="col" class="num">
              Step
            </th>
            <th scope="col">Logged</th>
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => {
            const m = run.metrics_latest[k]!;
            return (
              <tr key={k}>
                <th scope="row" class="cell-text">
                  {k}
                </th>
                <td class="num">{formatNumber(m.value)}</td>
                <td class="num">{formatNumber(m.step)}</td>
                <td>{formatTime(m.time)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function MetricCharts({ run }: { run: RunDetail }) {
  const keys = Object.keys(run.metrics_latest).sort().slice(0, 50);
  const history = useAsync(keys.length === 0 ? null : `${run.run_id}|${keys.join(',')}`, (signal) =>
    request<MetricHistoryResponse>('/metrics/history', {
      method: 'POST',
      body: { run_ids: [run.run_id], keys, max_points: 640, x: 'step' },
      signal,
    }),
  );
  if (keys.length === 0) return null;
  return (
    <Show load={history} what="The metric history">
      {(h) => {
        const curves = h.series.filter((s) => s.total > 1);
        if (curves.length === 0) return <p class="muted">Each metric has one value: no curves to draw.</p>;
        return (
          <div class="charts">
            {curves.map((s) => (
              <Chart
                key={s.key}
                caption={s.key}
                make={() =>
                  lineChart({
                    title: s.key,
                    series: [{ name: s.key, points: s.values.map((y, i) => ({ x: s.steps[i]!, y })) }],
                    x: { label: 'step', integer: true },
                    y: { label: s.key },
                  })
                }
                deps={[s]}
              />
            ))}
          </div>
        );
      }}
    </Show>
  );
}

/** Download a file with the signed-in token (a plain link cannot send it). */
async function download(url: string, name: string): Promise<void> {
  const token = getToken();
  const res = await fetch(url, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
    credentials: 'omit',
  });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const blob = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = blob;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(blob), 10_000);
}

function Artifacts({ runId, count }: { runId: string; count: number }) {
  const [path, setPath] = useState('');
  const [failed, setFailed] = useState<string>();
  const list = useApi<ArtifactList>(count === 0 ? null : `/runs/${encodeURIComponent(runId)}/artifacts`, {
    path: path || undefined,
  });
  if (count === 0) return <p class="muted">No artifacts.</p>;
  const up = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
  return (
    <>
      <p>
        Folder: <code>/{path}</code>{' '}
        {path !== '' ? (
          <button type="button" onClick={() => setPath(up)}>
            Up one folder
          </button>
        ) : null}
      </p>
      {failed ? (
        <p class="error" role="alert">
          Download failed: {failed}
        </p>
      ) : null}
      <Show load={list} what="The artifact folder">
        {(l) =>
          l.files.length === 0 ? (
            <p class="muted">Empty folder.</p>
          ) : (
            <div class="table-wrap">
              <table class="data">
                <caption class="sr-only">Artifacts</caption>
                <thead>
                  <tr>
                    <th scope="col">Path</th>
                    <th scope="col" class="num">
                      Size
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {l.files.map((f) => {
                    const url = `${API}/runs/${encodeURIComponent(runId)}/artifacts/download?path=${encodeURIComponent(f.path)}`;
                    const name = f.path.split('/').pop() ?? f.path;
                    return (
                      <tr key={f.path}>
                        <td class="cell-text">
                          {f.is_dir ? (
                            <button type="button" onClick={() => setPath(f.path)}>
                              {f.path}/
                            </button>
                          ) : (
                            <a
                              href={url}
                              download={name}
                              onClick={(e) => {
                                if (!getToken()) return;
                                e.preventDefault();
                                download(url, name).catch((err: Error) => setFailed(err.message));
                              }}
                            >
                              {f.path}
                            </a>
                          )}
                        </td>
                        <td class="num">{f.is_dir ? '' : formatBytes(f.size)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )
        }
      </Show>
    </>
  );
}
