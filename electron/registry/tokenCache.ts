/**
 * Bearer tokens per (realm, service, scope set), reused until shortly before they expire. Concurrent
 * requests for the same key share one token request.
 */
export interface CachedToken {
  token: string;
  /** Epoch milliseconds after which the token must not be used. */
  expiresAt: number;
}

/** Refresh this long before expiry so a token does not lapse in flight. */
const EXPIRY_MARGIN_MS = 5_000;

export class TokenCache {
  private readonly tokens = new Map<string, CachedToken>();
  private readonly pending = new Map<string, Promise<CachedToken>>();

  constructor(private readonly now: () => number = Date.now) {}

  static key(realm: string, service: string, scopes: string[]): string {
    return JSON.stringify([realm, service, [...scopes].sort()]);
  }

  async get(key: string, fetchToken: () => Promise<CachedToken>): Promise<CachedToken> {
    const cached = this.tokens.get(key);
    if (cached && cached.expiresAt - EXPIRY_MARGIN_MS > this.now()) return cached;
    const inFlight = this.pending.get(key);
    if (inFlight) return inFlight;
    const request = fetchToken()
      .then((token) => {
        this.tokens.set(key, token);
        return token;
      })
      .finally(() => this.pending.delete(key));
    this.pending.set(key, request);
    return request;
  }

  invalidate(key: string): void {
    this.tokens.delete(key);
  }
}
