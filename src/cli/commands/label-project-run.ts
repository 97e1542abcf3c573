/** `flywheel label project create|status|export` as they run (loaded on first use, so startup stays light). */
import { join } from 'node:path';
import { z } from 'zod';
import { FlywheelError } from '../../core/index.js';
import {
  createLabelingProject,
  exportLabelingProject,
  labelingProjectStatus,
  type ProjectStatus,
  SAMPLING_STRATEGIES,
} from '../../labeling/index.js';
import { type CommandContext, withPlatform } from '../context.js';
import { printResult } from '../output.js';

const list = z.string().transform((s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== ''),
);
const createSchema = z.object({
  data: z.string().min(1),
  labels: list,
  instructions: z.string().optional(),
  annotations: z.coerce.number().int().min(1).optional(),
  sampling: z.enum(SAMPLING_STRATEGIES as [string, ...string[]]).optional(),
  seed: z.coerce.number().int().optional(),
  key: z.string().min(1).optional(),
  scores: list.optional(),
});

function parse<T>(schema: z.ZodType<T>, raw: unknown): T {
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  throw new FlywheelError('USAGE', `invalid --${String(issue.path[0] ?? '')}: ${issue.message}`, {
    hint: `--sampling ${SAMPLING_STRATEGIES.join('|')}; --annotations is a whole number ≥ 1; lists are comma-separated.`,
  });
}

const num = (x: number | null) => (x === null || Number.isNaN(x) ? '—' : x.toFixed(3));
function formatStatus(s: ProjectStatus): string {
  const a = s.agreement;
  const lines = [
    `project ${s.project.name}: ${s.progress.complete}/${s.progress.items} items complete (${s.project.annotationsPerItem} annotations each), ${s.progress.annotations} annotations, ${s.progress.skipped} skipped, ${s.progress.pending} pending`,
    `agreement: percent ${num(a.percentAgreement)}  Cohen's κ ${num(a.cohenKappa)}  Fleiss' κ ${num(a.fleissKappa)} (${a.fleissItems} items)  Krippendorff's α ${num(a.krippendorffAlpha)}`,
  ];
  for (const p of a.perAnnotator) {
    lines.push(
      `  ${p.annotator}: ${p.annotations} answers, with majority ${num(p.withMajority)} (${p.majorityItems}), with model ${num(p.withModel)} (${p.modelItems})`,
    );
  }
  if (a.disagreements.length)
    lines.push(`${a.disagreements.length} items in disagreement (--json lists them)`);
  return lines.join('\n');
}

/** `label project create`. */
export async function runProjectCreate(
  ctx: CommandContext,
  name: string,
  raw: Record<string, unknown>,
): Promise<void> {
  const g = ctx.globals();
  const f = parse(createSchema, raw);
  const result = await withPlatform(ctx, (p) =>
    createLabelingProject(
      {
        metadata: p.metadata,
        artifacts: p.artifacts,
        statCacheFile: join(p.root, '.flywheel', 'cache', 'stat-cache.db'),
      },
      { name, ...f, sampling: f.sampling as never, annotationsPerItem: f.annotations, cwd: g.cwd },
    ),
  );
  printResult(
    ctx.streams,
    g,
    result,
    (r) =>
      `created labeling project ${r.project.name}: ${r.items} items, labels ${r.project.labels.join(', ')}, ${r.project.annotationsPerItem} annotations per item`,
  );
}

/** `label project status`. */
export async function runProjectStatus(ctx: CommandContext, name: string): Promise<void> {
  const g = ctx.globals();
  const status = await withPlatform(ctx, (p) => labelingProjectStatus(p.metadata, name));
  printResult(ctx.streams, g, status, formatStatus);
}

/** `label project export`. */
export async function runProjectExport(
  ctx: CommandContext,
  name: string,
  raw: { name?: string },
): Promise<void> {
  const g = ctx.globals();
  const result = await withPlatform(ctx, (p) =>
    exportLabelingProject(
      {
        metadata: p.metadata,
        artifacts: p.artifacts,
        statCacheFile: join(p.root, '.flywheel', 'cache', 'stat-cache.db'),
      },
      { project: name, name: raw.name },
    ),
  );
  printResult(
    ctx.streams,
    g,
    { added: result.added, rows: result.rows },
    (r) =>
      `exported ${r.rows} labelled items of ${name} as ${r.added.dataset.name}:${r.added.dataset.version}`,
  );
}
