/** `flywheel suite infer` and `flywheel check`: draft expectation suites and check data against them. */
import type { Command } from 'commander';
import { type CommandContext, withPlatform } from '../context.js';
import { printResult } from '../output.js';
import { formatCheck } from './validation-format.js';

/** Register `flywheel suite` and `flywheel check`. */
export function registerValidationCommands(program: Command, ctx: CommandContext): void {
  const suite = program.command('suite').description('expectation suites: draft one from data');
  suite
    .command('infer')
    .description(
      'draft a suite from a profile: types, nulls, ranges, means, distributions, value sets, row count',
    )
    .argument('<data>', 'a file path, NAME:VERSION or NAME@TAG')
    .option('-o, --out <file>', 'write the suite YAML here (default: print it)')
    .option('--name <name>', 'suite name (default: the dataset or file name)')
    .option('--batch-rows <n>', 'rows of the batches the suite will check (default: the rows of the data)')
    .option('--false-alarm <p>', 'chance a fresh batch from the same distribution fails (default 0.05)')
    .action(
      ctx.run(async (data: string, raw: Record<string, unknown>) => {
        const g = ctx.globals();
        const { inferFlags, parseFlags } = await import('./validation-flags.js');
        const { stringifySuite } = await import('../../validation/index.js');
        const opts = parseFlags(inferFlags, raw);
        const r = await withPlatform(ctx, (p) => p.validation.infer(data, { ...opts, cwd: g.cwd }));
        printResult(ctx.streams, g, r.out ? { source: r.source, out: r.out, suite: r.suite } : r.suite, () =>
          r.out
            ? `Wrote ${r.out}: suite ${r.suite.name} with ${r.suite.expectations.length} expectations from ${r.source}`
            : stringifySuite(r.suite),
        );
      }),
    );

  program
    .command('check')
    .description('check data against an expectation suite; exit 1 when an expectation fails')
    .argument('<data>', 'a file path, NAME:VERSION or NAME@TAG')
    .requiredOption('--suite <file>', 'the suite YAML')
    .option('--html <file>', 'write an HTML report with per-expectation detail')
    .option(
      '--quarantine <file>',
      'write rows that failed a per-row expectation here (with the failures named)',
    )
    .option('--clean <file>', 'write rows that passed every per-row expectation here')
    .option('--no-store', 'do not record the result with the dataset version')
    .action(
      ctx.run(
        async (
          data: string,
          opts: { suite: string; html?: string; quarantine?: string; clean?: string; store: boolean },
        ) => {
          const g = ctx.globals();
          const r = await withPlatform(ctx, (p) =>
            p.validation.check(data, opts.suite, { ...opts, cwd: g.cwd }),
          );
          printResult(ctx.streams, g, r, formatCheck);
          const { ERROR_CATALOG } = await import('../../core/index.js');
          if (!r.report.success) ctx.exitCode = ERROR_CATALOG.CHECK_FAILED.exit;
        },
      ),
    );
}
