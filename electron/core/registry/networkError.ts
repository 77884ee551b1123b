import { LensError } from '../errors';

const TLS_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'EPROTO',
]);

/** The peer closed or reset the connection. */
const CLOSED_CODES = new Set(['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE']);

/**
 * Where an exchange was when it failed: before the answer's status line and headers had arrived, or
 * while its body was read. A connection closed in the first phase lost nothing of the answer.
 */
export type ExchangePhase = 'request' | 'body';

/** Walks an error's cause chain to the first system or undici error code. */
function errorCode(e: unknown): string | undefined {
  for (let cur = e, depth = 0; cur && depth < 5; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

/** undici's HTTP parser errors carry no code (llhttp's error names are not mapped back), only this name. */
function isParserError(e: unknown): boolean {
  for (let cur = e, depth = 0; cur && depth < 5; depth++) {
    if ((cur as { name?: unknown }).name === 'HTTPParserError') return true;
    cur = (cur as { cause?: unknown }).cause;
  }
  return false;
}

function innermostMessage(e: unknown): string {
  let cur = e as { message?: string; cause?: unknown } | undefined;
  while (cur?.cause && typeof cur.cause === 'object') cur = cur.cause as typeof cur;
  return cur?.message ?? String(e);
}

/** Closed or reset before any of the answer arrived: a GET or HEAD may be sent again safely. */
export function closedBeforeAnswer(e: unknown, phase: ExchangePhase): boolean {
  return phase === 'request' && CLOSED_CODES.has(errorCode(e) ?? '');
}

function formatBytes(bytes: number): string {
  return bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} bytes`;
}

/**
 * An answer that arrived broken, in the words of what broke, or null when the failure is not one: the
 * registry was reached, so "cannot reach" would send the user after the wrong problem.
 */
function brokenAnswer(e: unknown, code: string, host: string, phase: ExchangePhase, headerLimit: number): string | null {
  const at = `The registry at ${host}`;
  if (code === 'UND_ERR_HEADERS_OVERFLOW') return `${at} sent headers larger than ${formatBytes(headerLimit)}.`;
  if (code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH') return `${at} sent a body whose length differs from its Content-Length.`;
  if (isParserError(e)) {
    return /chunk/i.test(innermostMessage(e)) ? `${at} sent a malformed chunked body.` : `${at} answered with something that is not HTTP.`;
  }
  if (phase === 'body' && CLOSED_CODES.has(code)) return `${at} closed the connection before the whole body arrived.`;
  return null;
}

/**
 * One plain sentence for a failure below HTTP. "Cannot reach" and its kin (REGISTRY_UNREACHABLE,
 * TIMEOUT, TLS_ERROR, PROXY_ERROR) only for failures where no answer came: DNS, refused, no route,
 * timeout, TLS, proxy; an answer that came broken is a PROTOCOL_ERROR naming what broke.
 */
export function networkError(e: unknown, url: URL, phase: ExchangePhase, headerLimit: number): LensError {
  const code = errorCode(e) ?? '';
  const host = url.host;
  const detail = `${code ? `${code}: ` : ''}${innermostMessage(e)}`;
  const broken = brokenAnswer(e, code, host, phase, headerLimit);
  if (broken) return new LensError('PROTOCOL_ERROR', broken, detail);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new LensError('REGISTRY_UNREACHABLE', `Cannot resolve ${url.hostname}: check the registry name and your DNS.`, detail);
  }
  if (code === 'ECONNREFUSED') {
    return new LensError('REGISTRY_UNREACHABLE', `${host} refused the connection: is a registry listening there?`, detail);
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
    return new LensError('REGISTRY_UNREACHABLE', `Cannot reach ${host}: there is no network route to it.`, detail);
  }
  if (CLOSED_CODES.has(code)) {
    return new LensError('REGISTRY_UNREACHABLE', `The connection to ${host} was closed before it answered.`, detail);
  }
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ETIMEDOUT' || code === 'UND_ERR_HEADERS_TIMEOUT') {
    return new LensError('TIMEOUT', `Connecting to ${host} timed out.`, detail);
  }
  if (code.startsWith('UND_ERR_PRX') || /proxy/i.test(detail)) {
    return new LensError('PROXY_ERROR', `The proxy refused or failed the request to ${host}; check HTTPS_PROXY / NO_PROXY.`, detail);
  }
  if (TLS_CODES.has(code) || code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL')) {
    const hint =
      url.protocol === 'https:' ? ' If it speaks plain HTTP, name it with --insecure-registry; for a private CA use --ca-file.' : '';
    return new LensError('TLS_ERROR', `TLS with ${host} failed (${code}).${hint}`, detail);
  }
  return new LensError('REGISTRY_UNREACHABLE', `The request to ${host} failed (${code || 'no error code'}).`, detail);
}
