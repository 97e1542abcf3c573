/** `flywheel lineage REF`: data version → run → model version → aliases → deployments. */
import type { Command } from 'commander';
import { type CommandContext, withPlatform } from '../context.js';
import { printResult } from '../output.js';

/** Register `flywheel lineage`. */
export function registerLineageCommand(program: Command, ctx: CommandContext): void {
  program
    .command('lineage')
    .description(
      'where a model version came from and where it went: data → run → version → aliases → deployments',
    )
    .argument('<ref>', 'NAME:VERSION or NAME@ALIAS')
    .action(
      ctx.run(async (ref: string) => {
        const lineage = await withPlatform(ctx, (p) => p.registry.lineage(ref));
        const { formatLineage } = await import('./registry-format.js');
        printResult(ctx.streams, ctx.globals(), lineage, formatLineage);
      }),
    );
}
