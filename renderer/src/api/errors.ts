import type { ErrorCode, WireError } from '../../../shared/errors';

/**
 * Failures only the client can meet: in the browser mode the local server itself may be gone, or the
 * session token may be missing. Everything else arrives from the core with one of its own codes.
 */
export type ClientErrorCode = 'SESSION_UNAUTHORIZED' | 'SERVER_UNREACHABLE';

/** A failed API call, as the UI sees it: a code to branch on, one sentence for people, optional detail. */
export class LensCallError extends Error {
  override readonly name = 'LensCallError';
  constructor(
    readonly code: ErrorCode | ClientErrorCode,
    message: string,
    readonly detail?: string,
  ) {
    super(message);
  }

  static fromWire(error: WireError): LensCallError {
    return new LensCallError(error.code, error.message, error.detail);
  }
}

export function isLensCallError(e: unknown): e is LensCallError {
  return e instanceof LensCallError;
}
