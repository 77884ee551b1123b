import { describe, expect, it } from 'vitest';
import { backoffMs, DEFAULT_RETRY, isRetryableMethod, isRetryableStatus, retryAfterMs } from './retry';

describe('retry policy', () => {
  const now = Date.parse('1999-12-31T23:59:00Z');

  it('reads Retry-After as delay-seconds or an HTTP-date (RFC 9110 section 10.2.3 examples)', () => {
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs('Fri, 31 Dec 1999 23:59:59 GMT', now)).toBe(59_000);
    // The obsolete RFC 850 form recipients must still accept.
    expect(retryAfterMs('Friday, 31-Dec-99 23:59:30 GMT', now)).toBe(30_000);
    // A date already past means: now.
    expect(retryAfterMs('Fri, 31 Dec 1999 23:00:00 GMT', now)).toBe(0);
  });

  it('ignores a Retry-After it cannot read', () => {
    for (const value of [null, '', 'soon', '1.5', '-3', '2000-01-01']) expect(retryAfterMs(value, now)).toBeNull();
  });

  it('backs off exponentially from the base, half of each wait random', () => {
    const policy = { ...DEFAULT_RETRY, baseDelayMs: 100 };
    expect([1, 2, 3].map((n) => backoffMs(n, policy, () => 0))).toEqual([50, 100, 200]);
    expect([1, 2, 3].map((n) => backoffMs(n, policy, () => 1))).toEqual([100, 200, 400]);
  });

  it('retries only GET and HEAD, and only 429, 502, 503 and 504', () => {
    expect(['GET', 'HEAD', 'PUT', 'POST', 'PATCH', 'DELETE'].filter(isRetryableMethod)).toEqual(['GET', 'HEAD']);
    expect([200, 301, 400, 401, 404, 429, 500, 501, 502, 503, 504, 505].filter(isRetryableStatus)).toEqual([429, 502, 503, 504]);
  });
});
