/** `flywheel init` and `flywheel status`. */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { formatBytes } from '../../core/index.js';
import { initWorkspace, type WorkspaceStatus } from '../../platform.js';
import { type CommandContext, withPlatform } from '../context.js';
import { printResult, table } from '../output.js';

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
        const status = await withPlatform(ctx, (p) => p.status());
        printResult(ctx.streams, g, status, formatStatus);
      }),
    );
}

function formatStatus(s: WorkspaceStatus): string {
  const rows = Object.entries(s.metadata.rows)
    .map(([t, n]) => `${t}=${n}`)
    .join(', ');
  return table([
    ['workspace', `${s.name ?? ''} (${s.root})`],
    ['id', s.workspaceId],
    ['metadata', `${s.metadata.url} [${s.metadata.dialect}, schema v${s.metadata.schemaVersion}] ${rows}`],
    ['artifacts', `${s.artifacts.url} [${s.artifacts.objects} objects, ${formatBytes(s.artifacts.bytes)}]`],
    ...(s.artifacts.partialWrites + s.artifacts.parked > 0
      ? [
          [
            'leftovers',
            `${s.artifacts.partialWrites} partial writes, ${s.artifacts.parked} parked (flywheel gc cleans them)`,
          ],
        ]
      : []),
    ['flywheel', s.version],
  ]);
}
