/** `flywheel export` as it runs: flags checked, the export called, the result printed. */
import { resolve } from 'node:path';
import { z } from 'zod';
import { FlywheelError, formatBytes } from '../../core/index.js';
import { type ExportResult, exportModel } from '../../onnx/index.js';
import { VERSION } from '../../platform.js';
import { type CommandContext, withPlatform } from '../context.js';
import { printResult } from '../output.js';

const flagsSchema = z.object({
  format: z.string(),
  output: z.string().min(1),
  store: z.boolean().default(true),
});

/** Run `flywheel export MODEL` with the raw flags commander parsed. */
export async function runExport(
  ctx: CommandContext,
  model: string,
  raw: Record<string, unknown>,
): Promise<void> {
  if (raw.format === 'web') return (await import('./export-web.js')).runExportWeb(ctx, model, raw);
  const parsed = flagsSchema.safeParse(raw);
  if (!parsed.success)
    throw new FlywheelError('INVALID_ARGUMENT', `Bad flags: ${parsed.error.issues[0]!.message}`, {
      hint: 'Run flywheel export --help.',
    });
  const g = ctx.globals();
  const flags = parsed.data;
  const result = await withPlatform(ctx, (p) =>
    exportModel(
      {
        open: (ref, cwd) => p.registry.open(ref, cwd),
        attachRun: (id) => p.tracking.attachRun(id),
        setVersionTags: (name, version, tags) => p.registry.setVersionTags(name, version, tags),
        producerVersion: VERSION,
      },
      { model, format: flags.format, output: resolve(g.cwd, flags.output), cwd: g.cwd, store: flags.store },
    ),
  );
  printResult(ctx.streams, g, result, formatExport);
}

/** The human summary of an export. */
export function formatExport(r: ExportResult): string {
  const opsets = r.opsets.map((o) => `${o.domain || 'ai.onnx'} ${o.version}`).join(', ');
  const io = (v: ExportResult['inputs']) =>
    v.map((x) => `${x.name} ${x.type}[${x.shape.join(',')}]`).join(', ');
  const lines = [
    `Exported ${r.model} as ONNX → ${r.path} (${formatBytes(r.bytes)}; opsets ${opsets})`,
    `  inputs   ${r.inputs.length > 8 ? `${io(r.inputs.slice(0, 8))}, … (${r.inputs.length} in all)` : io(r.inputs)}`,
    `  outputs  ${io(r.outputs)}`,
    r.stored
      ? `  stored   run ${r.stored.runId} artifact ${r.stored.artifact} (tag ${r.stored.tag})`
      : `  stored   no: ${r.notStored}`,
  ];
  return `${lines.join('\n')}\n`;
}
