/**
 * `flywheel.yaml`: the workspace configuration, parsed with zod. Every error names the file, the
 * line and the key path, and says how to fix it. Environment variables override the file.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { monitorSchema } from './config-monitor.js';
import { byteSizeSchema, durationSchema, urlWithScheme } from './config-values.js';
import { FlywheelError, fromSystemError } from './errors.js';
import { LOG_LEVELS } from './logger.js';
import { readYaml, type YamlFile } from './yaml.js';
import { firstIssue, yamlIssueError } from './yaml-schema.js';

export { type AlertActionName, type AlertWhere, monitorSchema } from './config-monitor.js';
export { parseDuration } from './config-values.js';

/** The config file name a workspace is recognised by. */
export const CONFIG_FILE = 'flywheel.yaml';

const METADATA_SCHEMES = ['sqlite:', 'postgres:', 'postgresql:'] as const;
const ARTIFACT_SCHEMES = ['file:'] as const;

/**
 * `registry:` — what remote clients may record. `allow_sources` lists prefixes of model-version
 * sources accepted over HTTP although they name a local file or an internal host (refused otherwise).
 */
const registrySchema = z
  .object({ allow_sources: z.array(z.string().min(1)).default([]) })
  .strict()
  .prefault({});

/** `server:` — the HTTP server (`flywheel serve`); writes need `token` (or FLYWHEEL_TOKEN). */
const serverSchema = z
  .object({
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(0).max(65_535).default(8080),
    // A token with a space or a character outside visible ASCII could never match an
    // "Authorization: Bearer TOKEN" header: refused here, at start, not at every request.
    token: z
      .string()
      .min(16, 'the token must be at least 16 characters long')
      .regex(/^[\x21-\x7e]+$/, 'the token must be visible ASCII characters only, without spaces')
      .optional(),
    // Parsing a JSON body holds the event loop (about 4 ms a MiB): a cap keeps one request from
    // stalling every other client for long.
    body_limit: byteSizeSchema
      .refine((v) => v <= 64 * 1024 * 1024, 'the body limit can be at most 64 MiB')
      .default(1_048_576),
    /** Server processes sharing the port (`flywheel serve --workers`). */
    workers: z.number().int().min(1).max(64).default(1),
    /** Host header names answered besides localhost, 127.0.0.1, [::1] and `host`; "*" answers any. */
    allowed_hosts: z
      .array(
        z
          .string()
          .regex(
            /^(\*|[A-Za-z0-9._-]+|\[[0-9A-Fa-f:.]+\])$/,
            'write a host name, an IPv4 address, an IPv6 address in brackets ([::1]) or "*"',
          ),
      )
      .default([]),
    /** One per-client rate limit over every route (none by default). */
    rate_limit: z
      .object({ requests_per_second: z.number().positive(), burst: z.number().int().min(1) })
      .strict()
      .optional(),
  })
  .strict()
  .default({ host: '127.0.0.1', port: 8080, body_limit: 1_048_576, workers: 1, allowed_hosts: [] });

/** `batch.worker.outputs` entry: a folder, or a PostgreSQL database (`postgres://…`, optionally `#table`). */
const workerOutputSchema = z
  .string()
  .min(1)
  .superRefine((value, ctx) => {
    const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(value)?.[0]?.toLowerCase();
    if (scheme === undefined) return;
    if ((scheme !== 'postgres://' && scheme !== 'postgresql://') || !URL.canParse(value)) {
      ctx.addIssue({
        code: 'custom',
        message: 'an output is a folder or a postgres://user@host:5432/db URL (optionally #table)',
      });
    }
  });

/**
 * `batch:` — distributed batch jobs: the secret `predict --queue` signs tasks with and workers
 * check (FLYWHEEL_QUEUE_SECRET), how long a task stays valid, and what a worker may touch.
 */
