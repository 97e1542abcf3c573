/**
 * The `flywheel` command line: parses flags, calls one platform function, prints. No logic here.
 * Every command's flags are defined at start (for --help), but a command's code and the modules it
 * uses (DuckDB, the stores, the server) are imported when it runs: see src/cli/cold-start.test.ts.
 */
import { resolve } from 'node:path';
import { Command, CommanderError } from 'commander';
import { VERSION } from '../version.js';
import {
  registerDataCommands,
  registerDemoCommand,
  registerDriftCommand,
  registerEvalCommands,
  registerExportCommand,
  registerLabelCommands,
  registerLineageCommand,
  registerMonitorCommands,
  registerPredictCommand,
  registerRegistryCommands,
  registerServeCommand,
  registerStorageCommands,
  registerTrackingCommands,
  registerTrainCommands,
  registerValidationCommands,
  registerWorkerCommand,
  registerWorkspaceCommands,
} from './commands/index.js';
import { createContext, usageError } from './context.js';
import { type GlobalOptions, printError, type Streams } from './output.js';

/** Build the command tree (also used to generate the CLI reference). */
export function buildProgram(streams: Streams, env: NodeJS.ProcessEnv) {
  const program = new Command('flywheel');
  const globals = (): GlobalOptions => {
    const o = program.opts<{ json?: boolean; cwd?: string }>();
    return { json: o.json === true, cwd: resolve(o.cwd ?? process.cwd()) };
  };
  const ctx = createContext(streams, env, globals);
  program
    .description('Flywheel: take a model from raw data to production and keep it healthy there')
    .version(VERSION, '-V, --version', 'print the version')
    .option('--json', 'print one JSON document on stdout (errors too)')
    .option('-C, --cwd <dir>', 'run as if started in <dir>')
    .option(
      '--na-values <list>',
      'CSV fields read as missing, comma-separated (default: pandas\' list: "", NA, N/A, NaN, null…)',
    )
    // The CSV missing-value fields of this invocation's reads; restored after (tests run many).
    .hook('preAction', async () => {
      const list = program.opts<{ naValues?: string }>().naValues;
      if (list === undefined) return;
      const { parseNaValues, setDefaultNaValues } = await import('../data/source.js');
      try {
        setDefaultNaValues(parseNaValues(list));
      } catch (error) {
        program.error(`--na-values: ${(error as Error).message}`);
      }
    })
    .hook('postAction', async () => {
      if (program.opts<{ naValues?: string }>().naValues === undefined) return;
      (await import('../data/source.js')).setDefaultNaValues(undefined);
    })
    .showHelpAfterError(false)
    .configureOutput({
      writeOut: (s) => streams.stdout.write(s),
      writeErr: (s) => streams.stderr.write(s),
      outputError: () => undefined,
    })
    .exitOverride();
  registerWorkspaceCommands(program, ctx);
  registerStorageCommands(program, ctx);
  registerDataCommands(program, ctx);
  registerEvalCommands(program, ctx);
  registerMonitorCommands(program, ctx);
  registerValidationCommands(program, ctx);
  registerLabelCommands(program, ctx);
  registerDriftCommand(program, ctx);
  registerTrackingCommands(program, ctx);
  registerTrainCommands(program, ctx);
  registerRegistryCommands(program, ctx);
  registerLineageCommand(program, ctx);
  registerPredictCommand(program, ctx);
  registerExportCommand(program, ctx);
  registerWorkerCommand(program, ctx);
  registerServeCommand(program, ctx);
  registerDemoCommand(program, ctx);
  const configure = (cmd: Command) => {
    cmd.exitOverride().configureOutput(program.configureOutput());
    for (const sub of cmd.commands) configure(sub);
  };
  for (const cmd of program.commands) configure(cmd);
  return { program, ctx };
}

/** Run the CLI with `argv` (without node and script); returns the exit code. */
export async function main(
  argv: string[],
  streams: Streams = process,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const { program, ctx } = buildProgram(streams, env);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return 0; // --help, --version
      const json = argv.includes('--json');
      const usage = await usageError(error.message);
      await printError(streams, json, usage);
      return usage.exitCode;
    }
    throw error;
  }
  return ctx.exitCode;
}
