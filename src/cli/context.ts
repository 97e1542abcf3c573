/** What every command handler gets: the streams, the global options and error handling. */
import { FlywheelError, toFlywheelError } from '../core/index.js';
import { openPlatform, type Platform } from '../platform.js';
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
          const e = toFlywheelError(error);
          printError(streams, globals().json, e);
          ctx.exitCode = e.exitCode;
        }
      },
  };
  return ctx;
}

/** Open the workspace around the current folder, run `fn`, close it. */
export async function withPlatform<T>(ctx: CommandContext, fn: (p: Platform) => Promise<T>): Promise<T> {
  const platform = await openPlatform({ cwd: ctx.globals().cwd, env: ctx.env });
  try {
    return await fn(platform);
  } finally {
    await platform.close();
  }
}

/** Turn a commander usage error into a catalog error. */
export function usageError(message: string): FlywheelError {
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
