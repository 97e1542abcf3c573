/**
 * What a view shows while it loads, when the API answers an error (its message and hint, never a
 * blank page) and when what the URL names does not exist (a not-found view with a way back).
 */
import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import type { ApiError, Loaded } from '../api';
import { href } from '../router';

/** A polite "loading" line for screen readers and eyes. */
export function Loading({ what }: { what: string }) {
  return (
    <p class="muted" role="status" aria-live="polite">
      Loading {what}…
    </p>
  );
}

/** An API error: what went wrong and what to do, with a retry. */
export function ErrorBox({ error, retry }: { error: ApiError; retry?: () => void }) {
  return (
    <div class="error" role="alert">
      <p>
        <strong>{error.status === 401 ? 'Not signed in or wrong token' : 'Error'}</strong>
        {error.status > 0 ? ` (HTTP ${error.status}, ${error.code})` : ''}: {error.message}
      </p>
      {error.hint ? <p class="hint">{error.hint}</p> : null}
      {retry ? (
        <button type="button" onClick={retry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

/** The not-found view: the unknown path or thing, and links back. */
export function NotFound({ what, message }: { what: string; message?: string }) {
  useEffect(() => {
    document.title = 'Not found · Flywheel';
  }, []);
  return (
    <section class="not-found" aria-labelledby="nf-title">
      <h1 id="nf-title">Not found</h1>
      <p>
        {what} does not exist{message ? `: ${message}` : '.'}
      </p>
      <p>
        <button type="button" onClick={() => history.back()}>
          Go back
        </button>{' '}
        or go to the <a href={href.home()}>home page</a>.
      </p>
    </section>
  );
}

/** Render `load`'s data with `children`, or its loading line, not-found view or error. */
export function Show<T>({
  load,
  what,
  children,
}: {
  load: Loaded<T>;
  what: string;
  children: (data: T) => ComponentChildren;
}) {
  if (load.error?.status === 404) return <NotFound what={what} message={load.error.message} />;
  if (load.error) return <ErrorBox error={load.error} retry={load.reload} />;
  if (load.data === undefined) return <Loading what={what} />;
  return <>{children(load.data)}</>;
}

/** Set the document's title for a view. */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Flywheel`;
  }, [title]);
}
