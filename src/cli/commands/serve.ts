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
    .argument('[model_refs...]', 'models to serve online (churn@production, churn:3); see docs/serving.md')
    .description(
      'serve the MLflow-compatible REST API and, given models, online inference (writes need FLYWHEEL_TOKEN) until Ctrl-C',
    )
    .option('--host <host>', 'address to bind (default server.host, 127.0.0.1)')
    .option('-p, --port <port>', 'port (default server.port, 8080; 0 picks a free one)')
    .option('--config <file>', 'serve.yaml: models, suites, confidence policies, batching, prediction log')
    .action(
      ctx.run(async (refs: string[], opts: { host?: string; port?: string; config?: string }) => {
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
          const serving =
            refs.length > 0 || opts.config ? await p.serve({ refs, configFile: opts.config }) : undefined;
          const server = await startServer(p, { host: opts.host, port: port?.data, serving }).catch(
            async (e: unknown) => {
              await serving?.close();
              throw e;
            },
          );
          const writes = p.config.server.token
            ? 'writes need the bearer token'
            : 'read-only: set FLYWHEEL_TOKEN to accept writes';
          printResult(
            ctx.streams,
            ctx.globals(),
            { url: server.url, writable: Boolean(p.config.server.token), models: serving?.names() ?? [] },
            (r) =>
              `Serving ${r.url}/api/2.0/mlflow (${writes})${r.models.length > 0 ? `; models ${r.models.join(', ')} at ${r.url}/models/NAME/predict and ${r.url}/v2` : ''}; Ctrl-C stops`,
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
