/** `flywheel serve`: the HTTP server (the MLflow-compatible tracking and registry API) until stopped. */
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import type { ServeFlags } from './serve-run.js';

/** Register `flywheel serve`. */
export function registerServeCommand(program: Command, ctx: CommandContext): void {
  program
    .command('serve')
    .argument('[model_refs...]', 'models to serve online (churn@production, churn:3); see docs/serving.md')
    .description(
      'serve the MLflow-compatible REST API and, given models, online inference (writes need FLYWHEEL_TOKEN, 16+ characters) until Ctrl-C',
    )
    .option('--host <host>', 'address to bind (default server.host, 127.0.0.1)')
    .option('-p, --port <port>', 'port (default server.port, 8080; 0 picks a free one)')
    .option('--config <file>', 'serve.yaml: models, suites, confidence policies, batching, prediction log')
    .option(
      '--workers <n>',
      'server processes sharing the port, one per core you give it (default server.workers, 1; admin changes and /metrics span all of them)',
    )
    .action(
      ctx.run(async (refs: string[], opts: ServeFlags) =>
        (await import('./serve-run.js')).runServe(ctx, refs, opts),
      ),
    );
}
