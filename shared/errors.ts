/**
 * Every failure a user can meet has a code. The CLI maps codes to exit codes, the UI to a message,
 * IPC and the browser mode pass them through unchanged.
 */
export const ERROR_CODES = [
  'USAGE', // bad command line or API arguments
  'INPUT_INVALID', // a file or document that cannot be read as what it claims to be
  'REFERENCE_INVALID', // an image reference that does not parse
  'REGISTRY_UNREACHABLE', // DNS, connection refused, no route, closed before answering
  'PROTOCOL_ERROR', // the registry was reached but its answer is not valid HTTP (or was cut short)
  'TLS_ERROR', // certificate or handshake failure
  'TIMEOUT',
  'CANCELLED',
  'PROXY_ERROR',
  'MANIFEST_TOO_LARGE',
  'REGISTRY_ERROR', // the registry answered with an error status
  'RATE_LIMITED', // the registry kept answering 429 Too Many Requests (Docker Hub's pull limit among others)
  'AUTH_FAILED', // credentials or token refused
  'DIGEST_MISMATCH',
  'CONVERSION_REFUSED', // the conversion cannot be done faithfully
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** An error as it crosses a process or HTTP boundary: no stack, no secrets. */
export interface WireError {
  code: ErrorCode;
  message: string;
  detail?: string;
}

/** The CLI's exit codes, a contract scripts rely on: 1 registry or network failure, 2 bad usage or input, 3 conversion impossible. */
export function exitCodeFor(code: ErrorCode): number {
  switch (code) {
    case 'USAGE':
    case 'INPUT_INVALID':
    case 'REFERENCE_INVALID':
      return 2;
    case 'CONVERSION_REFUSED':
      return 3;
    default:
      return 1;
  }
}
