/** `flywheel train`: train a model from a YAML config or flags, as a tracked run; optionally register it. */
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import type { TrainFlags } from './train-run.js';

const collect = (value: string, previous: string[]) => [...previous, value];

/** Register `flywheel train`. */
export function registerTrainCommands(program: Command, ctx: CommandContext): void {
  program
    .command('train')
    .description(
      'train a model (linear, gbdt, mlp) as a tracked run; Ctrl-C stops and keeps the best model so far',
    )
    .option('-c, --config <file>', 'a YAML file with the settings below (flags override it)')
    .option('--data <ref>', 'training data: NAME:VERSION, NAME@TAG or a file path')
    .option('--target <column>', 'the column to predict')
    .option('--model <family>', 'linear, gbdt or mlp')
    .option('-p, --param <key=value>', 'a hyperparameter, e.g. max_depth=6 (repeatable)', collect, [])
    .option('--task <task>', 'binary, multiclass or regression (default: inferred from the target)')
    .option('--features <columns>', 'comma-separated feature columns (default: all others)')
    .option('--exclude <columns>', 'comma-separated columns not to use')
    .option('--categorical <columns>', 'comma-separated numeric columns to treat as categories')
    .option('--encoding <kind>', 'categories for linear/mlp: onehot, ordinal or target')
    .option('--validation <fraction|ref>', 'a fraction of rows (e.g. 0.2) or a separate dataset')
    .option(
      '--loss <kind:column:weight>',
      'a combined-loss term, label first (repeatable), e.g. logloss:churned:1',
      collect,
      [],
    )
    .option('--sample-weight <column>', 'a numeric column of row weights')
    .option('--class-weight <weights>', 'per-class weights like yes=5,no=1, or balanced')
    .option('--seed <n>', 'seed of every random choice (default 0)')
    .option('--experiment <name>', 'the experiment to log the run in')
    .option('--run-name <name>', 'a name for the run')
    .option('--register <name>', 'register the model as a new version of NAME')
    .option('--alert <id>', 'the monitoring alert (its event id) the run answers, kept as a run tag')
    .action(ctx.run(async (flags: TrainFlags) => (await import('./train-run.js')).runTrain(ctx, flags)));
}
