/** `flywheel label project create|status|export`: human labeling projects (issue 28, items 5–7). */
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';

const STRATEGIES = 'order, random, entropy, margin';
const load = () => import('./label-project-run.js');

/** Register `flywheel label project` under `label`. */
export function registerLabelProjectCommands(label: Command, ctx: CommandContext): void {
  const project = label
    .command('project')
    .description('human labeling projects: create, status (progress, agreement), export');
  project
    .command('create <name>')
    .description('create a project whose items are the rows of a dataset version')
    .requiredOption('--data <ref>', 'the items: NAME:VERSION or NAME@TAG')
    .requiredOption('--labels <list>', 'the label set, comma-separated')
    .option('--instructions <text>', 'instructions shown to annotators')
    .option('--annotations <n>', 'annotations needed per item, from different annotators (default 1)')
    .option('--sampling <s>', `item order: ${STRATEGIES} (default order)`)
    .option('--seed <n>', 'seed of random sampling (default 0)')
    .option('--key <column>', 'column naming each item (default: the row number)')
    .option(
      '--scores <columns>',
      "the model's class-probability columns, one per label (uncertainty sampling, suggestions)",
    )
    .action(
      ctx.run(async (name: string, raw: Record<string, unknown>) =>
        (await load()).runProjectCreate(ctx, name, raw),
      ),
    );
  project
    .command('status <name>')
    .description(
      'progress and agreement (percent, Cohen, Fleiss, Krippendorff; per annotator; disagreements)',
    )
    .action(ctx.run(async (name: string) => (await load()).runProjectStatus(ctx, name)));
  project
    .command('export <name>')
    .description(
      'record the answers as a dataset version: label (majority), annotators, agreement per item, provenance',
    )
    .option('--name <dataset>', 'the dataset name (default NAME-labels)')
    .action(
      ctx.run(async (name: string, raw: { name?: string }) =>
        (await load()).runProjectExport(ctx, name, raw),
      ),
    );
}
