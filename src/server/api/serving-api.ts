/**
 * `/api/v1` serving and session: what this server serves (routes, traffic weights, replicas,
 * recent swaps from the registry's audit log), its request rate, latency percentiles and error
 * rate read from its own metrics registry (the Prometheus text `/metrics` serves, summed over the
 * workers of `serve --workers N`), and the auth policy the sign-in box shows. Without models
 * served these answer "nothing served", not an error.
 */

import type { Platform } from '../../platform.js';
import { isDeploymentKind } from '../../registry/index.js';
import type { ServingService } from '../../serving/index.js';
import type { ClusterPeer } from '../cluster.js';
import type { Route } from '../route.js';
import { auditEvent } from './convert.js';
import { finite } from './input.js';
import type { DeploymentsResponse, ServingMetrics, Session } from './schemas.js';

/** What the serving routes know about the server. */
export interface ServerFacts {
  serving?: ServingService;
  peer?: ClusterPeer;
  tokenConfigured: boolean;
  readTokenRequired: boolean;
}

/** Swaps sent per served model (the newest). */
const RECENT_SWAPS = 20;
/** The request rate is measured over the last this many ms of samples (taken when asked). */
const RATE_WINDOW_MS = 60_000;

/** Prometheus text → the numbers the serving page shows. */
export function servingNumbers(textBody: string): Omit<ServingMetrics, 'serving' | 'time' | 'request_rate'> {
  const models = new Map<string, { requests: number; errors: number }>();
  const buckets = new Map<number, number>();
  let requests = 0;
  let errors = 0;
  const at = (m: string) => {
    let e = models.get(m);
    if (!e) {
      e = { requests: 0, errors: 0 };
      models.set(m, e);
    }
    return e;
  };
  for (const line of textBody.split('\n')) {
    if (line.startsWith('#') || line === '') continue;
    const m = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) continue;
    const [, name, labelText = '', valueText] = m;
    const labels = Object.fromEntries(
      [...labelText.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]),
    );
    const value = valueText === '+Inf' ? Number.POSITIVE_INFINITY : Number(valueText);
    if (name === 'flywheel_serving_requests_total' && labels.route === 'primary') {
      requests += value;
      at(labels.model ?? '').requests += value;
    } else if (name === 'flywheel_serving_errors_total') {
      errors += value;
      at(labels.model ?? '').errors += value;
    } else if (name === 'flywheel_serving_request_duration_seconds_bucket') {
      const le = labels.le === '+Inf' ? Number.POSITIVE_INFINITY : Number(labels.le);
      buckets.set(le, (buckets.get(le) ?? 0) + value);
    }
  }
  const sorted = [...buckets.entries()].sort(([a], [b]) => a - b);
  const total = sorted.at(-1)?.[1] ?? 0;
  const quantile = (q: number): number | null => {
    if (total === 0) return null;
    const rank = q * total;
    let lower = 0;
    let below = 0;
    for (const [le, cumulative] of sorted) {
      if (cumulative >= rank) {
        // Linear inside the bucket, as Prometheus' histogram_quantile does; the +Inf bucket answers its lower edge.
        if (!Number.isFinite(le)) return lower * 1000;
        const inBucket = cumulative - below;
        return (lower + (le - lower) * (inBucket > 0 ? (rank - below) / inBucket : 1)) * 1000;
      }
      lower = le;
      below = cumulative;
    }
    return lower * 1000;
  };
  return {
    requests_total: requests,
    errors_total: errors,
    error_rate: requests + errors > 0 ? errors / (requests + errors) : 0,
    latency_ms: { p50: finite(quantile(0.5)), p90: finite(quantile(0.9)), p99: finite(quantile(0.99)) },
    models: [...models.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([model, e]) => ({ model, ...e })),
  };
}

/** The serving routes, and the serving health the overview shows. */
export function servingApi(p: Platform, facts: ServerFacts) {
  const started = Date.now();
  const samples: Array<{ at: number; total: number }> = [];

  async function metrics(): Promise<ServingMetrics> {
    const now = Date.now();
    const serving = facts.serving;
    if (!serving) {
      return {
        serving: false,
        time: now,
        requests_total: 0,
        errors_total: 0,
        request_rate: 0,
        error_rate: 0,
        latency_ms: { p50: null, p90: null, p99: null },
        models: [],
      };
    }
    const local = serving.metrics.render();
    const numbers = servingNumbers(facts.peer ? await facts.peer.metrics(local) : local);
    const total = numbers.requests_total + numbers.errors_total;
    while (samples.length > 0 && now - samples[0]!.at > RATE_WINDOW_MS) samples.shift();
    const first = samples[0] ?? { at: started, total: 0 };
    samples.push({ at: now, total });
    const seconds = (now - first.at) / 1000;
    return {
      serving: true,
      time: now,
      ...numbers,
      request_rate: seconds > 0 ? (total - first.total) / seconds : 0,
    };
  }

  async function deployments(): Promise<DeploymentsResponse> {
    const serving = facts.serving;
    if (!serving) return { serving: false, deployments: [], peers: [], recent_swaps: [] };
    const out: DeploymentsResponse = { serving: true, deployments: [], peers: [], recent_swaps: [] };
    const replicas = facts.peer ? p.config.server.workers : 1;
    for (const served of serving.names()) {
      const e = serving.endpoint(served);
      const aliases = await p.registry.getModel(e.name).then(
        (m) => m.aliases,
        () => [],
      );
      const total = e.table.split.reduce((s, a) => s + a.weight, 0) || 1;
      out.deployments.push({
        model: e.alias ? `${e.name}@${e.alias}` : e.name,
        name: served,
        routes: e.table.split.map((arm) => ({
          version: arm.version,
          weight: arm.weight / total,
          alias: aliases.find((a) => a.version === arm.version)?.alias ?? null,
        })),
        replicas,
      });
      const history = await p.registry.history(e.name).catch(() => []);
      for (const ev of history.filter((x) => isDeploymentKind(x.kind)).slice(-RECENT_SWAPS))
        out.recent_swaps.push({ ...auditEvent(ev), model: e.name });
    }
    out.recent_swaps.sort((a, b) => b.time - a.time);
    return out;
  }

  const session = (): Session => ({
    reads: facts.readTokenRequired ? 'token' : 'open',
    writes: facts.tokenConfigured ? 'token' : 'disabled',
    token_configured: facts.tokenConfigured,
  });

  const routes: Route[] = [
    { method: 'GET', path: '/deployments', write: false, handle: deployments },
    { method: 'GET', path: '/serving/metrics', write: false, handle: metrics },
    { method: 'GET', path: '/session', write: false, handle: async () => session() },
    {
      method: 'POST',
      path: '/session/check',
      write: true,
      bodyLimit: 1024,
      handle: async () => ({ ok: true }),
    },
  ];
  return { routes, metrics, replicas: () => (facts.peer ? p.config.server.workers : 1) };
}
