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
