/** `flywheel serve` as it runs: flags and flywheel.yaml read, the server run until a signal. */
import { join } from 'node:path';
import { z } from 'zod';
import { CONFIG_FILE, FlywheelError, readEnv, requireWorkspaceRoot } from '../../core/index.js';
import { setIsolatedReads } from '../../data/index.js';
import { loadConfig } from '../../platform.js';
import { type CommandContext, untilSignal, withPlatform } from '../context.js';
import { printResult } from '../output.js';

const portSchema = z.coerce.number().int().min(0).max(65_535);
const workersSchema = z.coerce.number().int().min(1).max(64);

/** The flags of `flywheel serve`. */
export interface ServeFlags {
  host?: string;
  port?: string;
  config?: string;
  workers?: string;
}

/** Run `flywheel serve [MODEL…]`. */
export async function runServe(ctx: CommandContext, refs: string[], opts: ServeFlags): Promise<void> {
  const flag = opts.workers === undefined ? undefined : workersSchema.safeParse(opts.workers);
  if (flag && !flag.success) {
    throw new FlywheelError(
      'INVALID_ARGUMENT',
      `--workers must be a whole number from 1 to 64, got "${opts.workers}"`,
      {
        hint: 'e.g. --workers 2 on a two-core machine.',
      },
    );
  }
  // The flag, else server.workers of flywheel.yaml (read without opening the stores).
  const config = loadConfig(join(requireWorkspaceRoot(ctx.globals().cwd), CONFIG_FILE), readEnv(ctx.env));
  const workers = flag?.data ?? config.server.workers;
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
  // A long-running process: DuckDB reads each file in a child, so a damaged file fails its request only.
  setIsolatedReads(true);
  // Loaded here, not at start-up: other commands do not pay for the HTTP framework.
  const { runServer } = await import('../../server/index.js');
  await runServer({
    workers,
    writable: Boolean(config.server.token),
    refs,
    configFile: opts.config,
    host: opts.host,
    port: port?.data,
    withPlatform: (fn) => withPlatform(ctx, fn),
    untilStopped: untilSignal,
    warn: (message) => ctx.streams.stderr.write(`flywheel serve: ${message}\n`),
    onListening: (r) => {
      const writes = r.writable
        ? 'writes need the bearer token'
        : 'read-only: set FLYWHEEL_TOKEN (16+ visible ASCII characters) to accept writes';
      printResult(
        ctx.streams,
        ctx.globals(),
        r,
        () =>
          `Serving ${r.url}/api/2.0/mlflow (${writes})${r.models.length > 0 ? `; models ${r.models.join(', ')} at ${r.url}/models/NAME/predict and ${r.url}/v2` : ''}${r.workers > 1 ? `; ${r.workers} worker processes` : ''}; Ctrl-C stops\nDashboard ${r.url}/`,
      );
    },
  });
}
