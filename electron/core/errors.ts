import { ZodError } from 'zod';
import type { ErrorCode, WireError } from '../../shared/errors';

/** The one error type the core throws on purpose. Its message is for people: one line, what to do. */
export class LensError extends Error {
  override readonly name = 'LensError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly detail?: string,
  ) {
    super(message);
  }
}

export function isLensError(e: unknown): e is LensError {
  return e instanceof LensError;
}

/** Turns anything thrown into an error fit to cross a boundary: typed, one line, no stack. */
export function toWireError(e: unknown): WireError {
  if (e instanceof LensError) {
    return e.detail === undefined ? { code: e.code, message: e.message } : { code: e.code, message: e.message, detail: e.detail };
  }
  if (e instanceof ZodError) {
    const first = e.issues[0];
    const where = first && first.path.length > 0 ? `${first.path.join('.')}: ` : '';
    return { code: 'USAGE', message: `Invalid arguments: ${where}${first?.message ?? 'invalid input'}` };
  }
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'INTERNAL', message: 'Unexpected internal error; run with --verbose for detail.', detail: message };
}
