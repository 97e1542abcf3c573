/** `flywheel eval`: metrics against baselines, slices, requirements, operating point, confidence policy. */
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { CONFIDENCE_ACTION_NAMES } from './choices.js';
import type { EvalFlags, ExplainFlags } from './eval-run.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Register `flywheel eval` and `flywheel explain`. */
export function registerEvalCommands(program: Command, ctx: CommandContext): void {
  registerExplain(program, ctx);
  program
    .command('eval')
    .description(
      'evaluate a model on data: metrics, baselines and lift, slices, requirements, operating point',
    )
    .argument('<model>', 'NAME:VERSION, NAME@ALIAS, or a model folder as a path (./DIR, path:DIR)')
    .requiredOption('--data <ref>', 'evaluation data: NAME:N, NAME@TAG or a file')
    .option('--validation <ref>', 'data to choose the operating threshold on (default: --data)')
    .option('--slice <spec>', 'a column, or a condition like "age > 60" (repeatable)', collect)
    .option(
      '--require <rule>',
      'a usefulness threshold like "roc_auc >= 0.85" (repeatable; exit 1 if unmet)',
      collect,
    )
    .option('--target-recall <r>', 'choose the threshold that keeps recall at least r')
    .option('--target-precision <p>', 'choose the threshold that keeps precision at least p')
    .option('--cost <fp,fn>', 'choose the threshold of least cost, e.g. 1,10 (a false negative costs 10)')
    .option(
      '--policy <below:action>',
      `confidence policy, e.g. 0.7:human (actions: ${CONFIDENCE_ACTION_NAMES.join(', ')})`,
    )
    .option(
      '--tests <file>',
      'behavioural tests in YAML: invariance, directional, minimum cases (exit 1 if one fails)',
    )
    .option('--html <file>', 'also write an HTML report with ROC, PR, calibration and coverage charts')
    .option('--no-baselines', 'skip the baselines')
    .option('--no-store', 'do not store the threshold and policy on the model version')
    .action(
      ctx.run(async (model: string, opts: EvalFlags) =>
        (await import('./eval-run.js')).runEval(ctx, model, opts),
      ),
    );
}

function registerExplain(program: Command, ctx: CommandContext): void {
  program
    .command('explain')
    .description(
      'explain predictions: TreeSHAP for trees, exact contributions for linear models, sampled Shapley values otherwise',
    )
    .argument('<model>', 'NAME:VERSION, NAME@ALIAS, or a model folder as a path (./DIR, path:DIR)')
    .option('--row <json>', 'a JSON object of feature values, or an array of them')
    .option('--data <ref>', 'explain rows of this data instead (global importance over them)')
    .option('--limit <n>', 'rows of --data to explain', '200')
    .option(
      '--background <ref>',
      'background rows (default: the training data recorded on the model version)',
    )
    .option('--top <n>', 'how many attributions to list per row', '10')
    .action(
      ctx.run(async (model: string, opts: ExplainFlags) =>
        (await import('./eval-run.js')).runExplainCommand(ctx, model, opts),
      ),
    );
}
