/** A server on a real socket for tests, with a workspace of its own. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { initWorkspace, openPlatform, type Platform } from '../platform.js';
import type { ServingService } from '../serving/index.js';
import { tempDir } from '../testing/services.js';
import { createServer } from './app.js';

export const TEST_TOKEN = 'test-token-0123456789';

/** A listening server, once the enclosing describe block's beforeAll has run. */
export interface LiveServer {
  url: string;
  port: number;
  app: FastifyInstance;
}

/**
 * Start a server serving what `start` returns before the enclosing describe block's tests and
 * close it after them.
 */
export function liveServer(start: () => Promise<ServingService>, bodyLimit?: number): LiveServer {
  const dir = tempDir();
  const server = { url: '', port: 0 } as LiveServer;
  let p: Platform;
  beforeAll(async () => {
    await initWorkspace(dir.path, { env: {} });
    p = await openPlatform({ cwd: dir.path, env: {} });
    server.app = await createServer(p, { token: TEST_TOKEN, bodyLimit, serving: await start() });
    await server.app.listen({ host: '127.0.0.1', port: 0 });
    const address = server.app.server.address();
    server.port = typeof address === 'object' && address ? address.port : 0;
    server.url = `http://127.0.0.1:${server.port}`;
  });
  afterAll(async () => {
    await server.app.close();
    await p.close();
    dir.cleanup();
  });
  return server;
}
