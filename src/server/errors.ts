/**
 * Errors on the wire: the HTTP status comes from the error catalog (`FlywheelError.httpStatus`)
 * and the body has MLflow's shape, `{"error_code": "RESOURCE_DOES_NOT_EXIST", "message": …}`, so
 * MLflow clients recognise the failure. This file is the one place catalog codes map to MLflow's.
 */
import { type ErrorCode, FlywheelError, toFlywheelError } from '../core/index.js';
import { bodyTooLarge } from './json-body.js';

/** MLflow's error_code for each catalog code (codes not listed fall back by HTTP status). */
export const MLFLOW_ERROR_CODES: Partial<Record<ErrorCode, string>> = {
  INTERNAL: 'INTERNAL_ERROR',
  USAGE: 'INVALID_PARAMETER_VALUE',
  INVALID_ARGUMENT: 'INVALID_PARAMETER_VALUE',
  CONFIG_INVALID: 'INTERNAL_ERROR',
  CONFIG_UNREADABLE: 'INTERNAL_ERROR',
  WORKSPACE_NOT_FOUND: 'RESOURCE_DOES_NOT_EXIST',
  WORKSPACE_EXISTS: 'RESOURCE_ALREADY_EXISTS',
  NOT_FOUND: 'RESOURCE_DOES_NOT_EXIST',
  ALREADY_EXISTS: 'RESOURCE_ALREADY_EXISTS',
  CONFLICT: 'RESOURCE_CONFLICT',
  DATA_INVALID: 'INVALID_PARAMETER_VALUE',
  SCHEMA_MISMATCH: 'INVALID_PARAMETER_VALUE',
  PAYLOAD_TOO_LARGE: 'RESOURCE_EXHAUSTED',
  OBJECT_CORRUPT: 'DATA_LOSS',
  IO_ERROR: 'IO_ERROR',
  PERMISSION_DENIED: 'PERMISSION_DENIED',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  BACKEND_UNAVAILABLE: 'TEMPORARILY_UNAVAILABLE',
  MIGRATION_FAILED: 'INTERNAL_ERROR',
  UNSUPPORTED: 'NOT_IMPLEMENTED',
  OVERLOADED: 'TEMPORARILY_UNAVAILABLE',
  TIMEOUT: 'DEADLINE_EXCEEDED',
  CHECK_FAILED: 'INVALID_STATE',
};

/** The MLflow error_code for an error. */
export function mlflowErrorCode(error: FlywheelError): string {
  return MLFLOW_ERROR_CODES[error.code] ?? (error.httpStatus >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST');
}

/** The JSON body of an error answer: MLflow's two fields, plus Flywheel's own error for its clients. */
export interface ErrorBody {
  error_code: string;
  message: string;
  flywheel: ReturnType<FlywheelError['toJSON']>;
}

/**
 * The status, body and Retry-After seconds for anything thrown while answering. A client over its
 * rate limit is told 429 with Retry-After (a full queue, everyone's problem, stays 503).
 */
export function errorResponse(
  error: unknown,
  errorCode?: string,
): { status: number; body: ErrorBody; retryAfter?: number } {
  const e = fromHttpError(error);
  const body = { error_code: errorCode ?? mlflowErrorCode(e), message: e.message, flywheel: e.toJSON() };
  if (e.code !== 'OVERLOADED') return { status: e.httpStatus, body };
  const retryAfter = Number(e.details?.retryAfterSeconds ?? 1);
  return { status: e.details?.rateLimited ? 429 : e.httpStatus, body, retryAfter };
}

/** Turn the HTTP framework's own errors (bad JSON, body too large) into catalog errors. */
function fromHttpError(error: unknown): FlywheelError {
  if (error instanceof FlywheelError) return error;
  const e = error as { code?: string; statusCode?: number; message?: string } | undefined;
  if (e?.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return bodyTooLarge();
  if (typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return new FlywheelError('INVALID_ARGUMENT', `malformed request: ${e.message ?? 'bad request'}`, {
      hint: 'Send a JSON body with Content-Type: application/json.',
    });
  }
  return toFlywheelError(error);
}
