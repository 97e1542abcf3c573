/**
 * The dashboard's one way to the server: the public JSON API under /api/v1 (nothing else, no back
 * channel). Every request sends the signed-in token when there is one (the server may require it
 * for reads too); errors become `ApiError` with the server's message and hint, shown in the page.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { getToken } from './token';

/** Where the JSON API lives. */
export const API = '/api/v1';

/** An error answer of the API (its error shape: `message`, `flywheel.code`, `flywheel.hint`). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly hint?: string,
    /** The error's details (a filter error's `position`, say). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type QueryValue = string | number | boolean | undefined | readonly (string | number)[];

/** A query string from values (undefined and empty ones left out; arrays repeat the key). */
export function queryString(query: Record<string, QueryValue> = {}): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === '') continue;
    if (Array.isArray(v)) for (const x of v) p.append(k, String(x));
    else p.append(k, String(v));
  }
  const s = p.toString();
  return s === '' ? '' : `?${s}`;
}

/** The `ApiError` of an error answer's body (or of a body that is not the error shape). */
export function errorOf(status: number, body: unknown): ApiError {
  const b = (body ?? {}) as {
    message?: unknown;
    error_code?: unknown;
    flywheel?: { code?: unknown; hint?: unknown; details?: unknown };
  };
  const message = typeof b.message === 'string' ? b.message : `the server answered HTTP ${status}`;
  const code =
    typeof b.flywheel?.code === 'string'
      ? b.flywheel.code
      : typeof b.error_code === 'string'
        ? b.error_code
        : `HTTP_${status}`;
  const hint = typeof b.flywheel?.hint === 'string' ? b.flywheel.hint : undefined;
  const details = b.flywheel?.details;
  const d = details && typeof details === 'object' ? (details as Record<string, unknown>) : undefined;
  return new ApiError(status, code, message, hint, d);
}

/** Options of one request. */
export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Record<string, QueryValue>;
  body?: unknown;
  signal?: AbortSignal;
  /** Send this token instead of the signed-in one (checking a token before keeping it). */
  token?: string;
}

/** Call the API; resolves to the parsed JSON answer or rejects with an `ApiError`. */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = options.token ?? getToken();
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(`${API}${path}${queryString(options.query)}`, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(
      0,
      'NETWORK',
      'the server cannot be reached',
      'Is `flywheel serve` still running? Reload the page once it is.',
    );
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!res.ok) throw errorOf(res.status, body);
  return body as T;
}

/** What `useApi` gives a view. */
export interface Loaded<T> {
  data?: T;
  error?: ApiError;
  loading: boolean;
  reload: () => void;
}

/**
 * Load `path` (with `query`) and reload when either changes; a null path loads nothing. A newer
 * load cancels the older one, so a slow answer never overwrites a newer view.
 */
export function useApi<T>(
  path: string | null,
  query?: Record<string, QueryValue>,
  every?: number,
  /** Keep showing the previous answer while a new path or query loads (a table re-sorted in place). */
  keep = false,
): Loaded<T> {
  const key = path === null ? '' : `${path}${queryString(query)}`;
  const [state, setState] = useState<{ key: string; data?: T; error?: ApiError; loading: boolean }>({
    key,
    loading: path !== null,
  });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (path === null) return;
    const ctl = new AbortController();
    setState((s) => (s.key === key || keep ? { ...s, key, loading: true } : { key, loading: true }));
    request<T>(path, { query, signal: ctl.signal }).then(
      (data) => setState({ key, data, loading: false }),
      (error: unknown) => {
        if ((error as Error).name === 'AbortError') return;
        const e =
          error instanceof ApiError ? error : new ApiError(0, 'CLIENT', String((error as Error).message));
        setState((s) => (keep ? { ...s, key, error: e, loading: false } : { key, error: e, loading: false }));
      },
    );
    const timer = every ? setTimeout(() => setTick((t) => t + 1), every) : undefined;
    return () => {
      ctl.abort();
      if (timer) clearTimeout(timer);
    };
  }, [key, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  // A new path shows "loading", never the previous path's data (unless asked to keep it).
  const current: { data?: T; error?: ApiError; loading: boolean } =
    state.key === key
      ? state
      : keep
        ? { data: state.data, loading: path !== null }
        : { loading: path !== null };
  return { data: current.data, error: current.error, loading: current.loading, reload };
}

/**
 * Run `load` (several requests, a POST) and reload when `key` changes; a newer load cancels the
 * older one. A null key loads nothing.
 */
export function useAsync<T>(key: string | null, load: (signal: AbortSignal) => Promise<T>): Loaded<T> {
  const [state, setState] = useState<{ key: string | null; data?: T; error?: ApiError; loading: boolean }>({
    key,
    loading: key !== null,
  });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (key === null) return;
    const ctl = new AbortController();
    setState((s) => (s.key === key ? { ...s, loading: true } : { key, loading: true }));
    load(ctl.signal).then(
      (data) => setState({ key, data, loading: false }),
      (error: unknown) => {
        if ((error as Error).name === 'AbortError') return;
        const e =
          error instanceof ApiError ? error : new ApiError(0, 'CLIENT', String((error as Error).message));
        setState({ key, error: e, loading: false });
      },
    );
    return () => ctl.abort();
  }, [key, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  const current: { data?: T; error?: ApiError; loading: boolean } =
    state.key === key ? state : { loading: key !== null };
  return { data: current.data, error: current.error, loading: current.loading, reload };
}
