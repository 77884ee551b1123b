import { describe, expect, it } from 'vitest';
import { TokenCache } from './tokenCache';

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
