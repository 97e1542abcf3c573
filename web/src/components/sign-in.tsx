/**
 * The sign-in box: the person types the server's bearer token; it is kept in sessionStorage for this
 * tab only (token.ts) and sent as `Authorization: Bearer` by every request. The page cannot tell a
 * right token from a wrong one until a write (or a read on a server that requires it) answers 401;
 * that answer is shown where the write was tried.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { getToken, onTokenChange, setToken } from '../token';

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
        if (token === '') return;
        setToken(token);
        setValue('');
        setOpen(false);
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
      <button type="submit">Sign in</button>{' '}
      <button type="button" onClick={() => setOpen(false)}>
        Cancel
      </button>
      <p class="hint">
        The token <code>flywheel serve</code> was started with (FLYWHEEL_TOKEN). Kept for this tab only; no
        cookie.
      </p>
    </form>
  );
}
