/** `flywheel init` and `flywheel status`. */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { type CommandContext, withStores } from '../context.js';
import { printResult } from '../output.js';

/** Register the workspace commands. */
export function registerWorkspaceCommands(program: Command, ctx: CommandContext): void {
  program
    .command('init')
    .description('create a workspace: flywheel.yaml plus .flywheel/ (metadata database and objects)')
    .argument('[dir]', 'folder to initialise (created if missing)', '.')
    .option('--name <name>', 'workspace name (default: the folder name)')
    .action(
      ctx.run(async (dir: string, opts: { name?: string }) => {
        const g = ctx.globals();
        const { initWorkspace } = await import('../../platform.js');
        const result = await initWorkspace(resolve(g.cwd, dir), { name: opts.name });
        printResult(ctx.streams, g, result, (r) =>
          [
            `Initialised Flywheel workspace in ${r.root}`,
            `  config    ${r.configFile}`,
            `  metadata  ${r.status.metadata.url}`,
            `  objects   ${r.status.artifacts.url}`,
            '',
            'Next: flywheel status',
          ].join('\n'),
        );
      }),
    );

  program
    .command('status')
    .description('show the workspace, its backends and what they hold')
    .action(
      ctx.run(async () => {
        const g = ctx.globals();
        const { workspaceStatus } = await import('../../workspace-stores.js');
        const status = await withStores(ctx, workspaceStatus);
        const { formatStatus } = await import('./workspace-format.js');
        printResult(ctx.streams, g, status, formatStatus);
      }),
    );
}
