/** Structured logging: one JSON object per line (machines) or a short human line (terminals), on stderr. */

/** Log levels, most verbose first. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
/** A log level. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A structured logger; `child` adds fixed fields (a module, a run id) to every record. */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

/** Options for createLogger. */
export interface LoggerOptions {
  level?: LogLevel;
  format?: 'json' | 'pretty';
  write?: (line: string) => void;
  fields?: Record<string, unknown>;
  now?: () => Date;
}

/**
 * Create a logger: JSON lines on stderr at `level` (default `info`). It reads no environment: the
 * platform passes flywheel.yaml's `log.level`, which FLYWHEEL_LOG_LEVEL overrides (core/config.ts).
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? 'info';
  const threshold = LOG_LEVELS.indexOf(level);
  const format = options.format ?? 'json';
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const now = options.now ?? (() => new Date());
  const base = options.fields ?? {};
  const emit = (lvl: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (LOG_LEVELS.indexOf(lvl) < threshold) return;
    const record = { time: now().toISOString(), level: lvl, msg, ...base, ...fields };
    write(format === 'json' ? JSON.stringify(record, jsonSafe) : prettyLine(record));
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (fields) => createLogger({ ...options, fields: { ...base, ...fields } }),
  };
}

function jsonSafe(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Error) return { name: value.name, message: value.message };
  return value;
}

function prettyLine(record: Record<string, unknown>): string {
  const { time, level, msg, ...rest } = record;
  const extra = Object.entries(rest)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v, jsonSafe)}`)
    .join(' ');
  return `${String(time).slice(11, 19)} ${String(level).padEnd(5)} ${String(msg)}${extra ? ` ${extra}` : ''}`;
}

/** A logger that drops everything (tests, library use without logging). */
export const silentLogger: Logger = createLogger({ level: 'silent' });
