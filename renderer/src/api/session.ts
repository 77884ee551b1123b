/**
 * The browser mode's session token, which the page itself sends with every API call (transport.ts).
 *
 * `manifest-lens serve` prints a URL carrying it as `?token=`. The first load takes it from there and
 * removes it from the address bar, so it is not bookmarked, copied or shown. It is kept in this tab's
 * sessionStorage so a reload still works: only this origin (scheme, host and port) can read that. It is
 * never put in a cookie, because a browser sends cookies to every port of 127.0.0.1.
 */
const STORAGE_KEY = 'manifest-lens.session';
const QUERY_PARAMETER = 'token';

/** The token a URL carries and the same URL without it (other parameters and the fragment kept). */
export function splitSessionToken(href: string): { token: string | null; cleanUrl: string } {
  const url = new URL(href);
  const token = url.searchParams.get(QUERY_PARAMETER);
  url.searchParams.delete(QUERY_PARAMETER);
  return { token: token === '' ? null : token, cleanUrl: url.href };
}

/** Storage may be switched off or full; the token then lives only as long as the page. */
function remember(token: string): void {
  try {
    window.sessionStorage.setItem(STORAGE_KEY, token);
  } catch {
    // Nothing to do: a reload will ask for the printed URL again.
  }
}

function remembered(): string | null {
  try {
    return window.sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/** Takes the token from the address bar (a fresh launch wins over a remembered one), or the remembered one. */
export function takeSessionToken(): string | null {
  const { token, cleanUrl } = splitSessionToken(window.location.href);
  if (token === null) return remembered();
  remember(token);
  window.history.replaceState(window.history.state, '', cleanUrl);
  return token;
}
