import { describe, expect, it } from 'vitest';
import { generateSecret, SignJWT } from 'jose';
import { MAX_TOKEN_LIFETIME_MS, TokenCache, tokenTimes, type TokenTimes } from './tokenCache';
import { decodeToken } from './tokenClaims';

describe('TokenCache', () => {
  it('keys by realm, service and the set of scopes in any order', () => {
    expect(TokenCache.key('r', 's', ['b', 'a'])).toBe(TokenCache.key('r', 's', ['a', 'b']));
    expect(TokenCache.key('r', 's', ['a'])).not.toBe(TokenCache.key('r', 't', ['a']));
  });

  it('shares one request between concurrent callers and reuses the token until near expiry', async () => {
    let now = 1_000_000;
    const cache = new TokenCache(() => now);
    let fetches = 0;
    const fetchToken = async () => ({ token: `t${++fetches}`, expiresAt: now + 60_000 });
    const [a, b] = await Promise.all([cache.get('k', fetchToken), cache.get('k', fetchToken)]);
    expect([a.token, b.token, fetches]).toEqual(['t1', 't1', 1]);
    now += 50_000;
    expect((await cache.get('k', fetchToken)).token).toBe('t1');
    now += 6_000; // within the refresh margin before expiry
    expect((await cache.get('k', fetchToken)).token).toBe('t2');
  });

  it('does not cache a failed request', async () => {
    const cache = new TokenCache();
    await expect(cache.get('k', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect((await cache.get('k', async () => ({ token: 'ok', expiresAt: Date.now() + 60_000 }))).token).toBe('ok');
  });
});

describe('TokenCache lifetimes and refusals', () => {
  it('keys by credential identity too, so users never share tokens', () => {
    expect(TokenCache.key('r', 's', ['a'], 'alice')).not.toBe(TokenCache.key('r', 's', ['a'], 'bob'));
    expect(TokenCache.key('r', 's', ['a', 'a'])).toBe(TokenCache.key('r', 's', ['a']));
  });

  it('tells a fetched token from a reused one, and concurrent callers reuse the one request', async () => {
    const cache = new TokenCache();
    const fetchToken = async () => ({ token: 't', expiresAt: Date.now() + 60_000 });
    const [first, second] = await Promise.all([cache.lookup('k', fetchToken), cache.lookup('k', fetchToken)]);
    expect([first.cached, second.cached]).toEqual([false, true]);
    expect((await cache.lookup('k', fetchToken)).cached).toBe(true);
  });

  it('refreshes a short-lived token in the last quarter of its life, not 5 s before it', async () => {
    let now = 0;
    const cache = new TokenCache(() => now);
    let fetches = 0;
    const fetchToken = async () => ({ token: `t${++fetches}`, issuedAt: now, expiresAt: now + 2_000 });
    await cache.get('k', fetchToken);
    now = 1_400;
    expect((await cache.get('k', fetchToken)).token).toBe('t1');
    now = 1_600;
    expect((await cache.get('k', fetchToken)).token).toBe('t2');
  });

  it('drops a refused token, but not a newer one that replaced it', async () => {
    const cache = new TokenCache();
    let n = 0;
    const fetchToken = async () => ({ token: `t${++n}`, expiresAt: Date.now() + 60_000 });
    await cache.get('k', fetchToken);
    cache.invalidate('k', 'some-older-token');
    expect((await cache.get('k', fetchToken)).token).toBe('t1');
    cache.invalidate('k', 't1');
    expect((await cache.get('k', fetchToken)).token).toBe('t2');
  });
});

describe('tokenTimes holds hostile answers to a usable lifetime', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  const times = (over: Partial<TokenTimes>): TokenTimes => ({
    issuedAt: now,
    expiresInS: 300,
    claimExpiresAt: Number.NaN,
    defaultLifetimeS: 60,
    ...over,
  });

  it.each([
    ['expires_in 1e300', { expiresInS: 1e300 }, now + MAX_TOKEN_LIFETIME_MS],
    ['expires_in Infinity', { expiresInS: Number.POSITIVE_INFINITY }, now + 60_000],
    ['expires_in NaN', { expiresInS: Number.NaN }, now + 60_000],
    ['expires_in negative', { expiresInS: -5 }, now + 60_000],
    ['issued_at far in the future', { issuedAt: 8.64e15 }, now + 300_000],
    ['issued_at far in the past', { issuedAt: -8.64e15 }, now + 300_000],
    ['a JWT exp far past expires_in', { claimExpiresAt: 8.64e15 }, now + 300_000],
    ['a JWT exp sooner than expires_in', { claimExpiresAt: now + 10_000 }, now + 10_000],
    ['a JWT exp decades ago', { claimExpiresAt: 0 }, now - MAX_TOKEN_LIFETIME_MS],
  ] as const)('%s', (_, over, expiresAt) => {
    const result = tokenTimes(times(over), now);
    expect(result.expiresAt).toBe(expiresAt);
    // Both are dates a clock can print, which is what the trace does with them.
    expect(() => new Date(result.expiresAt).toISOString()).not.toThrow();
    expect(() => new Date(result.issuedAt).toISOString()).not.toThrow();
  });

  it('a cache given a clamped token keeps it fresh and reuses it', async () => {
    const cache = new TokenCache(() => now);
    const { expiresAt, issuedAt } = tokenTimes(times({ expiresInS: 1e300 }), now);
    await cache.get('k', async () => ({ token: 't', expiresAt, issuedAt }));
    expect((await cache.lookup('k', () => Promise.reject(new Error('no second fetch')))).cached).toBe(true);
  });
});

describe('decodeToken reads out-of-range NumericDates as absent, not as an error', () => {
  it.each([1e300, -1e300, 8.64e12 + 1])('exp and iat of %d', async (value) => {
    const key = await generateSecret('HS256');
    const token = await new SignJWT({ exp: value, iat: value, nbf: 1 }).setProtectedHeader({ alg: 'HS256' }).sign(key);
    const decoded = decodeToken(token)!;
    expect(decoded.exp).toBeNull();
    expect(decoded.iat).toBeNull();
    expect(decoded.nbf).toBe('1970-01-01T00:00:01.000Z');
  });
});
