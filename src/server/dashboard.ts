/**
 * The web dashboard (issue 26) at `/`: static assets built at install into dist/web, served with a
 * Content-Security-Policy that allows only this server's own scripts. No cookies, no back channel:
 * the pages read the public `/api/v1` routes. Only `/` and `/assets/NAME` are served (the pages
 * route by the URL's hash), and an asset name is one plain file name: nothing outside the assets
 * folder can be asked for. Hashed assets are cached for a year; the page itself is revalidated on
 * every load (ETag), so a new build is picked up at once.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { FlywheelError } from '../core/index.js';

/** Where `npm run build` writes the dashboard: dist/web of the package (src/server and dist/server alike are two levels down). */
export const DEFAULT_WEB_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist/web');

/** The headers of every dashboard answer. */
export const DASHBOARD_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/** One plain file name: no folders, no dot files, nothing a path could be built from. */
const ASSET_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}$/;

const IMMUTABLE = 'public, max-age=31536000, immutable';

/** Options for tests: another build folder. */
export interface DashboardOptions {
  /** The folder holding index.html and assets/ (default: the package's dist/web). */
  root?: string;
}

interface CachedFile {
  mtimeMs: number;
  size: number;
  body: Buffer;
  etag: string;
}

/** Serve the dashboard's page and assets. */
export async function registerDashboard(app: FastifyInstance, options: DashboardOptions = {}): Promise<void> {
  const root = resolve(options.root ?? DEFAULT_WEB_ROOT);
  const assets = join(root, 'assets');
  const cache = new Map<string, CachedFile>();
  const load = async (path: string): Promise<CachedFile | undefined> => {
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) return undefined;
    const hit = cache.get(path);
    if (hit && hit.mtimeMs === info.mtimeMs && hit.size === info.size) return hit;
    const body = await readFile(path);
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    const file = { mtimeMs: info.mtimeMs, size: info.size, body, etag };
    cache.set(path, file);
    return file;
  };
  app.get('/', async (request, reply) => {
    reply.headers(DASHBOARD_HEADERS);
    const page = await load(join(root, 'index.html'));
    if (!page) {
      return reply
        .status(503)
        .header('cache-control', 'no-store')
        .type('text/html; charset=utf-8')
        .send(NOT_BUILT);
    }
    return send(request, reply, page, 'text/html; charset=utf-8', 'no-cache');
  });
  app.get<{ Params: { name: string } }>('/assets/:name', async (request, reply) => {
    reply.headers(DASHBOARD_HEADERS);
    const name = request.params.name;
    const path = resolve(assets, name);
    const inside = ASSET_NAME.test(name) && path.startsWith(assets + sep);
    const file = inside ? await load(path) : undefined;
    if (!file) {
      throw new FlywheelError('NOT_FOUND', `no dashboard asset "${name.slice(0, 200)}"`, {
        hint: 'The dashboard is at /; its assets are the files `npm run build` writes to dist/web/assets.',
      });
    }
    return send(request, reply, file, TYPES[extname(name)] ?? 'application/octet-stream', IMMUTABLE);
  });
}

function send(
  request: FastifyRequest,
  reply: FastifyReply,
  file: CachedFile,
  type: string,
  cacheControl: string,
): FastifyReply {
  reply.header('etag', file.etag).header('cache-control', cacheControl).type(type);
  if (matches(request.headers['if-none-match'], file.etag)) return reply.status(304).send();
  return reply.send(file.body);
}

/** Whether an If-None-Match header names this ETag (a list, weak forms and `*` included). */
export function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .some((t) => t === etag || t === '*');
}

/** The page `/` answers in a source tree where the dashboard was not built. */
export const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Flywheel dashboard not built</title></head><body><main><h1>The Flywheel dashboard is not built</h1><p>This server runs from a source tree where the dashboard's files (dist/web) are missing. Run <code>npm run build</code> in the Flywheel folder and reload this page.</p><p>The JSON API under /api/v1 works without it (described in /openapi.json).</p></main></body></html>\n`;
