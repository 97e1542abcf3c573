/** `flywheel export`: a model as an ONNX file (stored with its registered version). */
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';

/** Register `flywheel export`. */
export function registerExportCommand(program: Command, ctx: CommandContext): void {
  program
    .command('export')
    .description(
      'write a model as ONNX with its preprocessing inside (raw columns in; label and probabilities, or value, out)',
    )
    .argument('<model>', 'NAME:VERSION, NAME@ALIAS, or a model folder as a path (./DIR, path:DIR)')
    .option(
      '--format <format>',
      'the file format: onnx, or web (model.js + model.bin in a folder: docs/edge.md)',
      'onnx',
    )
    .requiredOption(
      '-o, --output <file>',
      'the file to write (e.g. model.onnx), or the folder for --format web',
    )
    .option('--max-size <size>', 'web: fail when the bundle is larger gzipped (e.g. 200KB)')
    .option('--max-latency-us <us>', 'web: fail when a row takes longer in Node (median µs)')
    .option('--no-store', 'do not store the file as an artifact of the registered version')
    .addHelpText(
      'after',
      '\nA registered version trained in a run also gets the file as its run artifact <artifact>.onnx (model.onnx),\nrecorded in a version tag. See docs/onnx.md for what maps to what and how to check the file.',
    )
    .action(
      ctx.run(async (model: string, raw: Record<string, unknown>) =>
        (await import('./export-run.js')).runExport(ctx, model, raw),
      ),
    );
}
