/**
 * `flywheel train` configs: a YAML file (or flags, which override it) parsed with zod, and turned
 * into the request `platform.train` takes. Errors name the file and the key.
 */
import { readFile } from 'node:fs/promises';
import { checkYamlPart, FlywheelError, fromSystemError, readYaml } from '../core/index.js';
import type { TrainRequest } from './train-service.js';
import { type TrainConfig, trainConfigSchema } from './train-spec.js';

/**
 * Read a YAML training config (a partial one: flags may fill in the rest). Each key it holds is
 * checked here, at its file:line:column with "did you mean" for a misspelt key or choice; the
 * whole is parsed once merged with the flags.
 */
export async function readTrainConfig(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw fromSystemError(error, file, 'read the training config');
  }
  const yaml = readYaml(text, { file, code: 'CONFIG_INVALID', hint: TRAIN_HINT });
  const value = yaml.value;
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new FlywheelError('CONFIG_INVALID', `${file} must hold a mapping of settings`, { where: { file } });
  }
  checkYamlPart(trainConfigSchema, yaml);
  return value as Record<string, unknown>;
}

const TRAIN_HINT =
  'Needed: data, target and model (linear, gbdt or mlp); see `flywheel train --help` and docs/training.md.';

/** Merge config-file settings with flags (flags win; `params` are merged key by key) and parse. */
export function parseTrainConfig(
  fromFile: Record<string, unknown>,
  flags: Record<string, unknown>,
  file?: string,
): TrainConfig {
  const params = { ...asRecord(fromFile.params), ...asRecord(flags.params) };
  const merged: Record<string, unknown> = { ...fromFile };
  for (const [k, v] of Object.entries(flags)) if (v !== undefined) merged[k] = v;
  merged.params = params;
  const parsed = trainConfigSchema.safeParse(merged);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const key = issue.path.join('.') || ('keys' in issue ? (issue.keys as string[]).join(', ') : '');
  throw new FlywheelError(
    file ? 'CONFIG_INVALID' : 'USAGE',
    `Invalid training setting ${key ? `"${key}"` : ''}: ${issue.message}`,
    {
      where: file ? { file, path: key } : { field: key },
      hint: TRAIN_HINT,
    },
  );
}

function asRecord(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** The request for `platform.train` from a parsed config. */
export function requestFromConfig(c: TrainConfig): TrainRequest {
  return {
    data: c.data,
    target: c.target,
    model: c.model,
    params: c.params,
    task: c.task,
    features: c.features,
    exclude: c.exclude,
    categorical: c.categorical,
    optionalFeatures: c.optional_features,
    encoding: c.encoding,
    loss: c.loss,
    sampleWeight: c.sample_weight,
    classWeight: c.class_weight,
    validation: c.validation,
    seed: c.seed,
    experiment: c.experiment,
    runName: c.run_name,
    register: c.register,
  };
}
