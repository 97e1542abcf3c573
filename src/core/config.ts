/**
 * `flywheel.yaml`: the workspace configuration, parsed with zod. Every error names the file, the
 * line and the key path, and says how to fix it. Environment variables override the file.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { z } from 'zod';
import { parseRule } from './alert-rule.js';
import { FlywheelError, fromSystemError } from './errors.js';
import { checkYamlNesting, yamlToJs } from './yaml.js';

/** The config file name a workspace is recognised by. */
export const CONFIG_FILE = 'flywheel.yaml';

const METADATA_SCHEMES = ['sqlite:', 'postgres:', 'postgresql:'] as const;
const ARTIFACT_SCHEMES = ['file:'] as const;

function urlWithScheme(schemes: readonly string[], what: string) {
  return z.string().superRefine((value, ctx) => {
    const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(value)?.[0]?.toLowerCase();
    if (!scheme || !schemes.includes(scheme)) {
      ctx.addIssue({
        code: 'custom',
        message: `unsupported ${what} URL "${value}": the scheme must be one of ${schemes.join(', ')}`,
      });
    }
  });
}

const durationSchema = z
  .union([z.number().nonnegative(), z.string().regex(/^\d+(\.\d+)?\s*(ms|s|m|h|d)$/)])
  .transform((v) => (typeof v === 'number' ? v * 1000 : parseDuration(v)));

const byteSizeSchema = z
  .union([z.number().int().positive(), z.string().regex(/^\d+(\.\d+)?\s*(b|kb|kib|mb|mib|gb|gib)$/i)])
  .transform((v) => {
    if (typeof v === 'number') return v;
    const m = /^([\d.]+)\s*([a-z]+)$/i.exec(v)!;
    const unit = { b: 1, kb: 1e3, kib: 1024, mb: 1e6, mib: 1024 ** 2, gb: 1e9, gib: 1024 ** 3 };
    return Math.floor(Number(m[1]) * unit[m[2]!.toLowerCase() as keyof typeof unit]);
  });

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

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const NAME_MESSAGE = 'use letters, digits, ".", "_" and "-", starting with a letter or digit';

/** An alert action: a log line, a webhook POST, a non-zero exit, or starting `retrain.command`. */
export type AlertActionName = 'log' | 'exit' | 'retrain' | `webhook:${string}`;

/** One alert rule as written in `monitor.alerts`. */
const alertSchema = z
  .object({
    name: z.string().regex(NAME, NAME_MESSAGE),
    rule: z.string().superRefine((text, ctx) => {
      try {
        parseRule(text);
      } catch (error) {
        const e = error as FlywheelError;
        ctx.addIssue({ code: 'custom', message: e.message, params: { hint: e.hint } });
      }
    }),
    model: z.string().min(1).optional(),
    actions: z
      .array(
        z
          .string()
          .regex(
            /^(log|exit|retrain|webhook:[A-Za-z0-9][A-Za-z0-9._-]*)$/,
            'an action is log, exit, retrain or webhook:NAME',
          ),
      )
      .min(1)
      .default(['log']),
  })
  .strict()
  // the rule text was checked above, so parsing it again cannot fail
  .transform((a) => ({
    ...a,
    condition: parseRule(a.rule),
    actions: a.actions as AlertActionName[],
  }));

const webhookUrl = urlWithScheme(['http:', 'https:'], 'webhook').refine(
  (u) => URL.canParse(u),
  'not a valid URL',
);

