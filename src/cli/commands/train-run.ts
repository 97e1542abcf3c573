/** `flywheel train` as it runs: config and flags merged, the model trained with progress, the summary printed. */
import { resolve } from 'node:path';
import { FlywheelError } from '../../core/index.js';
import {
  parseParamFlags,
  parseTrainConfig,
  readTrainConfig,
  requestFromConfig,
  type TrainResult,
} from '../../training/index.js';
import { type CommandContext, withPlatform } from '../context.js';
import { printResult } from '../output.js';
import { cliProgressMode } from '../progress.js';
import { stopOnInterrupt, trainProgressBar } from './train-progress.js';

/** The flags of `flywheel train`. */
export interface TrainFlags {
  config?: string;
  data?: string;
  target?: string;
  model?: string;
  param: string[];
  task?: string;
  features?: string;
  exclude?: string;
  categorical?: string;
  encoding?: string;
  validation?: string;
  loss: string[];
  sampleWeight?: string;
  classWeight?: string;
  seed?: string;
  experiment?: string;
  runName?: string;
  register?: string;
  alert?: string;
}

/** Run `flywheel train` with the flags commander parsed. */
export async function runTrain(ctx: CommandContext, flags: TrainFlags): Promise<void> {
  const g = ctx.globals();
  const fromFile = flags.config ? await readTrainConfig(resolve(g.cwd, flags.config)) : {};
  const config = parseTrainConfig(fromFile, flagSettings(flags), flags.config);
  const controller = new AbortController();
  const bar = trainProgressBar(`train ${config.model}`, cliProgressMode(ctx.streams, g), ctx.streams.stderr);
  const release = stopOnInterrupt(controller, ctx.streams.stderr);
  try {
    const result = await withPlatform(ctx, (p) =>
      p.train({
        ...requestFromConfig(config),
        alert: flags.alert === undefined ? undefined : alertId(flags.alert),
        cwd: g.cwd,
        signal: controller.signal,
        onProgress: (x) => bar.update(x),
      }),
    );
    bar.done();
    printResult(ctx.streams, g, summary(result), formatTrain);
  } finally {
    release();
  }
}

/** `--alert ID`: an audit event id, as `flywheel monitor run` reports it and the retrain action passes it. */
function alertId(text: string): number {
  const id = Number(text);
  if (/^\d+$/.test(text) && Number.isSafeInteger(id) && id > 0) return id;
  throw new FlywheelError(
    'INVALID_ARGUMENT',
    `--alert must be an alert's event id (a positive whole number), got "${text}"`,
    {
      hint: 'The retrain action passes it: put {alert_id} in monitor.retrain.command, or let it append --alert to a flywheel train command.',
    },
  );
}

function list(v: string | undefined): string[] | undefined {
  return v === undefined
    ? undefined
    : v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
}

/** Flags in the config file's vocabulary (undefined where not given). */
function flagSettings(f: TrainFlags): Record<string, unknown> {
  const number = (v: string | undefined) => (v === undefined ? undefined : Number(v));
  const validation =
    f.validation === undefined
      ? undefined
      : Number.isFinite(Number(f.validation))
        ? Number(f.validation)
        : f.validation;
  return {
    data: f.data,
    target: f.target,
    model: f.model,
    params: parseParamFlags(f.param),
    task: f.task,
    features: list(f.features),
    exclude: list(f.exclude),
    categorical: list(f.categorical),
    encoding: f.encoding,
    validation,
    loss: f.loss.length > 0 ? f.loss.map(parseLossFlag) : undefined,
    sample_weight: f.sampleWeight,
    class_weight: f.classWeight === undefined ? undefined : parseClassWeight(f.classWeight),
    seed: number(f.seed),
    experiment: f.experiment,
    run_name: f.runName,
    register: f.register,
  };
}

function parseLossFlag(v: string): Record<string, unknown> {
  const [loss, target, weight] = v.split(':');
  if (!loss || !target) {
    throw new FlywheelError('USAGE', `--loss "${v}" is not KIND:COLUMN[:WEIGHT]`, {
      hint: 'For example --loss logloss:churned:1 --loss squared:spend:0.2',
    });
  }
  return { loss, target, weight: weight === undefined ? 1 : Number(weight) };
}

function parseClassWeight(v: string): 'balanced' | Record<string, number> {
  if (v === 'balanced') return v;
  return Object.fromEntries(
    v.split(',').map((pair) => {
      const [label, w] = pair.split('=');
      if (!label || w === undefined)
        throw new FlywheelError('USAGE', `--class-weight "${v}" is not LABEL=WEIGHT,…`, {
          hint: 'For example --class-weight yes=5,no=1',
        });
      return [label.trim(), Number(w)];
    }),
  );
}

function summary(r: TrainResult) {
  const m = r.model;
  return {
    run: { id: r.run.id, name: r.run.name, experiment: r.run.experimentName, status: r.run.status },
    model: {
      family: m.family,
      task: m.schema.output.task,
      target: m.schema.output.target,
      features: m.schema.features.length,
      classes: m.schema.output.classes,
      artifact: r.artifact,
    },
    version: r.version === null ? null : { name: r.version.name, version: r.version.version },
    metrics: r.metrics,
    params: r.params,
    iterations: r.iterations,
    bestIteration: r.bestIteration,
    stopReason: r.stopReason,
    rows: r.rows,
    seconds: r.seconds,
  };
}

function formatTrain(s: ReturnType<typeof summary>): string {
  const rows = `${s.rows.train.toLocaleString('en-US')} rows${s.rows.valid ? `, validation ${s.rows.valid.toLocaleString('en-US')}` : ''}`;
  const lines = [
    `Trained ${s.model.family} (${s.model.task}) on ${rows} in ${s.seconds.toFixed(1)} s: ${s.iterations} iterations, ${s.stopReason.replace('_', ' ')}${s.bestIteration === null ? '' : `, best ${s.bestIteration}`}`,
    `  run    ${s.run.id} (${s.run.name}, experiment ${s.run.experiment})`,
    `  model  artifact "${s.model.artifact}"${s.version ? `, registered as ${s.version.name}:${s.version.version}` : ''}`,
  ];
  const metrics = Object.entries(s.metrics).map(([k, v]) => `${k} ${v.toFixed(4)}`);
  if (metrics.length) lines.push(`  ${metrics.join('  ')}`);
  return lines.join('\n');
}
