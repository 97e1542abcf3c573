/** `flywheel label analyze|apply`: labeling functions, their analysis, label models, labelled versions. */
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { registerLabelProjectCommands } from './label-project.js';

/** Flags both subcommands take. */
function common(cmd: Command): Command {
  return cmd
    .requiredOption('--lfs <file>', 'the labeling-function file (labeling.ts, .js or .mjs)')
    .requiredOption('--data <ref>', 'the data to label: NAME:VERSION, NAME@TAG (or a path, for analyze)')
    .option('--model <m>', 'label-model (default), majority or dawid-skene')
    .option('--dev <ref>', 'a dev set with gold labels: class balance and dev accuracies')
    .option('--gold <column>', 'the gold-label column (in --data for analysis; in --dev, default label)')
    .option('--labels <list>', 'class names, comma-separated, when the LF file exports no labels')
    .option(
      '--class-balance <list>',
      'fixed class shares, comma-separated (default: from --dev, else uniform)',
    )
    .option('--threads <n>', 'worker threads applying the LFs (default: the cores)')
    .option(
      '--lf-errors <policy>',
      'an LF that throws: stop (default, names the LF and row) or abstain (counted)',
    )
    .option('--ties <policy>', 'equally probable classes: abstain (default: unlabelled) or random')
    .option('--seed <n>', 'seed of random tie-breaks (default 0)');
}

/** Register `flywheel label`. */
export function registerLabelCommands(program: Command, ctx: CommandContext): void {
  const label = program
    .command('label')
    .description('programmatic labeling: apply labeling functions, analyse them, record labelled versions');
  common(
    label
      .command('analyze')
      .description("apply the LFs and print Snorkel's LF statistics, the model beside majority vote"),
  )
    .option('--html <file>', 'also write the report as a standalone HTML page')
    .action(
      ctx.run(async (raw: Record<string, unknown>) =>
        (await import('./label-run.js')).runLabelAnalyze(ctx, raw),
      ),
    );
  common(
    label
      .command('apply')
      .description('label a dataset version and record the labels as a new version whose source it is'),
  )
    .option('--name <name>', 'name of the labelled dataset (default NAME-labeled)')
    .option('--drop-unlabeled', 'drop rows without a label (the default)')
    .option('--keep-unlabeled', 'keep rows without a label (empty label and probability, 0 votes)')
    .option('--label-column <name>', 'the label column (default label)')
    .option('--probability-column <name>', "the label's probability column (default label_probability)")
    .option('--votes-column <name>', 'the number-of-votes column (default label_votes)')
    .action(
      ctx.run(async (raw: Record<string, unknown>) =>
        (await import('./label-run.js')).runLabelApply(ctx, raw),
      ),
    );
  registerLabelProjectCommands(label, ctx);
}
