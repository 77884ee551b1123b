import type { HeaderList } from '../../../shared/exchange';

const MASK = '<redacted>';

/** Headers whose values are secrets: kept out of every capture, log and export. */
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie']);

/**
 * The userinfo of any URL in a text (`https://user:password@host/`): a registry may write credentials
 * into a URL it hands out (a token realm in WWW-Authenticate, a Location), and they are as secret as an
 * Authorization header. Userinfo ends at the last `@` before the host; `/ ? #` end the authority.
 */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#"'<>]*@/gi;

export function isSecretHeader(name: string): boolean {
  return SECRET_HEADERS.has(name.toLowerCase());
}

/** Masks the userinfo of every URL in `text`, keeping the rest of each URL readable. */
export function redactUrlCredentials(text: string): string {
  return text.replace(URL_USERINFO, `$1${MASK}@`);
}

/** A URL without its userinfo, for URLs that are used again (a realm shown in the auth trace, a curl command). */
export function withoutUserinfo(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return redactUrlCredentials(url);
  }
  if (!parsed.username && !parsed.password) return url;
  parsed.username = '';
  parsed.password = '';
  return parsed.href;
}

/** Keeps the scheme of a credential header (useful in triage), never the credential. */
export function redactHeaderValue(name: string, value: string): string {
  if (!isSecretHeader(name)) return redactUrlCredentials(value);
  const scheme = /^(\w+)\s/.exec(value)?.[1];
  return scheme ? `${scheme} ${MASK}` : MASK;
}

export function redactHeaders(headers: HeaderList): HeaderList {
  return headers.map(([name, value]) => [name, redactHeaderValue(name, value)]);
}
