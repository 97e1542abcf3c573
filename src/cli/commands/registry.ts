/** `flywheel models …`: registered models, versions and aliases (every alias move is audited). */
import type { Command } from 'commander';
import { type CommandContext, withPlatform } from '../context.js';
import { printResult } from '../output.js';

interface RegisterOptions {
  run?: string;
  artifact?: string;
  onnx?: string;
  signature?: string;
  description?: string;
}

/** The text formats, loaded when a command prints (they import core). */
const formats = () => import('./registry-format.js');

/** Register `flywheel models`. */
export function registerRegistryCommands(program: Command, ctx: CommandContext): void {
  const models = program
    .command('models')
    .description('registered models: versions (name:N) and aliases (name@production), with an audit log');
  models
    .command('list')
    .description('list registered models with their latest version and aliases')
    .action(
      ctx.run(async () => {
        const list = await withPlatform(ctx, (p) => p.registry.listModels());
        const { formatModels } = await formats();
        printResult(ctx.streams, ctx.globals(), list, formatModels);
      }),
    );
  models
    .command('show')
    .description('a model: description, aliases, tags and versions')
    .argument('<name>', 'model name')
    .action(
      ctx.run(async (name: string) => {
        const shown = await withPlatform(ctx, async (p) => ({
          model: await p.registry.getModel(name),
          versions: await p.registry.versions(name),
        }));
        const { formatModel } = await formats();
        printResult(ctx.streams, ctx.globals(), shown, (s) => formatModel(s.model, s.versions));
      }),
    );
  models
    .command('versions')
    .description("a model's versions with their runs, sources and aliases")
    .argument('<name>', 'model name')
    .action(
      ctx.run(async (name: string) => {
        const versions = await withPlatform(ctx, (p) => p.registry.versions(name));
        const { formatVersions } = await formats();
        printResult(ctx.streams, ctx.globals(), versions, formatVersions);
      }),
    );
  models
    .command('register')
    .description(
      'record the next version of a model from a run artifact, or from an ONNX file made elsewhere (--onnx)',
    )
    .argument('<name>', 'model name (created if missing)')
    .option('--run <id>', 'the run that produced the model')
    .option('--artifact <path>', 'the artifact path inside the run (as logged)')
    .option('--onnx <file>', 'an ONNX model (PyTorch, skl2onnx, onnxmltools…), scored by ONNX Runtime')
    .option(
      '--signature <file>',
      'with --onnx: JSON naming columns, task, classes and the output (docs/onnx.md)',
    )
    .option('-d, --description <text>', 'a description of the version')
    .action(
      ctx.run(async (name: string, opts: RegisterOptions) => {
        if (opts.onnx !== undefined) {
          if (opts.run !== undefined || opts.artifact !== undefined)
            throw (await formats()).registerUsage(
              '--onnx registers a file: give it without --run and --artifact',
            );
          const imported = await withPlatform(ctx, (p) =>
            p.registry.registerOnnx({
              name,
              file: opts.onnx!,
              signature: opts.signature,
              description: opts.description,
              cwd: process.cwd(),
            }),
          );
          const { formatOnnxImport } = await formats();
          printResult(ctx.streams, ctx.globals(), imported, formatOnnxImport);
          return;
        }
        if (opts.run === undefined || opts.artifact === undefined || opts.signature !== undefined)
          throw (await formats()).registerUsage(
            'give --run and --artifact (a run artifact), or --onnx [--signature] (a file)',
          );
        const { run, artifact } = opts;
        const v = await withPlatform(ctx, (p) =>
          p.registry.registerVersion({ name, runId: run, artifact, description: opts.description }),
        );
        printResult(
          ctx.streams,
          ctx.globals(),
          v,
          (x) => `Registered ${x.name}:${x.version} from ${x.source}`,
        );
      }),
    );
  models
    .command('alias')
    .description('point an alias at a version (moves it if it exists; the move is audited)')
    .argument('<name>', 'model name')
    .argument('<alias>', 'alias, e.g. production or staging')
    .argument('<version>', 'version number')
    .option('-r, --reason <text>', 'why (kept in the audit log)')
    .action(
      ctx.run(async (name: string, alias: string, version: string, opts: { reason?: string }) => {
        const move = await withPlatform(ctx, (p) =>
          p.registry.setAlias(name, alias, version, { reason: opts.reason }),
        );
        printResult(
          ctx.streams,
          ctx.globals(),
          move,
          (m) => `${m.name}@${m.alias} → ${m.to}${m.from === null ? '' : ` (was ${m.from})`}`,
        );
      }),
    );
  models
    .command('set-weights')
    .description(
      'register a new version that combines models by weights (weighted average of their predictions; no retraining)',
    )
    .argument('<name>', 'the ensemble model name')
    .requiredOption(
      '--member <ref=weight>',
      'a member and its weight, e.g. churn-gbdt:3=0.7 (repeatable)',
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option('-r, --reason <text>', 'why (kept as the version description)')
    .action(
      ctx.run(async (name: string, opts: { member: string[]; reason?: string }) => {
        const members = await Promise.all(opts.member.map(parseMember));
        const v = await withPlatform(ctx, (p) =>
          p.registry.setWeights({ name, members, reason: opts.reason, cwd: ctx.globals().cwd }),
        );
        printResult(
          ctx.streams,
          ctx.globals(),
          v,
          (x) =>
            `registered ${x.name}:${x.version}: ${members.map((m) => `${m.ref}×${m.weight}`).join(' + ')}`,
        );
      }),
    );
  models
    .command('unalias')
    .description('remove an alias (audited)')
    .argument('<name>', 'model name')
    .argument('<alias>', 'alias')
    .option('-r, --reason <text>', 'why (kept in the audit log)')
    .action(
      ctx.run(async (name: string, alias: string, opts: { reason?: string }) => {
        const move = await withPlatform(ctx, (p) =>
          p.registry.deleteAlias(name, alias, { reason: opts.reason }),
        );
        printResult(ctx.streams, ctx.globals(), move, (m) => `Removed ${m.name}@${m.alias} (was ${m.from})`);
      }),
    );
  models
    .command('history')
    .description('the audit log of a model: versions added and alias moves (who, when, from → to, why)')
    .argument('<name>', 'model name')
    .action(
      ctx.run(async (name: string) => {
        const events = await withPlatform(ctx, (p) => p.registry.history(name));
        const { formatHistory } = await formats();
        printResult(ctx.streams, ctx.globals(), events, formatHistory);
      }),
    );
}

async function parseMember(text: string): Promise<{ ref: string; weight: number }> {
  const m = /^(.+)=(\d+(?:\.\d+)?)$/.exec(text.trim());
  if (!m) {
    const { FlywheelError } = await import('../../core/index.js');
    throw new FlywheelError('INVALID_ARGUMENT', `--member must be REF=WEIGHT, got "${text}"`, {
      hint: 'e.g. --member churn-gbdt:3=0.7',
    });
  }
  return { ref: m[1]!, weight: Number(m[2]) };
}
