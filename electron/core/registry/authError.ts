import type { AuthCause } from '../../../shared/auth';
import { LensError } from '../errors';

/** An AUTH_FAILED error that also says which of the triage causes it is, for the trace's verdict. */
export class AuthError extends LensError {
  constructor(
    readonly authCause: AuthCause,
    message: string,
    detail?: string,
  ) {
    super('AUTH_FAILED', message, detail);
  }
}
