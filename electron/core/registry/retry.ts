/**
 * When a request is tried again. Only GET and HEAD, which change nothing on the registry, are retried:
 * on 429 Too Many Requests, 502, 503 and 504 (a registry or a proxy in front of it that is overloaded
 * or restarting) and on a connection closed before any of the answer arrived. A Retry-After header
 * (delay-seconds or an HTTP-date, RFC 9110 section 10.2.3) is honoured up to `maxWaitMs`; a longer
 * wait ends the attempts and is named in the error. Without one the waits grow exponentially from
 * `baseDelayMs`, half of each random, so that clients that failed together do not return together.
 */
export interface RetryPolicy {
  /** Tries in all, the first included. */
  tries: number;
  /** The longest wait honoured between two tries. */
  maxWaitMs: number;
  /** The wait after the first failure without Retry-After; it doubles after each further one. */
  baseDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { tries: 3, maxWaitMs: 10_000, baseDelayMs: 500 };

const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);

export function isRetryableMethod(method: string): boolean {
  return method === 'GET' || method === 'HEAD';
}

export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status);
}

/** An HTTP-date in any of the three forms RFC 9110 makes recipients accept begins with a day name. */
const HTTP_DATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? /;

/** Milliseconds a Retry-After value asks to wait from `now`, or null when it says nothing readable. */
export function retryAfterMs(value: string | null, now: number): number | null {
  const text = value?.trim() ?? '';
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!HTTP_DATE.test(text)) return null;
  const date = Date.parse(text);
  return Number.isFinite(date) ? Math.max(0, date - now) : null;
}

/** The wait after the `failures`-th failed try: half of base·2^(failures-1) fixed, the other half random. */
export function backoffMs(failures: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = policy.baseDelayMs * 2 ** (failures - 1);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** "1 s", "90 s": waits as people read them, rounded up. */
export function formatWait(ms: number): string {
  return `${Math.ceil(ms / 1000)} s`;
}
