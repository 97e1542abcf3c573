/**
 * The workspace at a glance: the latest runs, the models with their aliased (production, staging)
 * versions, the datasets, the alerts that fired, and the health of what this server serves.
 */
import type { Overview } from '../../../src/server/api/schemas';
import { useApi } from '../api';
import { StatusBadge } from '../components/bits';
import { Show, useTitle } from '../components/status';
import { formatDuration, formatNumber, formatPercent, formatTime } from '../format';
import { href } from '../router';
import { Aliases } from './models';

/** The home page. */
export function HomePage() {
  useTitle('Home');
  const overview = useApi<Overview>('/overview');
  return (
    <>
      <h1>Workspace</h1>
      <Show load={overview} what="The workspace overview">
        {(o) => <Glance o={o} />}
      </Show>
    </>
  );
}

function Glance({ o }: { o: Overview }) {
  const s = o.serving;
  return (
    <div class="cards">
      <section class="card" aria-labelledby="h-runs">
        <h2 id="h-runs">
          <a href={href.runs()}>Latest runs</a>
        </h2>
        {o.runs.length === 0 ? (
          <p class="muted">No runs yet.</p>
        ) : (
          <ul class="plain">
            {o.runs.slice(0, 10).map((r) => (
              <li key={r.run_id}>
                <a href={href.run(r.run_id)}>{r.run_name || r.run_id}</a> <StatusBadge status={r.status} />{' '}
                <span class="muted">
                  {r.experiment_name} · {formatTime(r.start_time)} · {formatDuration(r.duration_ms)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section class="card" aria-labelledby="h-models">
        <h2 id="h-models">
          <a href={href.models()}>Models</a>
        </h2>
        {o.models.length === 0 ? (
          <p class="muted">No registered models.</p>
        ) : (
          <ul class="plain">
            {o.models.map((m) => (
              <li key={m.name}>
                <a href={href.model(m.name)}>{m.name}</a>{' '}
                <span class="muted">
                  ({m.version_count} version{m.version_count === 1 ? '' : 's'})
                </span>
                <Aliases name={m.name} aliases={m.aliases} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <section class="card" aria-labelledby="h-datasets">
        <h2 id="h-datasets">
          <a href={href.datasets()}>Datasets</a>
        </h2>
        {o.datasets.length === 0 ? (
          <p class="muted">No datasets.</p>
        ) : (
          <ul class="plain">
            {o.datasets.map((d) => (
              <li key={d.name}>
                <a href={href.datasetVersion(d.name, d.latest.version)}>{d.latest.ref}</a>{' '}
                <span class="muted">
                  {formatNumber(d.latest.row_count)} rows · {d.version_count} version
                  {d.version_count === 1 ? '' : 's'}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section class="card" aria-labelledby="h-alerts">
        <h2 id="h-alerts">
          <a href={href.monitoring()}>Alerts</a>
        </h2>
        {o.alerts.length === 0 ? (
          <p class="good">No alerts fired.</p>
        ) : (
          <ul class="plain">
            {o.alerts.slice(0, 10).map((a) => (
              <li key={a.id}>
                <strong class="bad">{a.alert}</strong> on <a href={href.monitoring(a.model)}>{a.model}</a>{' '}
                <span class="muted">
                  {formatTime(a.time)}
                  {a.rule ? ` · ${a.rule}` : ''}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section class="card" aria-labelledby="h-serving">
        <h2 id="h-serving">
          <a href={href.serving()}>Serving</a>
        </h2>
        {s === null || !s.serving ? (
          <p class="muted">This server serves no models.</p>
        ) : (
          <>
            <p>
              {s.models_served.map((m, i) => (
                <span key={m}>
                  {i > 0 ? ', ' : ''}
                  <a href={href.model(m.split(/[@:]/)[0]!)}>{m}</a>
                </span>
              ))}{' '}
              on {s.replicas} replica{s.replicas === 1 ? '' : 's'}
            </p>
            <p>
              {formatNumber(s.requests_total)} requests · {formatNumber(s.request_rate)}/s · errors{' '}
              {formatPercent(s.error_rate, 2)} · p99{' '}
              {s.latency_ms.p99 === null ? '—' : `${formatNumber(s.latency_ms.p99)} ms`}
            </p>
          </>
        )}
      </section>
      <p class="muted">Flywheel {o.version}</p>
    </div>
  );
}
