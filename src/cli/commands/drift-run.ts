/** `flywheel drift` as it runs: flags and the settings file checked, the report computed and printed. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import {
  checkYamlPart,
  ERROR_CATALOG,
  FlywheelError,
  fromSystemError,
  readYaml,
  writeFileAtomic,
} from '../../core/index.js';
import {
  CORRECTIONS,
  createMonitoring,
  DRIFT_METHODS,
  type DriftOptionsInput,
  driftOptionsSchema,
  renderDriftHtml,
} from '../../monitoring/index.js';
import { type CommandContext, withPlatform } from '../context.js';
import { printResult } from '../output.js';
import { formatDrift } from './drift-format.js';
import { filesOnly } from './file-data.js';

const method = z.enum([...DRIFT_METHODS, 'auto']);
const flagsSchema = z.object({
  columns: z.string().min(1).optional(),
  method: method.optional(),
  threshold: z.coerce.number().positive().optional(),
  numericMethod: method.optional(),
  categoricalMethod: method.optional(),
  correction: z.enum(['none', 'bonferroni', 'fdr']).optional(),
  bins: z.coerce.number().int().min(2).max(1000).optional(),
  target: z.string().min(1).optional(),
  prediction: z.string().min(1).optional(),
  multivariate: z.boolean().optional(),
  config: z.string().min(1).optional(),
  html: z.string().min(1).optional(),
  failOnDrift: z.boolean().optional(),
});
type Flags = z.infer<typeof flagsSchema>;

function parseFlags(raw: unknown): Flags {
  const parsed = flagsSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const flag = `--${String(issue.path[0] ?? '').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  throw new FlywheelError('USAGE', `invalid ${flag}: ${issue.message}`, {
    hint: `Methods: ${DRIFT_METHODS.join(', ')} or auto; corrections: ${CORRECTIONS.join(', ')}; thresholds are positive numbers.`,
  });
}

/** The settings file (YAML or JSON, the library's option names), validated later with the flags. */
function readConfig(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw fromSystemError(error, path, 'read');
  }
  const hint = `Keys: ${Object.keys(driftOptionsSchema.shape).join(', ')}; methods: ${DRIFT_METHODS.join(', ')} or auto (docs/monitoring.md).`;
  const yaml = readYaml(text, { file: path, code: 'INVALID_ARGUMENT', hint });
  const value = yaml.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new FlywheelError('INVALID_ARGUMENT', `${path} does not hold a mapping of drift settings`, {
      where: { file: path },
      hint: 'Write keys such as method, threshold, numeric, categorical, perColumn, correction (see docs/monitoring.md).',
    });
  }
  // Each key checked here, at its line (the flags fill in the rest, and the whole is parsed later).
  checkYamlPart(driftOptionsSchema, yaml);
  return value as Record<string, unknown>;
}

/** Flags over the settings file: the options the platform parses. */
function driftOptions(flags: Flags, cwd: string): DriftOptionsInput {
  const base = flags.config ? readConfig(resolve(cwd, flags.config)) : {};
  const set = (key: string, value: unknown) => {
    if (value !== undefined) base[key] = value;
  };
  set(
    'columns',
    flags.columns
      ?.split(',')
      .map((c) => c.trim())
      .filter(Boolean),
  );
  set('method', flags.method);
  set('threshold', flags.threshold);
  if (flags.numericMethod) set('numeric', { ...(base.numeric as object), method: flags.numericMethod });
  if (flags.categoricalMethod)
    set('categorical', { ...(base.categorical as object), method: flags.categoricalMethod });
  set('correction', flags.correction);
  set('bins', flags.bins);
  set('target', flags.target);
  set('prediction', flags.prediction);
  set('multivariate', flags.multivariate);
  if (flags.html) base.histograms = true;
  return base as DriftOptionsInput;
}

/** Run `flywheel drift REFERENCE CURRENT` with the raw flags commander parsed. */
export async function runDrift(
  ctx: CommandContext,
  reference: string,
  current: string,
  raw: Record<string, unknown>,
): Promise<void> {
  const g = ctx.globals();
  const flags = parseFlags(raw);
  const options = driftOptions(flags, g.cwd);
  // Two files need no workspace (nothing is recorded); a dataset reference opens it.
  const files = await filesOnly([reference, current], g.cwd);
  const report = files
    ? await createMonitoring({ resolve: async (ref) => files[ref === reference ? 0 : 1]! }).drift(
        reference,
        current,
        options,
        g.cwd,
      )
    : await withPlatform(ctx, (p) => p.monitoring.drift(reference, current, options, g.cwd));
  let html: string | undefined;
  if (flags.html) {
    html = resolve(g.cwd, flags.html);
    const page = renderDriftHtml(report, {
      title: `Drift of ${report.current.source} against ${report.reference.source}`,
      referenceLabel: report.reference.source,
      currentLabel: report.current.source,
    });
    await writeFileAtomic(html, page);
  }
  printResult(ctx.streams, g, html ? { ...report, html } : report, (r) => formatDrift(r, html));
  const drifted = report.dataset.drift || report.target?.drift || report.prediction?.drift;
  if (flags.failOnDrift && drifted) ctx.exitCode = ERROR_CATALOG.CHECK_FAILED.exit;
}