/** `monitor:` — alert rules over the prediction log and what they do when they fire. */
const monitorSchema = z
  .object({
    window: z
      .union([
        z.number().int().positive(),
        z.string().regex(/^(\d+|\d+(\.\d+)?\s*(ms|s|m|h|d))$/, 'write rows (1000) or a duration (1h)'),
      ])
      .transform(String)
      .default('1000'),
    min_labels: z.number().int().nonnegative().default(50),
    log_dir: z.string().min(1).default('.flywheel/predictions'),
    models: z.array(z.string().min(1)).default([]),
    webhooks: z.record(z.string().regex(NAME, NAME_MESSAGE), webhookUrl).default({}),
    retrain: z
      .object({ command: z.array(z.string().min(1)).min(1), timeout: durationSchema.default(1_800_000) })
      .strict()
      .optional(),
    alerts: z.array(alertSchema).default([]),
  })
  .strict()
  .superRefine((m, ctx) => {
    const seen = new Set<string>();
    m.alerts.forEach((alert, i) => {
      // an alert with an invalid field arrives here untransformed: its own issue is reported instead
      if (!Array.isArray(alert.actions)) return;
      if (seen.has(alert.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['alerts', i, 'name'],
          message: `duplicate alert "${alert.name}"`,
        });
      }
      seen.add(alert.name);
      alert.actions.forEach((action, j) => {
        const path = ['alerts', i, 'actions', j];
        const hook = action.startsWith('webhook:') ? action.slice('webhook:'.length) : undefined;
        if (hook !== undefined && !Object.hasOwn(m.webhooks, hook)) {
          const known = Object.keys(m.webhooks);
          const message = `unknown webhook "${hook}" (defined: ${known.length ? known.join(', ') : 'none'})`;
          ctx.addIssue({
            code: 'custom',
            path,
            message,
            params: { hint: 'Define it under monitor.webhooks.' },
          });
        }
        if (action === 'retrain' && m.retrain === undefined) {
          const message = 'the retrain action needs monitor.retrain.command';
          ctx.addIssue({ code: 'custom', path, message, params: { hint: 'Set monitor.retrain.command.' } });
        }
      });
    });
  })
  .prefault({});

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
      .object({ level: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info') })
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

/** Parse "500ms", "30s", "5m", "1h", "2d" into milliseconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/.exec(text.trim());
  if (!m) {
    throw new FlywheelError('INVALID_ARGUMENT', `invalid duration "${text}"`, {
      hint: 'Write a number with a unit: 500ms, 30s, 5m, 1h or 2d.',
    });
  }
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'ms'];
  return Number(m[1]) * unit;
}

/** Environment variables that override flywheel.yaml, and the key each one sets. */
export const ENV_OVERRIDES = {
  FLYWHEEL_METADATA_URL: ['metadata', 'url'],
  FLYWHEEL_ARTIFACTS_URL: ['artifacts', 'url'],
  FLYWHEEL_TOKEN: ['server', 'token'],
  FLYWHEEL_QUEUE_SECRET: ['batch', 'queue_secret'],
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
  const lineCounter = new LineCounter();
  const source = { file, code: 'CONFIG_INVALID' } as const;
  checkYamlNesting(text, source);
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const err = doc.errors[0]!;
    const pos = lineCounter.linePos(err.pos[0]);
    throw new FlywheelError('CONFIG_INVALID', `${file} is not valid YAML: ${err.message.split('\n')[0]}`, {
      where: { file, line: pos.line, column: pos.col },
      hint: 'Fix the YAML syntax at that line (indentation, quotes, a missing colon).',
    });
  }
  const raw: unknown = yamlToJs(doc, source) ?? {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new FlywheelError('CONFIG_INVALID', `${file} must be a YAML mapping of keys to values`, {
      where: { file, line: 1 },
      hint: 'Start from the file `flywheel init` writes.',
    });
  }
  const withEnv = applyEnvOverrides(raw as Record<string, unknown>, env);
  const parsed = configSchema.safeParse(withEnv.value);
  if (!parsed.success) throw configIssueError(parsed.error, file, doc.contents, lineCounter, withEnv.fromEnv);
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

function configIssueError(
  error: z.ZodError,
  file: string,
  contents: Node | null,
  lineCounter: LineCounter,
  fromEnv: Map<string, string>,
): FlywheelError {
  const issue = error.issues[0]!;
  let path = issue.path.map(String);
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') {
    path = [...path, issue.keys[0] ?? ''];
    message = `unknown key "${issue.keys[0]}"`;
  }
  const keyPath = path.join('.');
  const envName = fromEnv.get(keyPath);
  if (envName) {
    return new FlywheelError('CONFIG_INVALID', `${envName} is invalid (${keyPath}): ${message}`, {
      where: { path: keyPath },
      hint: `Fix or unset the ${envName} environment variable.`,
    });
  }
  const pos = nodeRange(contents, path);
  const linePos = pos === undefined ? undefined : lineCounter.linePos(pos);
  return new FlywheelError('CONFIG_INVALID', `${file}: ${keyPath || '(root)'}: ${message}`, {
    where: { file, path: keyPath, line: linePos?.line, column: linePos?.col },
    hint: configHint(path, issue),
  });
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

/** The character offset of the node at `path`, or of its nearest existing ancestor. */
function nodeRange(contents: Node | null, path: string[]): number | undefined {
  let node: Node | null | undefined = contents;
  let offset = node?.range?.[0];
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
      if (!pair) break;
      offset = (isScalar(pair.key) ? pair.key.range?.[0] : undefined) ?? offset;
      node = pair.value as Node | null;
    } else if (isSeq(node)) {
      node = node.items[Number(key)] as Node | undefined;
      offset = node?.range?.[0] ?? offset;
    } else break;
  }
  return offset;
}

/** Resolve a path written in flywheel.yaml relative to the workspace root. */
export function resolveWorkspacePath(root: string, path: string): string {
  return isAbsolute(path) ? path : resolve(root, path);
}
