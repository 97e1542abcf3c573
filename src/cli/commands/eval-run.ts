/** `flywheel eval` and `flywheel explain` as they run: flags checked, the platform called, the report printed. */
import { resolve } from 'node:path';
import { FlywheelError, writeFileAtomic } from '../../core/index.js';
import {
  CONFIDENCE_ACTIONS,
  type ConfidencePolicy,
  type OperatingTarget,
  renderEvalHtml,
} from '../../evaluation/index.js';
import { type CommandContext, withPlatform } from '../context.js';
import { printResult } from '../output.js';
import { formatEval, formatExplain } from './eval-format.js';

/** Run `flywheel eval MODEL` with the flags commander parsed. */
export async function runEval(ctx: CommandContext, model: string, opts: EvalFlags): Promise<void> {
  const g = ctx.globals();
  const result = await withPlatform(ctx, (p) =>
    p.evaluation.evaluate({
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
  if (opts.html) await writeFileAtomic(resolve(g.cwd, opts.html), renderEvalHtml(result));
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
}

/** The flags of `flywheel explain`. */
export interface ExplainFlags {
  row?: string;
  data?: string;
  limit: string;
  background?: string;
  top: string;
}

/** Run `flywheel explain MODEL`. */
export async function runExplainCommand(
  ctx: CommandContext,
  model: string,
  opts: ExplainFlags,
): Promise<void> {
  const g = ctx.globals();
  const result = await withPlatform(ctx, (p) =>
    p.evaluation.explain({
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
}

/** The flags of `flywheel eval`. */
export interface EvalFlags {
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
