/**
 * The bearer token the person signs in with, kept in sessionStorage only: it lasts for this browser
 * tab's session, no cookie carries it (so no request is made with authority the page did not add
 * itself: no CSRF surface), and signing out forgets it.
 */
const KEY = 'flywheel.token';
const listeners = new Set<() => void>();

/** The token entered in this tab, if any. */
export function getToken(): string | undefined {
  try {
    return sessionStorage.getItem(KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

/** Keep (or, with undefined, forget) the token; listeners hear of it. */
export function setToken(token: string | undefined): void {
  try {
    if (token === undefined || token === '') sessionStorage.removeItem(KEY);
    else sessionStorage.setItem(KEY, token);
  } catch {
    // Storage refused (a private mode): the token is simply not kept.
  }
  for (const fn of listeners) fn();
}

/** Hear of sign-in and sign-out; returns the unsubscribe. */
export function onTokenChange(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}
