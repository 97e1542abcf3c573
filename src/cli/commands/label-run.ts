/** `flywheel label analyze|apply` as they run: flags parsed (zod), one platform call, the report printed. */
import { resolve } from 'node:path';
import { z } from 'zod';
import { FlywheelError, writeFileAtomic } from '../../core/index.js';
import { LABEL_MODELS, type LabelRunOptions, renderLabelReportHtml } from '../../labeling/index.js';
import { type CommandContext, withPlatform } from '../context.js';
import { printResult } from '../output.js';
import { formatLabelApply, formatLabelReport } from './label-format.js';

const list = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim()))
  .refine((xs) => xs.every((x) => x !== ''), 'an empty item in the list');
const flagsSchema = z.object({
  lfs: z.string().min(1),
  data: z.string().min(1),
  model: z.enum(LABEL_MODELS).optional(),
  dev: z.string().min(1).optional(),
  gold: z.string().min(1).optional(),
  labels: list.optional(),
  classBalance: list
    .transform((xs) => xs.map(Number))
    .refine((xs) => xs.every((x) => Number.isFinite(x) && x > 0), 'shares must be positive numbers')
    .optional(),
  threads: z.coerce.number().int().min(1).max(256).optional(),
  lfErrors: z.enum(['stop', 'abstain']).optional(),
  ties: z.enum(['abstain', 'random']).optional(),
  seed: z.coerce.number().int().optional(),
  html: z.string().min(1).optional(),
  name: z.string().min(1).optional(),
  dropUnlabeled: z.boolean().optional(),
  keepUnlabeled: z.boolean().optional(),
  labelColumn: z.string().min(1).optional(),
  probabilityColumn: z.string().min(1).optional(),
  votesColumn: z.string().min(1).optional(),
});
type Flags = z.infer<typeof flagsSchema>;

function parseFlags(raw: unknown): Flags {
  const parsed = flagsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const flag = `--${String(issue.path[0] ?? '').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    throw new FlywheelError('USAGE', `invalid ${flag}: ${issue.message}`, {
      hint: `Models: ${LABEL_MODELS.join(', ')}; --lf-errors stop|abstain; --ties abstain|random; lists are comma-separated.`,
    });
  }
  if (parsed.data.dropUnlabeled && parsed.data.keepUnlabeled)
    throw new FlywheelError('USAGE', '--drop-unlabeled and --keep-unlabeled exclude each other', {
      hint: 'Pass one of them (rows without a label are dropped by default).',
    });
  return parsed.data;
}

function runOptions(f: Flags, cwd: string): LabelRunOptions {
  const { html: _html, name: _n, dropUnlabeled: _d, keepUnlabeled: _k, ...rest } = f;
  return { ...rest, cwd };
}

/** `flywheel label analyze`. */
export async function runLabelAnalyze(ctx: CommandContext, raw: unknown): Promise<void> {
  const g = ctx.globals();
  const flags = parseFlags(raw);
  const report = await withPlatform(ctx, (p) => p.labeling.analyze(runOptions(flags, g.cwd)));
  let html: string | undefined;
  if (flags.html) {
    html = resolve(g.cwd, flags.html);
    await writeFileAtomic(html, renderLabelReportHtml(report));
  }
  printResult(ctx.streams, g, html ? { ...report, html } : report, (r) => formatLabelReport(r, html));
}

/** `flywheel label apply`. */
export async function runLabelApply(ctx: CommandContext, raw: unknown): Promise<void> {
  const g = ctx.globals();
  const flags = parseFlags(raw);
  const result = await withPlatform(ctx, (p) =>
    p.labeling.apply({
      ...runOptions(flags, g.cwd),
      name: flags.name,
      keepUnlabeled: flags.keepUnlabeled ?? false,
    }),
  );
  printResult(ctx.streams, g, result, formatLabelApply);
}
