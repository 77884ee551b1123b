/**
 * The browser mode's session: the header that carries the per-launch token on every API call. Lower
 * case, as Node presents header names (HTTP compares them without regard to case).
 */
export const SESSION_HEADER = 'x-lens-session';
