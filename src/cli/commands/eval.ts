/** `flywheel eval`: metrics against baselines, slices, requirements, operating point, confidence policy. */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { FlywheelError } from '../../core/index.js';
import {
  CONFIDENCE_ACTIONS,
  type ConfidencePolicy,
  type OperatingTarget,
  renderEvalHtml,
} from '../../evaluation/index.js';
import { type CommandContext, withPlatform } from '../context.js';
import { printResult } from '../output.js';
import { formatEval, formatExplain } from './eval-format.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Register `flywheel eval` and `flywheel explain`. */
export function registerEvalCommands(program: Command, ctx: CommandContext): void {
  registerExplain(program, ctx);
  program
    .command('eval')
    .description(
      'evaluate a model on data: metrics, baselines and lift, slices, requirements, operating point',
    )
    .argument('<model>', 'NAME:VERSION, NAME@ALIAS or a model folder')
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
      `confidence policy, e.g. 0.7:human (actions: ${CONFIDENCE_ACTIONS.join(', ')})`,
    )
    .option(
      '--tests <file>',
      'behavioural tests in YAML: invariance, directional, minimum cases (exit 1 if one fails)',
    )
    .option('--html <file>', 'also write an HTML report with ROC, PR, calibration and coverage charts')
    .option('--no-baselines', 'skip the baselines')
    .option('--no-store', 'do not store the threshold and policy on the model version')
    .action(
      ctx.run(async (model: string, opts: EvalFlags) => {
        const g = ctx.globals();
        const result = await withPlatform(ctx, (p) =>
          p.evaluate({
            model,
            data: opts.data,
            validation: opts.validation,
            slices: opts.slice,
            require: opts.require,
            target: operatingTarget(opts),
            policy: opts.policy === undefined ? undefined : parsePolicy(opts.policy),
            tests: opts.tests,
            baselines: opts.baselines,
            store: opts.store,
            cwd: g.cwd,
          }),
        );
        if (opts.html) writeFileSync(resolve(g.cwd, opts.html), renderEvalHtml(result));
        printResult(ctx.streams, g, result, formatEval);
        if (!result.report.passed) {
          const failed = result.report.requirements
            .filter((r) => !r.passed)
            .map((r) => `${r.metric} ${r.op} ${r.value} (got ${r.actual ?? 'n/a'})`);
          for (const b of result.report.behaviour) {
            if (!b.passed) failed.push(`behavioural test "${b.name}" (${b.failures} of ${b.checked} failed)`);
          }
          throw new FlywheelError('CHECK_FAILED', `${failed.length} check(s) not met: ${failed.join('; ')}`, {
            hint: 'Improve the model or revisit the thresholds; the report above shows every check.',
          });
        }
      }),
    );
}

function registerExplain(program: Command, ctx: CommandContext): void {
  program
    .command('explain')
    .description(
      'explain predictions: TreeSHAP for trees, exact contributions for linear models, sampled Shapley values otherwise',
    )
    .argument('<model>', 'NAME:VERSION, NAME@ALIAS or a model folder')
    .option('--row <json>', 'a JSON object of feature values, or an array of them')
    .option('--data <ref>', 'explain rows of this data instead (global importance over them)')
    .option('--limit <n>', 'rows of --data to explain', '200')
    .option(
      '--background <ref>',
      'background rows (default: the training data recorded on the model version)',
    )
    .option('--top <n>', 'how many attributions to list per row', '10')
    .action(
      ctx.run(
        async (
          model: string,
          opts: { row?: string; data?: string; limit: string; background?: string; top: string },
        ) => {
          const g = ctx.globals();
          const result = await withPlatform(ctx, (p) =>
            p.explain({
              model,
              rows: opts.row,
              data: opts.data,
              limit: Number(opts.limit),
              background: opts.background,
              top: Number(opts.top),
              cwd: g.cwd,
            }),
          );
          printResult(ctx.streams, g, result, formatExplain);
        },
      ),
    );
}

interface EvalFlags {
  data: string;
  validation?: string;
  slice?: string[];
  require?: string[];
  targetRecall?: string;
  targetPrecision?: string;
  cost?: string;
  policy?: string;
  html?: string;
  tests?: string;
  baselines: boolean;
  store: boolean;
}

function fraction(text: string, flag: string): number {
  const v = Number(text);
  if (!(v > 0 && v <= 1))
    throw new FlywheelError('INVALID_ARGUMENT', `${flag} must be a number in (0, 1], got "${text}"`, {
      hint: `e.g. ${flag} 0.95`,
    });
  return v;
}

function operatingTarget(o: EvalFlags): OperatingTarget | undefined {
  const given = [o.targetRecall, o.targetPrecision, o.cost].filter((x) => x !== undefined).length;
  if (given > 1)
    throw new FlywheelError('USAGE', 'give only one of --target-recall, --target-precision and --cost', {
      hint: 'Pick the one trade-off that matters.',
    });
  if (o.targetRecall !== undefined)
    return { kind: 'recall', min: fraction(o.targetRecall, '--target-recall') };
  if (o.targetPrecision !== undefined)
    return { kind: 'precision', min: fraction(o.targetPrecision, '--target-precision') };
  if (o.cost !== undefined) {
    const m = /^\s*(\d+(?:\.\d+)?)\s*,\s*(\d+(?:\.\d+)?)\s*$/.exec(o.cost);
    if (!m)
      throw new FlywheelError('INVALID_ARGUMENT', `--cost must be FP_COST,FN_COST, got "${o.cost}"`, {
        hint: 'e.g. --cost 1,10',
      });
    return { kind: 'cost', falsePositive: Number(m[1]), falseNegative: Number(m[2]) };
  }
  return undefined;
}

function parsePolicy(text: string): ConfidencePolicy {
  const [below, action] = text.split(':');
  const b = Number(below);
  if (!(b >= 0 && b <= 1) || !CONFIDENCE_ACTIONS.includes(action as ConfidencePolicy['action'])) {
    throw new FlywheelError('INVALID_ARGUMENT', `--policy must be THRESHOLD:ACTION, got "${text}"`, {
      hint: `e.g. --policy 0.7:human (actions: ${CONFIDENCE_ACTIONS.join(', ')})`,
    });
  }
  return { below: b, action: action as ConfidencePolicy['action'] };
}
