/**
 * The sign-in box: the person types the server's bearer token; it is kept in sessionStorage for this
 * tab only (token.ts) and sent as `Authorization: Bearer` by every request. The server checks it
 * first (POST /session/check): a wrong token is refused with the server's message and not kept. A
 * write that still answers 401 (the server restarted with another token) says so where it was tried.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, request } from '../api';
import { getToken, onTokenChange, setToken } from '../token';
import { ErrorBox } from './status';

/** Whether a token is entered, following sign-in and sign-out. */
export function useSignedIn(): boolean {
  const [signedIn, setSignedIn] = useState(() => getToken() !== undefined);
  useEffect(() => onTokenChange(() => setSignedIn(getToken() !== undefined)), []);
  return signedIn;
}

/** The header's sign-in / sign-out control. */
export function SignIn() {
  const signedIn = useSignedIn();
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState('');
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (open) input.current?.focus();
  }, [open]);
  if (signedIn) {
    return (
      <div class="sign-in">
        <span class="muted">Token entered (this tab only)</span>{' '}
        <button type="button" onClick={() => setToken(undefined)}>
          Sign out
        </button>
      </div>
    );
  }
  if (!open) {
    return (
      <div class="sign-in">
        <button type="button" onClick={() => setOpen(true)} aria-expanded="false">
          Sign in
        </button>
      </div>
    );
  }
  return (
    <form
      class="sign-in"
      aria-label="Sign in"
      onSubmit={(e) => {
        e.preventDefault();
        const token = value.trim();
        if (token === '' || busy) return;
        // Ask the server whether the token is right before keeping it (POST /session/check).
        setBusy(true);
        setError(undefined);
        request('/session/check', { method: 'POST', body: {}, token })
          .then(() => {
            setToken(token);
            setValue('');
            setOpen(false);
          })
          .catch((err: unknown) => {
            const e =
              err instanceof ApiError ? err : new ApiError(0, 'CLIENT', String((err as Error).message));
            // A server without the check route: keep the token; a write will say if it is wrong.
            if (e.status === 404) {
              setToken(token);
              setOpen(false);
            } else setError(e);
          })
          .finally(() => setBusy(false));
      }}
    >
      <label for="token">Bearer token</label>{' '}
      <input
        id="token"
        ref={input}
        type="password"
        autocomplete="off"
        spellcheck={false}
        value={value}
        onInput={(e) => setValue(e.currentTarget.value)}
        onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}
      />{' '}
      <button type="submit" disabled={busy}>
        Sign in
      </button>{' '}
      <button type="button" onClick={() => setOpen(false)}>
        Cancel
      </button>
      {error ? <ErrorBox error={error} /> : null}
      <p class="hint">
        The token <code>flywheel serve</code> was started with (FLYWHEEL_TOKEN). Kept for this tab only; no
        cookie.
      </p>
    </form>
  );
}
