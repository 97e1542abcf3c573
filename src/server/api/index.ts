/**
 * The dashboard's public JSON API (`/api/v1`, issue 26): workspace overview, datasets, runs, models,
 * deployments, monitoring and serving metrics, beside the MLflow-compatible API. Every route is a
 * `Route` like the MLflow ones (same guard, body limits and error shape); schemas.ts is the
 * contract and `/openapi.json` (openapi.ts) is written from its route table. The dashboard
 * (dashboard.ts) uses only these routes. With `server.read_token_required`, reads need the bearer
 * token too (`guardReads`), except `GET /session`, which tells the sign-in box that they do.
 */
import { type Platform, VERSION } from '../../platform.js';
import type { Route } from '../route.js';
import { datasetVersion, modelSummary, runRow } from './convert.js';
import { datasetApiRoutes } from './datasets.js';
import { labelingApiRoutes } from './labeling.js';
import { modelApiRoutes } from './models.js';
import { monitoringApi } from './monitoring.js';
import { runApiRoutes } from './runs.js';
import type { Overview } from './schemas.js';
import { type ServerFacts, servingApi } from './serving-api.js';

export { apiOpenApi } from './openapi.js';
export type { ServerFacts } from './serving-api.js';

/** Where the dashboard's JSON API lives. */
export const API_PREFIX = '/api/v1';

/** Alerts newer than this show as active on the overview. */
const ACTIVE_ALERT_MS = 24 * 3600_000;

/** Routes that stay open when reads need the token: how a client learns that they do. */
const ALWAYS_OPEN = new Set(['/session']);

/** Reads need the token too: every route goes through the write guard (`server.read_token_required`). */
export function guardReads(routes: Route[]): Route[] {
  return routes.map((r) => (r.write || ALWAYS_OPEN.has(r.path) ? r : { ...r, write: true }));
}

/** The `/api/v1` routes. */
export function apiRoutes(
  platform: Platform,
  facts: ServerFacts = { tokenConfigured: false, readTokenRequired: false },
): Route[] {
  const monitoring = monitoringApi(platform);
  const serving = servingApi(platform, facts);
  const overview: Route = {
    method: 'GET',
    path: '/overview',
    write: false,
    async handle(): Promise<Overview> {
      const now = Date.now();
      const [runs, models, datasets, alerts] = await Promise.all([
        platform.tracking.searchRuns({ limit: 10 }),
        platform.registry.listModels({ limit: 50 }),
        platform.data.list(),
        monitoring.recentAlerts(now - ACTIVE_ALERT_MS),
      ]);
      const metrics = facts.serving ? await serving.metrics() : undefined;
      return {
        version: VERSION,
        runs: runs.map((r) => runRow(r, now)),
        models: models.map(modelSummary),
        datasets: datasets.slice(0, 50).map((d) => ({
          name: d.name,
          version_count: d.versions,
          latest: datasetVersion(d.latest),
        })),
        alerts,
        serving:
          metrics && facts.serving
            ? { ...metrics, models_served: facts.serving.names(), replicas: serving.replicas() }
            : null,
      };
    },
  };
  const routes = [
    overview,
    ...serving.routes,
    ...runApiRoutes(platform),
    ...modelApiRoutes(platform),
    ...datasetApiRoutes(platform),
    ...monitoring.routes,
    ...labelingApiRoutes(platform),
  ];
  return facts.readTokenRequired ? guardReads(routes) : routes;
}
