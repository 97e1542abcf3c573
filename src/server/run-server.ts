/**
 * `flywheel serve` as a process: one server until a stop signal, or, with several workers, this
 * process as the cluster primary (forking, relaying, restarting; cluster.ts) and each worker as a
 * server that stays in step with the others. The CLI only parses flags and prints.
 */
import cluster from 'node:cluster';
import { FlywheelError } from '../core/index.js';
import type { Platform } from '../platform.js';
import { startServer } from './app.js';
import { announceListening, runPrimary, workerPeer } from './cluster.js';

/** What the server says when it listens. */
export interface ListeningInfo {
  url: string;
  writable: boolean;
  models: string[];
  workers: number;
}

/** How to run it. */
export interface RunServerOptions {
  workers: number;
  /** Whether writes are accepted (a token is configured), for the primary's announcement. */
  writable: boolean;
  refs: string[];
  configFile?: string;
  host?: string;
  port?: number;
  /** Open the workspace around `fn` (each process opens its own). */
  withPlatform<T>(fn: (p: Platform) => Promise<T>): Promise<T>;
  /** Resolves when the process should stop (SIGINT, SIGTERM). */
  untilStopped(): Promise<void>;
  onListening(info: ListeningInfo): void;
  warn(message: string): void;
}

/** Serve until stopped. */
export async function runServer(options: RunServerOptions): Promise<void> {
  const { workers } = options;
  if (workers > 1 && cluster.isPrimary) {
    // The workers run this same command; the primary only forks, relays and waits.
    await runPrimary(
      workers,
      (url, models) => options.onListening({ url, writable: options.writable, models, workers }),
      options.warn,
    ).catch((error: unknown) => {
      throw new FlywheelError('INTERNAL', `the server stopped: ${(error as Error).message}`, {
        hint: "The worker's own error is printed above; fix it, or run with --workers 1 to see it alone.",
      });
    });
    return;
  }
  // A worker's IPC channel would keep it alive: let go of it when serving ends or fails.
  await options
    .withPlatform(async (p) => {
      const { refs, configFile } = options;
      const serving = refs.length > 0 || configFile ? await p.serving.serve({ refs, configFile }) : undefined;
      const peer = serving ? workerPeer(serving, (m) => p.logger.warn(m)) : undefined;
      const server = await startServer(p, { host: options.host, port: options.port, serving, peer }).catch(
        async (e: unknown) => {
          await serving?.close();
          throw e;
        },
      );
      const models = serving?.names() ?? [];
      if (cluster.isWorker) announceListening(server.url, models);
      else
        options.onListening({
          url: server.url,
          writable: Boolean(p.config.server.token),
          models,
          workers: 1,
        });
      await options.untilStopped();
      await server.close();
    })
    .finally(() => {
      if (cluster.isWorker) cluster.worker?.disconnect();
    });
}
