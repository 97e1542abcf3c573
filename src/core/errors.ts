/**
 * The one error catalog: every failure Flywheel reports has a code from here, and the code alone
 * decides the HTTP status a server answers with and the exit code the CLI ends with.
 * Exit codes follow BSD sysexits(3) where one fits, so shell scripts can tell failures apart.
 */
export const ERROR_CATALOG = {
  INTERNAL: { http: 500, exit: 70, title: 'internal error' },
  USAGE: { http: 400, exit: 64, title: 'invalid usage' },
  INVALID_ARGUMENT: { http: 400, exit: 64, title: 'invalid argument' },
  CONFIG_INVALID: { http: 500, exit: 78, title: 'invalid configuration' },
  CONFIG_UNREADABLE: { http: 500, exit: 78, title: 'configuration unreadable' },
  WORKSPACE_NOT_FOUND: { http: 404, exit: 66, title: 'no workspace' },
  WORKSPACE_EXISTS: { http: 409, exit: 73, title: 'workspace exists' },
  NOT_FOUND: { http: 404, exit: 66, title: 'not found' },
  ALREADY_EXISTS: { http: 409, exit: 73, title: 'already exists' },
  CONFLICT: { http: 409, exit: 75, title: 'conflict' },
  DATA_INVALID: { http: 422, exit: 65, title: 'invalid data' },
  SCHEMA_MISMATCH: { http: 422, exit: 65, title: 'schema mismatch' },
  PAYLOAD_TOO_LARGE: { http: 413, exit: 65, title: 'payload too large' },
  OBJECT_CORRUPT: { http: 500, exit: 65, title: 'corrupt object' },
  IO_ERROR: { http: 500, exit: 74, title: 'I/O error' },
  PERMISSION_DENIED: { http: 403, exit: 77, title: 'permission denied' },
  UNAUTHENTICATED: { http: 401, exit: 77, title: 'authentication required' },
  BACKEND_UNAVAILABLE: { http: 503, exit: 69, title: 'backend unavailable' },
  MIGRATION_FAILED: { http: 500, exit: 70, title: 'migration failed' },
  UNSUPPORTED: { http: 400, exit: 69, title: 'unsupported' },
  OVERLOADED: { http: 503, exit: 75, title: 'overloaded' },
  TIMEOUT: { http: 504, exit: 75, title: 'timed out' },
  CHECK_FAILED: { http: 422, exit: 1, title: 'check failed' },
} as const satisfies Record<string, { http: number; exit: number; title: string }>;

/** A code from the error catalog. */
export type ErrorCode = keyof typeof ERROR_CATALOG;

/** Where a failure happened: a file, a line and column, a key path, a field, a row. */
export interface ErrorLocation {
  file?: string;
  line?: number;
  column?: number;
  path?: string;
  row?: number;
  field?: string;
}

/** Options for a FlywheelError beyond its code and message. */
export interface FlywheelErrorOptions {
  /** What the user should do next. */
  hint?: string;
  /** Where it happened. */
  where?: ErrorLocation;
  /** Extra machine-readable facts (kept small: they go into JSON output and logs). */
  details?: Record<string, unknown>;
  cause?: unknown;
}

/** The single error type Flywheel throws on purpose; anything else is a bug (INTERNAL). */
export class FlywheelError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly where: ErrorLocation | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: FlywheelErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'FlywheelError';
    this.code = code;
    this.hint = options.hint;
    this.where = options.where;
    this.details = options.details;
  }

  /** The HTTP status this error maps to. */
  get httpStatus(): number {
    return ERROR_CATALOG[this.code].http;
  }

  /** The process exit code this error maps to. */
  get exitCode(): number {
    return ERROR_CATALOG[this.code].exit;
  }

  /** A plain object for `--json` output and HTTP error bodies; survives a round trip via `fromJSON`. */
  toJSON(): SerializedError {
    const out: SerializedError = { code: this.code, message: this.message };
    if (this.hint !== undefined) out.hint = this.hint;
    if (this.where !== undefined) out.where = this.where;
    if (this.details !== undefined) out.details = this.details;
    return out;
  }

  /** Rebuild an error sent over HTTP or printed as JSON; unknown codes become INTERNAL. */
  static fromJSON(value: SerializedError): FlywheelError {
    const code = isErrorCode(value.code) ? value.code : 'INTERNAL';
    return new FlywheelError(code, value.message, {
      hint: value.hint,
      where: value.where,
      details: value.details,
    });
  }
}

/** The JSON shape of a FlywheelError. */
export interface SerializedError {
  code: string;
  message: string;
  hint?: string;
  where?: ErrorLocation;
  details?: Record<string, unknown>;
}

/** True when `code` is in the catalog. */
export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_CATALOG, code);
}

/** True for a FlywheelError (also across module copies, by shape). */
export function isFlywheelError(error: unknown): error is FlywheelError {
  return error instanceof FlywheelError;
}

/** Wrap anything thrown into a FlywheelError; unexpected errors become INTERNAL with the cause kept. */
export function toFlywheelError(error: unknown): FlywheelError {
  if (error instanceof FlywheelError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new FlywheelError('INTERNAL', message, {
    cause: error,
    hint: 'This is a bug in Flywheel; please report it with the command you ran and FLYWHEEL_LOG_LEVEL=debug output.',
  });
}

/** Map a Node.js system error (ENOENT, EACCES, …) on `file` to a FlywheelError with a useful hint. */
export function fromSystemError(error: unknown, file: string, action: string): FlywheelError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason = error instanceof Error ? error.message : String(error);
  switch (code) {
    case 'ENOENT':
      return new FlywheelError('NOT_FOUND', `Cannot ${action} ${file}: no such file or directory`, {
        where: { file },
        hint: 'Check the path; relative paths are resolved from the current directory.',
        cause: error,
      });
    case 'EACCES':
    case 'EPERM':
      return new FlywheelError('PERMISSION_DENIED', `Cannot ${action} ${file}: permission denied`, {
        where: { file },
        hint: 'Check the file permissions (ls -l) or run as a user who may access it.',
        cause: error,
      });
    case 'EISDIR':
      return new FlywheelError('INVALID_ARGUMENT', `Cannot ${action} ${file}: it is a directory`, {
        where: { file },
        hint: 'Pass a file path, not a directory.',
        cause: error,
      });
    case 'ENOSPC':
      return new FlywheelError('IO_ERROR', `Cannot ${action} ${file}: no space left on device`, {
        where: { file },
        hint: 'Free some disk space (flywheel gc removes unreferenced objects) and retry.',
        cause: error,
      });
    default:
      return new FlywheelError('IO_ERROR', `Cannot ${action} ${file}: ${reason}`, {
        where: { file },
        hint: 'Check that the path is reachable and the disk is healthy, then retry.',
        cause: error,
      });
  }
}

/** Format a location as `file:line:column (at key.path)` for one-line messages. */
export function formatLocation(where: ErrorLocation | undefined): string {
  if (!where) return '';
  let out = where.file ?? '';
  if (where.line !== undefined)
    out += `:${where.line}${where.column !== undefined ? `:${where.column}` : ''}`;
  const extras: string[] = [];
  if (where.path) extras.push(`at ${where.path}`);
  if (where.row !== undefined) extras.push(`row ${where.row}`);
  if (where.field) extras.push(`field ${where.field}`);
  if (extras.length) out += `${out ? ' ' : ''}(${extras.join(', ')})`;
  return out;
}
