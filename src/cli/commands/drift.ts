/** `flywheel drift REF CUR`: per-column drift between two data references, as text, JSON or HTML. */
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { DRIFT_METHOD_NAMES } from './choices.js';

/** Register `flywheel drift`. */
export function registerDriftCommand(program: Command, ctx: CommandContext): void {
  program
    .command('drift')
    .description(
      'per-column drift of CURRENT against REFERENCE: statistic, p-value or distance, threshold, verdict',
    )
    .argument('<reference>', 'a file path, NAME:VERSION or NAME@TAG')
    .argument('<current>', 'a file path, NAME:VERSION or NAME@TAG')
    .option('--columns <list>', 'comma-separated columns to compare (default: all both sides have)')
    .option('--method <m>', `one method for every column: ${DRIFT_METHOD_NAMES.join(', ')} or auto (default)`)
    .option(
      '--threshold <x>',
      "threshold for every column (default: the method's: 0.05 p-value, 0.1 distance)",
    )
    .option('--numeric-method <m>', 'method for numeric columns')
    .option('--categorical-method <m>', 'method for categorical columns')
    .option('--correction <c>', 'multiple-testing correction of p-values: none (default), bonferroni, fdr')
    .option('--bins <n>', 'reference-quantile bins for PSI, KL, Jensen-Shannon, Hellinger (default 10)')
    .option('--target <column>', 'the label column (reported as label drift)')
    .option('--prediction <column>', 'the model-output column (reported as prediction drift)')
    .option('--multivariate', 'also run the multivariate detector (PCA reconstruction error)')
    .option('--config <file>', 'drift settings in YAML or JSON (per column, per kind); flags override it')
    .option('--html <file>', 'write an HTML report with reference-vs-current histograms')
    .option('--fail-on-drift', 'exit 1 when the dataset, the label or the prediction drifts')
    .action(
      ctx.run(async (reference: string, current: string, raw: Record<string, unknown>) =>
        (await import('./drift-run.js')).runDrift(ctx, reference, current, raw),
      ),
    );
}
