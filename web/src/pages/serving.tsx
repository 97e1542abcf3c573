/**
 * What this server serves, refreshed every few seconds: each deployment's routes and traffic
 * split (versions linked), its replicas and peers, recent swaps, and from the server's own metrics
 * the request rate (over the last refreshes, and since start), latency percentiles and error rate.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { DeploymentsResponse, ServingMetrics } from '../../../src/server/api/schemas';
import { useApi } from '../api';
import { lineChart } from '../charts';
import { KeyValues } from '../components/bits';
import { Chart } from '../components/chart';
import { ErrorBox, Show, useTitle } from '../components/status';
import { formatNumber, formatPercent, formatTime } from '../format';
import { href } from '../router';
import { summarise } from './models';

const ms = (v: number | null) => (v === null ? '—' : `${formatNumber(v)} ms`);

/** How often the page asks again, in milliseconds. */
export const REFRESH_MS = 3000;
const KEEP = 100;

/** Requests per second between successive samples of the request counter. */
export function rates(
  samples: ReadonlyArray<{ time: number; total: number }>,
): Array<{ x: number; y: number }> {
  const out: Array<{ x: number; y: number }> = [];
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1]!;
    const b = samples[i]!;
    const dt = (b.time - a.time) / 1000;
    if (dt > 0 && b.total >= a.total) out.push({ x: b.time, y: (b.total - a.total) / dt });
  }
  return out;
}

/** The serving page. */
export function ServingPage() {
  useTitle('Serving');
  const deployments = useApi<DeploymentsResponse>('/deployments', undefined, REFRESH_MS);
  const metrics = useApi<ServingMetrics>('/serving/metrics', undefined, REFRESH_MS);
  const samples = useRef<Array<{ time: number; total: number }>>([]);
  const [, redraw] = useState(0);
  const m = metrics.data;
  useEffect(() => {
    if (!m?.serving) return;
    const last = samples.current[samples.current.length - 1];
    if (last && last.time === m.time) return;
    samples.current = [...samples.current.slice(-KEEP + 1), { time: m.time, total: m.requests_total }];
    redraw((n) => n + 1);
  }, [m]);
  const live = rates(samples.current);
  return (
    <>
      <h1>Serving</h1>
      <p class="muted" aria-live="off">
        Refreshed every {REFRESH_MS / 1000} s{m ? ` · last ${formatTime(m.time)}` : ''}.
      </p>
      {metrics.error ? <ErrorBox error={metrics.error} /> : null}
      {m && !m.serving ? (
        <p>
          This server serves no models (it was started as <code>flywheel serve</code> without model
          references). Start it with <code>flywheel serve MODEL@alias</code> to serve one.
        </p>
      ) : null}
      {m?.serving ? (
        <section aria-labelledby="health">
          <h2 id="health">Health</h2>
          <KeyValues
            items={[
              ['Requests', formatNumber(m.requests_total)],
              [
                'Request rate (now)',
                live.length > 0 ? `${formatNumber(live[live.length - 1]!.y)} per second` : 'measuring…',
              ],
              ['Request rate (since start)', `${formatNumber(m.request_rate)} per second`],
              ['Errors', `${formatNumber(m.errors_total)} (${formatPercent(m.error_rate, 2)})`],
              ['Latency p50', ms(m.latency_ms.p50)],
              ['Latency p90', ms(m.latency_ms.p90)],
              ['Latency p99', ms(m.latency_ms.p99)],
            ]}
          />
          {live.length >= 2 ? (
            <Chart
              caption="Requests per second"
              make={() =>
                lineChart({
                  title: 'Requests per second',
                  series: [{ name: 'requests per second', points: live, markers: false }],
                  x: { label: 'time (UTC)', kind: 'time' },
                  y: { label: 'requests / s', fromZero: true },
                  height: 200,
                })
              }
              deps={[samples.current.length, m.time]}
            />
          ) : null}
          {m.models.length > 0 ? (
            <div class="table-wrap">
              <table class="data">
                <caption>Per model</caption>
                <thead>
                  <tr>
                    <th scope="col">Model</th>
                    <th scope="col" class="num">
                      Requests
                    </th>
                    <th scope="col" class="num">
                      Errors
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {m.models.map((x) => (
                    <tr key={x.model}>
                      <th scope="row" class="cell-text">
                        <a href={href.model(x.model)}>{x.model}</a>
                      </th>
                      <td class="num">{formatNumber(x.requests)}</td>
                      <td class="num">{formatNumber(x.errors)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </section>
      ) : null}
      <Show load={deployments} what="The deployments">
        {(d) => <Deployments d={d} />}
      </Show>
    </>
  );
}

function Deployments({ d }: { d: DeploymentsResponse }) {
  return (
    <>
      <h2>Deployments</h2>
      {d.deployments.length === 0 ? (
        <p class="muted">Nothing deployed on this server.</p>
      ) : (
        <div class="table-wrap">
          <table class="data">
            <caption class="sr-only">What is served, with its traffic split</caption>
            <thead>
              <tr>
                <th scope="col">Endpoint</th>
                <th scope="col">Serves</th>
                <th scope="col">Version</th>
                <th scope="col" class="num">
                  Traffic
                </th>
                <th scope="col" class="num">
                  Replicas
                </th>
              </tr>
            </thead>
            <tbody>
              {d.deployments.flatMap((x) =>
                x.routes.map((r, i) => (
                  <tr key={`${x.model}-${r.version}`}>
                    <th scope="row" class="cell-text">
                      {i === 0 ? x.model : ''}
                    </th>
                    <td class="cell-text">{r.alias ? `${x.name}@${r.alias}` : x.name}</td>
                    <td>
                      <a href={href.modelVersion(x.name, r.version)}>
                        {x.name}:{r.version}
                      </a>
                    </td>
                    <td class="num">{formatPercent(r.weight, 0)}</td>
                    <td class="num">{i === 0 ? x.replicas : ''}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </div>
      )}
      {d.peers.length > 0 ? (
        <>
          <h2>Worker processes</h2>
          <ul>
            {d.peers.map((p) => (
              <li key={p.id}>
                {p.id}: {p.state}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>Recent swaps</h2>
      {d.recent_swaps.length === 0 ? (
        <p class="muted">None recorded.</p>
      ) : (
        <ul>
          {d.recent_swaps.map((s) => (
            <li key={s.id}>
              {formatTime(s.time)} — <a href={href.model(s.model)}>{s.model}</a> {s.kind}: {summarise(s.data)}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
