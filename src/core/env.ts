/**
 * The environment variables Flywheel reads, parsed in one place: each documented variable with its
 * type, an unset or empty one as absent, a wrong one a CONFIG_INVALID error naming the variable.
 * This is the only production module that reads `process.env` (`processEnv()`, once per process);
 * an entry point that gets its environment as an argument (the CLI's `main`, `openPlatform({ env })`)
 * parses it with `readEnv`. The table of every variable is in docs/config.md.
 */
import { z } from 'zod';
import { FlywheelError } from './errors.js';
import { LOG_LEVELS } from './logger.js';

const text = z.string().optional();

/** A DuckDB memory limit: a number with a unit (4GB, 512MiB), as DuckDB's `memory_limit` takes it. */
const memorySize = z
  .string()
  .regex(/^\d+(\.\d+)?\s*(b|bytes|kb|kib|mb|mib|gb|gib|tb|tib)$/i, 'write a size such as 4GB or 512MiB')
  .optional();

const envSchema = z.object({
  /** Overrides `metadata.url` of flywheel.yaml. */
  FLYWHEEL_METADATA_URL: text,
  /** Overrides `artifacts.url`. */
  FLYWHEEL_ARTIFACTS_URL: text,
  /** Overrides `server.token`. */
  FLYWHEEL_TOKEN: text,
  /** Overrides `batch.queue_secret`. */
  FLYWHEEL_QUEUE_SECRET: text,
  /** Overrides `log.level`. */
  FLYWHEEL_LOG_LEVEL: z.enum(LOG_LEVELS, { error: `write one of ${LOG_LEVELS.join(', ')}` }).optional(),
  /** The `who` of audit events (default user@host). */
  FLYWHEEL_ACTOR: text,
  /** `0` turns the native addon off (reads then take the reference path). */
  FLYWHEEL_NATIVE: z
    .enum(['0', '1'], { error: 'write 0 (off) or 1 (on)' })
    .optional()
    .transform((v) => v !== '0'),
  /** Another build of the native addon (the sanitizer build CI tests with). */
  FLYWHEEL_NATIVE_ADDON: text,
  /** The native column pool's idle memory, in MiB. */
  FLYWHEEL_COLUMN_POOL_MB: z.coerce
    .number({ error: 'write a number of MiB' })
    .nonnegative('write a number of MiB, 0 or more')
    .optional(),
  /** DuckDB's memory limit (default a quarter of RAM, at least 1 GiB). */
  FLYWHEEL_DUCKDB_MEMORY: memorySize,
  /** `js` forces the JavaScript kernels instead of WebAssembly (src/kernels). */
  FLYWHEEL_KERNELS: z.enum(['auto', 'js'], { error: 'write auto or js' }).default('auto'),
  /** `true` on CI services: no progress bars even on a terminal. */
  CI: text.transform((v) => v === 'true'),
  /** The terminal width when stdout is not a terminal that says it. */
  COLUMNS: z.coerce.number().int().positive().optional().catch(undefined),
});

/** The environment variables Flywheel reads, parsed (absent when unset or empty). */
export type FlywheelEnv = z.output<typeof envSchema>;

/** The name of a variable Flywheel reads. */
export type EnvName = keyof FlywheelEnv;

/** Every variable Flywheel reads (the rows of docs/config.md's table that production code reads). */
export const ENV_NAMES = Object.keys(envSchema.shape) as EnvName[];

/** An environment as a process has it: names to text. */
export type EnvSource = Readonly<Record<string, string | undefined>>;

/** Parse the variables Flywheel reads out of `source`; a wrong value is CONFIG_INVALID naming it. */
export function readEnv(source: EnvSource): FlywheelEnv {
  const set: Record<string, string> = {};
  for (const name of ENV_NAMES) {
    const value = source[name]?.trim();
    if (value) set[name] = value;
  }
  const parsed = envSchema.safeParse(set);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const name = String(issue.path[0]);
  throw new FlywheelError('CONFIG_INVALID', `${name}="${set[name]}" is invalid: ${issue.message}`, {
    where: { field: name },
    hint: `Fix or unset the ${name} environment variable (docs/config.md lists the variables).`,
  });
}

let cached: FlywheelEnv | undefined;

/** This process's variables, read once (the settings no caller passes: the addon, DuckDB, CI). */
export function processEnv(): FlywheelEnv {
  cached ??= readEnv(process.env);
  return cached;
}
