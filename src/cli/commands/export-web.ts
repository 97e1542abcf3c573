/**
 * `flywheel export MODEL --format web -o DIR`: the edge bundle (src/edge) written and measured, the
 * budget flags checked (`--max-size` on the gzipped bundle, `--max-latency-us` on Node's median
 * per-row time); a broken budget ends with CHECK_FAILED's exit code and every figure.
 */
import { resolve } from 'node:path';
import { z } from 'zod';
import { byteSizeSchema, FlywheelError, formatBytes } from '../../core/index.js';
import { type WebBundleReport, writeWebBundle } from '../../edge/index.js';
import { type CommandContext, withPlatform } from '../context.js';
import { printResult } from '../output.js';

const flagsSchema = z.object({
  output: z.string().min(1),
  maxSize: byteSizeSchema.optional(),
  maxLatencyUs: z.coerce.number().positive().optional(),
});

/** Run the web export with the raw flags commander parsed. */
export async function runExportWeb(
  ctx: CommandContext,
  model: string,
  raw: Record<string, unknown>,
): Promise<void> {
  const parsed = flagsSchema.safeParse(raw);
  if (!parsed.success)
    throw new FlywheelError('INVALID_ARGUMENT', `Bad flags: ${parsed.error.issues[0]!.message}`, {
      where: { field: String(parsed.error.issues[0]!.path[0] ?? '') },
      hint: 'Sizes like 200KB, 150KiB or 1MB; latency in microseconds (flywheel export --help).',
    });
  const g = ctx.globals();
  const flags = parsed.data;
  const dir = resolve(g.cwd, flags.output);
  const result = await withPlatform(ctx, async (p) => {
    const opened = await p.registry.open(model, g.cwd);
    const report = await writeWebBundle(opened.model, dir, {
      budget: { maxGzipBytes: flags.maxSize, maxLatencyUs: flags.maxLatencyUs },
    });
    return { model: opened.label, format: 'web' as const, ...report };
  });
  printResult(ctx.streams, g, result, formatWebExport);
}

/** The human summary of a web export. */
export function formatWebExport(r: WebBundleReport & { model: string }): string {
  const files = r.files.map((f) => `${f.name} ${formatBytes(f.bytes)} (${formatBytes(f.gzipBytes)} gzipped)`);
  return [
    `Exported ${r.model} as a web bundle → ${r.dir}`,
    `  files    ${files.join(', ')}`,
    `  size     ${formatBytes(r.bytes)}, ${formatBytes(r.gzipBytes)} gzipped`,
    `  memory   ${formatBytes(r.loadMemoryBytes)} to load (Node heap + buffers)`,
    `  latency  ${r.nodeLatencyUs.toFixed(2)} µs per row in Node (median of ${r.latencyRows.toLocaleString('en-US')})`,
    '',
  ].join('\n');
}
