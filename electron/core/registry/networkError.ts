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

/** Walks an error's cause chain to the first system or undici error code. */
function errorCode(e: unknown): string | undefined {
  for (let cur = e, depth = 0; cur && depth < 5; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

function innermostMessage(e: unknown): string {
  let cur = e as { message?: string; cause?: unknown } | undefined;
  while (cur?.cause && typeof cur.cause === 'object') cur = cur.cause as typeof cur;
  return cur?.message ?? String(e);
}

/** One plain sentence for a failure below HTTP: DNS, refused, reset, TLS, proxy. */
export function networkError(e: unknown, url: URL): LensError {
  const code = errorCode(e) ?? '';
  const host = url.host;
  const detail = `${code ? `${code}: ` : ''}${innermostMessage(e)}`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new LensError('REGISTRY_UNREACHABLE', `Cannot resolve ${url.hostname}: check the registry name and your DNS.`, detail);
  }
  if (code === 'ECONNREFUSED') {
    return new LensError('REGISTRY_UNREACHABLE', `${host} refused the connection: is a registry listening there?`, detail);
  }
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') {
    return new LensError('REGISTRY_UNREACHABLE', `The connection to ${host} was closed unexpectedly.`, detail);
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
  return new LensError('REGISTRY_UNREACHABLE', `Cannot reach ${host}.`, detail);
}
