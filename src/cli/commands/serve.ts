/** `flywheel serve`: the HTTP server (the MLflow-compatible tracking and registry API) until stopped. */
import type { Command } from 'commander';
import { z } from 'zod';
import { FlywheelError } from '../../core/index.js';
import { type CommandContext, withPlatform } from '../context.js';
import { printResult } from '../output.js';

const portSchema = z.coerce.number().int().min(0).max(65_535);

/** Register `flywheel serve`. */
export function registerServeCommand(program: Command, ctx: CommandContext): void {
  program
    .command('serve')
    .description('serve the MLflow-compatible REST API (writes need FLYWHEEL_TOKEN) until Ctrl-C')
    .option('--host <host>', 'address to bind (default server.host, 127.0.0.1)')
    .option('-p, --port <port>', 'port (default server.port, 8080; 0 picks a free one)')
    .action(
      ctx.run(async (opts: { host?: string; port?: string }) => {
        const port = opts.port === undefined ? undefined : portSchema.safeParse(opts.port);
        if (port && !port.success) {
          throw new FlywheelError(
            'INVALID_ARGUMENT',
            `--port must be a number from 0 to 65535, got "${opts.port}"`,
            {
              hint: 'Pass a free TCP port, e.g. --port 8080.',
            },
          );
        }
        // Loaded here, not at start-up: other commands do not pay for the HTTP framework.
        const { startServer } = await import('../../server/index.js');
        await withPlatform(ctx, async (p) => {
          const server = await startServer(p, { host: opts.host, port: port?.data });
          const writes = p.config.server.token
            ? 'writes need the bearer token'
            : 'read-only: set FLYWHEEL_TOKEN to accept writes';
          printResult(
            ctx.streams,
            ctx.globals(),
            { url: server.url, writable: Boolean(p.config.server.token) },
            (r) => `Serving ${r.url}/api/2.0/mlflow (${writes}); Ctrl-C stops`,
          );
          await new Promise<void>((resolve) => {
            const stop = () => {
              process.off('SIGINT', stop);
              process.off('SIGTERM', stop);
              resolve();
            };
            process.on('SIGINT', stop);
            process.on('SIGTERM', stop);
          });
          await server.close();
        });
      }),
    );
}