const batchSchema = z
  .object({
    queue_secret: z.string().min(32, 'the queue secret must be at least 32 characters long').optional(),
    task_ttl: durationSchema.default(86_400_000),
    worker: z
      .object({
        inputs: z.array(z.string().min(1)).default(['.']),
        outputs: z.array(workerOutputSchema).default(['.']),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .prefault({});

/** The schema of flywheel.yaml (strict: unknown keys are errors, so typos do not pass silently). */
export const configSchema = z
  .object({
    version: z.literal(1).default(1),
    name: z.string().min(1).optional(),
    metadata: z.object({ url: urlWithScheme(METADATA_SCHEMES, 'metadata store') }).strict(),
    artifacts: z.object({ url: urlWithScheme(ARTIFACT_SCHEMES, 'artifact store') }).strict(),
    gc: z
      .object({ grace_period: durationSchema.default(3_600_000) })
      .strict()
      .default({ grace_period: 3_600_000 }),
    log: z
      .object({ level: z.enum(LOG_LEVELS).default('info') })
      .strict()
      .default({ level: 'info' }),
    server: serverSchema,
    registry: registrySchema,
    monitor: monitorSchema,
    batch: batchSchema,
  })
  .strict();

/** flywheel.yaml after parsing, with defaults filled in. */
export type FlywheelConfigFile = z.output<typeof configSchema>;

/** The `monitor:` section after parsing. */
export type MonitorConfig = FlywheelConfigFile['monitor'];
/** One entry of `monitor.alerts` after parsing, with its rule parsed as `condition`. */
export type MonitorAlert = MonitorConfig['alerts'][number];

/** A loaded workspace configuration: the file's settings plus where it lives. */
export interface FlywheelConfig extends FlywheelConfigFile {
  /** The workspace root (the folder holding flywheel.yaml). */
  root: string;
  /** The config file it was read from, if any. */
  file: string | undefined;
}

/** The default config written by `flywheel init`. */
export function defaultConfigText(name: string): string {
  return [
    '# Flywheel workspace configuration. Reference: docs/config.md',
    'version: 1',
    `name: ${JSON.stringify(name)}`,
    'metadata:',
    '  # sqlite:PATH (relative to this file) or postgres://user@host:5432/db?schema=NAME',
    '  url: sqlite:.flywheel/metadata.db',
    'artifacts:',
    '  # file:PATH (relative to this file): a content-addressed object store',
    '  url: file:.flywheel/objects',
    'gc:',
    '  # objects younger than this are never collected, so a writer that has put an object',
    '  # but not yet recorded it cannot lose it',
    '  grace_period: 1h',
    '',
  ].join('\n');
}

/** Environment variables that override flywheel.yaml, and the key each one sets. */
export const ENV_OVERRIDES = {
  FLYWHEEL_METADATA_URL: ['metadata', 'url'],
  FLYWHEEL_ARTIFACTS_URL: ['artifacts', 'url'],
  FLYWHEEL_TOKEN: ['server', 'token'],
  FLYWHEEL_QUEUE_SECRET: ['batch', 'queue_secret'],
  FLYWHEEL_LOG_LEVEL: ['log', 'level'],
} as const;

/** Read and validate a config file; `env` overrides apply on top (pass `{}` to ignore the environment). */
export function loadConfig(file: string, env: NodeJS.ProcessEnv = process.env): FlywheelConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const e = fromSystemError(error, file, 'read the configuration file');
    throw new FlywheelError('CONFIG_UNREADABLE', e.message, {
      where: { file },
      hint: e.code === 'NOT_FOUND' ? 'Run `flywheel init` to create a workspace.' : e.hint,
      cause: error,
    });
  }
  return parseConfig(text, file, env);
}

/** Validate config text as read from `file` (used for messages and to resolve relative paths). */
export function parseConfig(
  text: string,
  file: string,
  env: NodeJS.ProcessEnv = process.env,
): FlywheelConfig {
  const yaml = readYaml(text, { file, code: 'CONFIG_INVALID', hint: 'See docs/config.md.' });
  const raw = yaml.value ?? {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new FlywheelError('CONFIG_INVALID', `${file} must be a YAML mapping of keys to values`, {
      where: { file, line: 1 },
      hint: 'Start from the file `flywheel init` writes.',
    });
  }
  const withEnv = applyEnvOverrides(raw as Record<string, unknown>, env);
  const parsed = configSchema.safeParse(withEnv.value);
  if (!parsed.success)
    throw configIssueError(parsed.error, { ...yaml, value: withEnv.value }, withEnv.fromEnv);
  // Each alert remembers where its rule is written, for errors found when it is evaluated.
  parsed.data.monitor.alerts.forEach((alert, i) => {
    const at = yaml.position(['monitor', 'alerts', i, 'rule']);
    if (at) alert.where = { file, ...at };
  });
  const root = resolve(file, '..');
  return { ...parsed.data, root, file: resolve(file) };
}

function applyEnvOverrides(raw: Record<string, unknown>, env: NodeJS.ProcessEnv) {
  const value: Record<string, unknown> = structuredClone(raw);
  const fromEnv = new Map<string, string>();
  for (const [name, [section, key]] of Object.entries(ENV_OVERRIDES)) {
    const v = env[name];
    if (v === undefined || v === '') continue;
    const current = value[section];
    const obj = typeof current === 'object' && current !== null ? (current as Record<string, unknown>) : {};
    value[section] = { ...obj, [key]: v };
    fromEnv.set(`${section}.${key}`, name);
  }
  return { value, fromEnv };
}

function configIssueError(error: z.ZodError, yaml: YamlFile, fromEnv: Map<string, string>): FlywheelError {
  const issue = firstIssue(error, yaml.value, false)!;
  const keyPath = issue.path.map(String).join('.');
  const envName = fromEnv.get(keyPath);
  if (envName) {
    return new FlywheelError('CONFIG_INVALID', `${envName} is invalid (${keyPath}): ${issue.message}`, {
      where: { path: keyPath },
      hint: `Fix or unset the ${envName} environment variable.`,
    });
  }
  return yamlIssueError(configSchema, yaml, issue, { hint: configHint });
}

function configHint(path: string[], issue: z.core.$ZodIssue): string {
  const key = path.join('.');
  const custom = issue.code === 'custom' ? issue.params?.hint : undefined;
  if (typeof custom === 'string') return custom;
  if (issue.code === 'unrecognized_keys') {
    return `Remove or rename "${key}"; the keys allowed here are listed in docs/config.md.`;
  }
  if (key === 'metadata.url' || key === 'metadata') {
    return 'Set metadata.url to sqlite:.flywheel/metadata.db or postgres://user@host:5432/database.';
  }
  if (key === 'artifacts.url' || key === 'artifacts') {
    return 'Set artifacts.url to file:.flywheel/objects (a folder, relative to flywheel.yaml).';
  }
  if (key.startsWith('gc')) return 'Write gc.grace_period as a duration such as 30m or 1h.';
  if (key.startsWith('server')) {
    return 'server: takes host (127.0.0.1), port (0-65535), token (16+ visible ASCII characters, no spaces), body_limit (bytes or e.g. 1MiB), workers, allowed_hosts (host names) and rate_limit (requests_per_second, burst).';
  }
  if (key.startsWith('batch')) {
    return 'batch: takes queue_secret (32+ characters; better FLYWHEEL_QUEUE_SECRET), task_ttl (a duration) and worker (inputs: folders; outputs: folders or postgres:// URLs); see docs/batch.md.';
  }
  if (key.startsWith('monitor')) {
    return 'monitor: takes window, min_labels, log_dir, models, webhooks (name: http(s) URL), retrain (command, timeout) and alerts; see docs/config.md.';
  }
  return `Fix the value of "${key}"; see docs/config.md for the allowed values.`;
}

/** Resolve a path written in flywheel.yaml relative to the workspace root. */
export function resolveWorkspacePath(root: string, path: string): string {
  return isAbsolute(path) ? path : resolve(root, path);
}
