/**
 * What every command handler gets: the streams, the global options and error handling. Loaded at
 * every start: the platform and core are imported when an action or an error needs them, so
 * `--version` and `--help` load no database, server or data library.
 */
import type { FlywheelError } from '../core/index.js';
import type { Platform } from '../platform.js';
import type { WorkspaceStores } from '../workspace-stores.js';
import { type GlobalOptions, printError, type Streams } from './output.js';

/** Shared state of one CLI invocation. */
export interface CommandContext {
  streams: Streams;
  env: NodeJS.ProcessEnv;
  globals(): GlobalOptions;
  /** Wrap an action: errors are printed (per --json) and set the exit code from the catalog. */
  run<A extends unknown[]>(fn: (...args: A) => Promise<void>): (...args: A) => Promise<void>;
  exitCode: number;
}

/** Build the context for one invocation. */
export function createContext(
  streams: Streams,
  env: NodeJS.ProcessEnv,
  globals: () => GlobalOptions,
): CommandContext {
  const ctx: CommandContext = {
    streams,
    env,
    globals,
    exitCode: 0,
    run:
      (fn) =>
      async (...args) => {
        try {
          await fn(...args);
        } catch (error) {
          const { toFlywheelError } = await import('../core/index.js');
          const e = toFlywheelError(error);
          await printError(streams, globals().json, e);
          ctx.exitCode = e.exitCode;
        }
      },
  };
  return ctx;
}

/** Open the workspace around the current folder, run `fn`, close it. */
export async function withPlatform<T>(ctx: CommandContext, fn: (p: Platform) => Promise<T>): Promise<T> {
  const { openPlatform } = await import('../platform.js');
  const platform = await openPlatform({ cwd: ctx.globals().cwd, env: ctx.env });
  try {
    return await fn(platform);
  } finally {
    await platform.close();
  }
}

/** Open only the workspace's configuration and stores (no DuckDB, server or queue), run `fn`, close them. */
export async function withStores<T>(ctx: CommandContext, fn: (s: WorkspaceStores) => Promise<T>): Promise<T> {
  const { openWorkspaceStores } = await import('../workspace-stores.js');
  const stores = await openWorkspaceStores({ cwd: ctx.globals().cwd, env: ctx.env });
  try {
    return await fn(stores);
  } finally {
    await stores.metadata.close();
  }
}

/** Turn a commander usage error into a catalog error. */
export async function usageError(message: string): Promise<FlywheelError> {
  const { FlywheelError } = await import('../core/index.js');
  return new FlywheelError('USAGE', message.replace(/^error: /, ''), {
    hint: 'Run the command with --help to see its usage.',
  });
}

/** Resolves on the first SIGINT or SIGTERM (long-running commands stop gracefully on either). */
export function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
